package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.filter.FilterParser;
import io.roster.scim.query.Candidates;
import io.roster.scim.query.QueryPlan;
import io.roster.scim.query.QueryPlanner;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.RosterPlugin;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PluginContext.addIndex: a plugin's index on a sub-attribute of its own type's single-valued complex
 * attribute, and on a multi-valued extension attribute of User, answers filters exactly from the index
 * (value filters included); ResourceWriter.delete removes a plugin's resource and its index entries.
 */
class PluginIndexTest {
    static final String TAGS = "urn:example:params:scim:schemas:extension:tags:2.0:User";

    @TempDir
    Path dir;

    static final class IndexingPlugin implements RosterPlugin {
        PluginRuntime runtime;

        @Override
        public String id() {
            return "test.indexing";
        }

        @Override
        public void register(PluginContext context) {
            context.addSchemas(PluginIndexTest.class, "indexed-schemas.json")
                    .addResourceTypes(PluginIndexTest.class, "indexed-types.json")
                    .addExtension("User", TAGS, false)
                    .addIndex("Badge", "holder.value")
                    .addIndex("User", TAGS + ":tags.name");
        }

        @Override
        public void start(PluginRuntime started) {
            this.runtime = started;
        }
    }

    private static String user(String name, String... tags) {
        StringBuilder t = new StringBuilder();
        for (String tag : tags) {
            t.append(t.isEmpty() ? "" : ",").append("{\"name\":\"").append(tag).append("\"}");
        }
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"" + TAGS + "\"],\"userName\":\"" + name
                + "\",\"" + TAGS + "\":{\"tags\":[" + t + "]}}";
    }

    private static List<String> ids(ListResult r) {
        return r.resources().stream().map(ResourceSnapshot::id).sorted().toList();
    }

    @Test
    void declaredIndexesAnswerFiltersExactlyAndPluginDeletesDropEntries() {
        IndexingPlugin plugin = new IndexingPlugin();
        try (HookedService s = new HookedService(dir, plugin)) {
            s.hooks.start(s.store);
            String a = s.create("User", user("a", "red", "blue"));
            String b = s.create("User", user("b", "blue"));
            s.create("User", user("c", "Red"));
            String badge = s.create("Badge", "{\"schemas\":[\"urn:example:params:scim:schemas:core:2.0:Badge\"],\"holder\":{\"value\":\"X1\"}}");

            QueryPlanner planner = new QueryPlanner(s.registry, IndexCatalogue.of(s.registry));
            QueryPlan byTag = planner.plan(s.type("User"), new FilterParser(4096, 32).parse(TAGS + ":tags[name eq \"red\"]"));
            assertTrue(byTag.candidates() instanceof Candidates.Range && byTag.exact(), byTag.describe());
            QueryPlan byHolder = planner.plan(s.type("Badge"), new FilterParser(4096, 32).parse("holder.value eq \"x1\""));
            assertTrue(byHolder.candidates() instanceof Candidates.Range && byHolder.exact(), byHolder.describe());

            // tags.name is caseExact: "Red" is another tag; holder.value is not
            assertEquals(List.of(a), ids(s.service.list(s.type("User"), new ListRequest(TAGS + ":tags[name eq \"red\"]", null, null),
                    HookedService.CTX)));
            assertEquals(List.of(a, b).stream().sorted().toList(), ids(s.service.list(s.type("User"),
                    new ListRequest(TAGS + ":tags.name eq \"blue\"", null, null), HookedService.CTX)));
            assertEquals(List.of(badge), ids(s.service.list(s.type("Badge"), new ListRequest("holder.value eq \"x1\"", null, null),
                    HookedService.CTX)));

            s.patch("User", a, "[{\"op\":\"remove\",\"path\":\"" + TAGS + ":tags[name eq \\\"blue\\\"]\"}]");
            assertEquals(List.of(b), ids(s.service.list(s.type("User"), new ListRequest(TAGS + ":tags.name eq \"blue\"", null, null),
                    HookedService.CTX)));

            boolean first = plugin.runtime.write(ctx -> ctx.resources().delete("Badge", badge));
            boolean second = plugin.runtime.write(ctx -> ctx.resources().delete("Badge", badge));
            assertTrue(first);
            assertFalse(second, "a second delete finds nothing");
            assertNull(s.store.read(r -> r.get("Badge", badge)));
            assertEquals(0, s.service.list(s.type("Badge"), new ListRequest("holder.value eq \"x1\"", null, null),
                    HookedService.CTX).totalResults());
            assertThrows(IllegalStateException.class, () -> plugin.runtime.write(ctx -> ctx.resources().delete("User", b)));
        }
    }

    static final class BadIndexPlugin implements RosterPlugin {
        @Override
        public String id() {
            return "test.bad-index";
        }

        @Override
        public void register(PluginContext context) {
            context.addIndex("User", "name"); // complex, not a string: nothing to index
        }
    }

    @Test
    void anIndexOnWhatIsNotAStringStopsTheStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new HookedService(dir, new BadIndexPlugin()).close());
        assertTrue(e.getMessage().contains("cannot index name of User"), e.getMessage());
    }
}
