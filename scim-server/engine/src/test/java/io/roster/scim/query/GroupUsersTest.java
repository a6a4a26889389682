package io.roster.scim.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.IndexCatalogue;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceAssembler;
import io.roster.scim.store.MemberRef;
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
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A User's {@code groups.value eq} is answered from the group's members (nested groups included, a cycle
 * walked once) rather than by scanning every user, with exactly the users a scan would find; beyond the
 * cap the query scans as before.
 */
class GroupUsersTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final FilterParser FILTERS = new FilterParser(4096, 32);

    @TempDir
    Path dir;
    private ResourceStore store;
    private QueryPlanner planner;
    private QueryExecutor executor;

    @BeforeEach
    void open() {
        store = StoreProvider.openStore(StoreConfig.of(dir, REGISTRY, IndexCatalogue.of(REGISTRY)));
        planner = new QueryPlanner(REGISTRY, IndexCatalogue.of(REGISTRY));
        ResourceAssembler assembler = new ResourceAssembler(REGISTRY);
        RequestContext ctx = RequestContext.system("http://x/scim/v2");
        executor = new QueryExecutor(store, planner, (t, r, reader, g, m) -> assembler.assemble(t, r, reader, ctx, g, m), 1000);
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        store.write(w -> {
            for (int i = 0; i < 10; i++) {
                w.put(new StoredResource("User", "u" + i, 1, now, now, JsonSupport.object().add("userName", "user" + i).build()));
            }
            for (String g : List.of("outer", "inner", "other")) {
                w.put(new StoredResource("Group", g, 1, now, now, JsonSupport.object().add("displayName", g).build()));
            }
            // outer: u1, u2 and inner; inner: u3, u4 and (a cycle) outer; other: u5, u1
            w.addMember("outer", new MemberRef("u1", "User", "user1"));
            w.addMember("outer", new MemberRef("u2", "User", "user2"));
            w.addMember("outer", new MemberRef("inner", "Group", "inner"));
            w.addMember("inner", new MemberRef("u3", "User", "user3"));
            w.addMember("inner", new MemberRef("u4", "User", "user4"));
            w.addMember("inner", new MemberRef("outer", "Group", "outer"));
            w.addMember("other", new MemberRef("u5", "User", "user5"));
            w.addMember("other", new MemberRef("u1", "User", "user1"));
            return null;
        });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<String> ids(String filter) {
        Filter f = FILTERS.parse(filter);
        QueryExecutor.Query q = new QueryExecutor.Query(USER, planner.plan(USER, f), f, new FilterEvaluator(REGISTRY, USER),
                Sort.parse(new io.roster.scim.schema.AttributeResolver(REGISTRY), USER, null, null));
        return executor.execute(q, q.sort(), new Paging.After(null, 100)).rows().stream().map(Row::id).toList();
    }

    @Test
    void aGroupsUsersAreItsMembersAndItsNestedGroupsMembersEachOnce() {
        assertEquals(Set.of("u1", "u2", "u3", "u4"), store.read(r -> GroupUsers.of(r, "outer", 100)));
        assertEquals(Set.of("u1", "u2", "u3", "u4"), store.read(r -> GroupUsers.of(r, "inner", 100)), "the cycle leads back to outer");
        assertEquals(Set.of(), store.read(r -> GroupUsers.of(r, "missing", 100)));
        assertNull(store.read(r -> GroupUsers.of(r, "outer", 3)), "more than the cap: the caller scans");
    }

    @Test
    void theFilterIsPlannedAsALookupAndFindsWhatAScanFinds() {
        QueryPlan plan = planner.plan(USER, FILTERS.parse("groups.value eq \"OUTER\""));
        assertTrue(plan.candidates() instanceof Candidates.Lookup, plan.candidates().describe());
        assertTrue(plan.exact());
        assertEquals(List.of("u1", "u2", "u3", "u4"), ids("groups.value eq \"outer\""));
        assertEquals(List.of("u1", "u5"), ids("groups eq \"other\""));
        assertEquals(List.of("u1"), ids("groups.value eq \"outer\" and groups.value eq \"other\""));
        assertEquals(List.of("u1", "u2", "u3", "u4", "u5"), ids("groups.value eq \"outer\" or groups.value eq \"other\""));
        assertEquals(List.of("u1"), ids("groups.value eq \"other\" and userName sw \"user1\""));
        assertEquals(List.of(), ids("groups.value eq \"missing\""));
    }
}
