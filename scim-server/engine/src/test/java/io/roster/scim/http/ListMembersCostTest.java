package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.Projection;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.IndexCatalogue;
import io.roster.scim.service.ListRequest;
import io.roster.scim.service.ListResult;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceService;
import io.roster.scim.service.ServiceSettings;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreConfig;
import io.roster.scim.store.StoreProvider;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entra's GET /Groups?excludedAttributes=members&filter=displayName eq "x" never reads a member. */
class ListMembersCostTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();

    /** Counts every members() read made through any reader the store hands out. */
    private static final class CountingStore implements ResourceStore {
        final ResourceStore inner;
        final AtomicInteger memberReads = new AtomicInteger();

        CountingStore(ResourceStore inner) {
            this.inner = inner;
        }

        @Override
        public <T> T read(Function<StoreReader, T> work) {
            return inner.read(r -> work.apply((StoreReader) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {StoreReader.class}, (proxy, method, args) -> {
                        if (method.getName().equals("members") || method.getName().equals("memberCount")) {
                            memberReads.incrementAndGet();
                        }
                        try {
                            return method.invoke(r, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    })));
        }

        @Override
        public <T> T write(StoreWork<T> work) {
            return inner.write(work);
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<T> submit(StoreWork<T> work) {
            return inner.submit(work);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @TempDir
    Path dir;

    @Test
    void excludingMembersReadsNoMembershipEntries() throws IOException {
        CountingStore store = new CountingStore(StoreProvider.openStore(StoreConfig.of(dir, REGISTRY, IndexCatalogue.of(REGISTRY))));
        try {
            ResourceService service = new ResourceService(REGISTRY, store, ServiceSettings.defaults(), Clock.systemUTC());
            RequestContext ctx = RequestContext.system("http://x/scim/v2");
            ResourceType user = REGISTRY.resourceType("User");
            ResourceType group = REGISTRY.resourceType("Group");
            String u = service.create(user, JsonSupport.parseTrusted("{\"userName\": \"m1\"}"), ctx).id();
            service.create(group, JsonSupport.parseTrusted("{\"displayName\": \"Costly\", \"members\": [{\"value\": \"" + u + "\"}]}"), ctx);
            ResponseBodies bodies = new ResponseBodies(service);

            store.memberReads.set(0);
            ListResult result = service.list(group, new ListRequest("displayName eq \"Costly\"", null, null), ctx);
            String excluded = write(bodies, result, Projection.of(REGISTRY, group, null, "members"), ctx);
            assertEquals(0, store.memberReads.get(), "no membership entry read");
            assertFalse(excluded.contains(u));
            assertTrue(excluded.contains("\"displayName\":\"Costly\""));

            String full = write(bodies, result, Projection.defaults(REGISTRY, group), ctx);
            assertTrue(store.memberReads.get() > 0);
            assertTrue(full.contains(u), "members are streamed when asked for");
        } finally {
            store.close();
        }
    }

    private static String write(ResponseBodies bodies, ListResult result, Projection p, RequestContext ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bodies.list(result, t -> p, ctx).write(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
