package io.roster.scim.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.IndexCatalogue;
import io.roster.scim.service.ResourceAssembler;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceAssembler;
import io.roster.scim.service.ResourceService;
import io.roster.scim.store.Paging;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.Row;
import io.roster.scim.store.Sort;
import io.roster.scim.store.StoreConfig;
import io.roster.scim.store.StoreProvider;
import io.roster.scim.store.StoredResource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The limit on in-memory sorts: beyond the window an index page is refused with tooMany, cursors still work. */
class QueryExecutorTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    private static final ResourceType USER = REGISTRY.resourceType("User");

    @TempDir
    Path dir;
    private ResourceStore store;
    private QueryExecutor executor;
    private QueryPlanner planner;

    @BeforeEach
    void open() {
        store = StoreProvider.openStore(StoreConfig.of(dir, REGISTRY, IndexCatalogue.of(REGISTRY)));
        planner = new QueryPlanner(REGISTRY, IndexCatalogue.of(REGISTRY));
        ResourceAssembler assembler = new ResourceAssembler(REGISTRY);
        RequestContext ctx = RequestContext.system("http://x/scim/v2");
        executor = new QueryExecutor(store, planner, (t, r, reader, g, m) -> assembler.assemble(t, r, reader, ctx, g, m), 5);
        store.write(w -> {
            Instant now = Instant.parse("2025-01-01T00:00:00Z");
            for (int i = 0; i < 20; i++) {
                w.put(new StoredResource("User", String.format("id-%02d", i), 1, now, now, JsonSupport.object()
                        .add("userName", "u" + i).add("title", "T" + (19 - i)).build()));
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private QueryExecutor.Query byTitle() {
        return new QueryExecutor.Query(USER, planner.plan(USER, null), null, new FilterEvaluator(REGISTRY, USER),
                Sort.parse(new AttributeResolver(REGISTRY), USER, "title", null));
    }

    @Test
    void anInMemorySortPastTheWindowIsTooMany() {
        QueryExecutor.Query q = byTitle();
        Page within = executor.execute(q, q.sort(), new Paging.Index(2, 3));
        assertEquals(20, within.total());
        assertEquals(List.of("id-18", "id-09", "id-08"), within.rows().stream().map(Row::id).toList(), "T1, T10, T11");
        ScimException e = assertThrows(ScimException.class, () -> executor.execute(q, q.sort(), new Paging.Index(4, 3)));
        assertEquals(ScimType.TOO_MANY, e.scimType());
        assertEquals(400, e.status());
        // cursors need only the page, however deep
        Page first = executor.execute(q, q.sort(), new Paging.After(null, 4));
        Page deeper = executor.execute(q, q.sort(), new Paging.After(first.rows().get(3), 4));
        assertEquals(List.of("id-07", "id-06", "id-05", "id-04"), deeper.rows().stream().map(Row::id).toList());
        // an index-served sort seeks without any window
        QueryExecutor.Query byUserName = new QueryExecutor.Query(USER, planner.plan(USER, null), null,
                new FilterEvaluator(REGISTRY, USER), Sort.parse(new AttributeResolver(REGISTRY), USER, "userName", null));
        assertEquals(List.of("id-08", "id-09"), executor.execute(byUserName, byUserName.sort(), new Paging.Index(19, 5))
                .rows().stream().map(Row::id).toList());
    }
}
