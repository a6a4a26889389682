package io.roster.scim.store;

import static io.roster.scim.store.ContractData.REGISTRY;
import static io.roster.scim.store.ContractData.T0;
import static io.roster.scim.store.ContractData.group;
import static io.roster.scim.store.ContractData.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceAssembler;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Store contract, rule 8: a query's pages, by startIndex or by keyset position, return every match
 * exactly once in one total order, with {@code totalResults} counting every match; a keyset walk stays
 * exact while other units create and delete resources between its pages.
 */
public interface QueryContract extends StoreContract {
    int USERS = 60;
    int PAGE = 7;

    /** Sixty users whose ids, userNames, titles (with ties) and displayNames (some missing) all order differently. */
    private void users() {
        write(w -> {
            for (int i = 0; i < USERS; i++) {
                w.put(user(i));
            }
        });
    }

    private static StoredResource user(int i) {
        JsonObjectBuilder b = JsonSupport.object().add("userName", "user-" + ((i * 37) % 101))
                .add("title", "T" + (i * 7 % 13));
        if (i % 4 != 0) {
            b.add("displayName", (i % 3 == 0 ? "Name " : "name ") + (char) ('a' + i % 26));
        }
        if (i % 5 == 0) {
            b.add("emails", JsonSupport.array().add(JsonSupport.object().add("value", "u" + i + "@example.com")));
        }
        return new StoredResource("User", id("u", i), 1, T0, T0, b.build());
    }

    /** A query as the service makes one: filter and sort checked against each type. */
    private PreparedQuery query(List<String> types, String filter, String sortBy, String sortOrder) {
        Filter f = filter == null ? null : new FilterParser(4096, 32).parse(filter);
        AttributeResolver resolver = new AttributeResolver(REGISTRY);
        List<StoreQuery.Target> targets = new ArrayList<>();
        for (String name : types) {
            ResourceType type = REGISTRY.resourceType(name);
            FilterEvaluator evaluator = new FilterEvaluator(REGISTRY, type);
            if (f != null) {
                evaluator.validate(f);
            }
            targets.add(new StoreQuery.Target(type, evaluator, Sort.parse(resolver, type, sortBy, sortOrder)));
        }
        ResourceAssembler assembler = new ResourceAssembler(REGISTRY);
        RequestContext ctx = RequestContext.system("http://contract/scim/v2");
        StoreQuery q = new StoreQuery(targets, f, types.size() == 1,
                (type, res, reader, groups, members) -> assembler.assemble(type, res, reader, ctx, groups, members));
        return store().prepare(q).orElseThrow(() -> new AssertionError("the store answers queries itself"));
    }

    private static List<String> ids(List<QueryPage.Hit> hits) {
        return hits.stream().map(h -> h.position().id()).toList();
    }

    /** Filters and orders each answered differently by an index backend: seek, in-memory sort, evaluation, scan. */
    List<String[]> SHAPES = List.of(
            new String[] {null, null, null},
            new String[] {null, "userName", null},
            new String[] {null, "userName", "descending"},
            new String[] {null, "title", "descending"},
            new String[] {null, "displayName", null},
            new String[] {null, "displayName", "descending"},
            new String[] {"userName sw \"user-1\"", null, null},
            new String[] {"title eq \"T3\" or displayName pr", "displayName", "descending"},
            new String[] {"emails.value co \"example\"", null, null},
            new String[] {"userName gt \"user-5\" and title ne \"T0\"", "title", null});

    @Test
    default void startIndexPagesTogetherReturnEveryMatchOnceInOneOrderAndCountThemAll() {
        users();
        for (String[] shape : SHAPES) {
            String what = String.join(" / ", java.util.Arrays.stream(shape).map(String::valueOf).toList());
            PreparedQuery q = query(List.of("User"), shape[0], shape[1], shape[2]);
            QueryPage whole = q.page(new Paging.Index(1, 1000));
            List<Row> positions = whole.hits().stream().map(QueryPage.Hit::position).toList();
            List<Row> sorted = new ArrayList<>(positions);
            sorted.sort(q.order().comparator());
            assertEquals(sorted, positions, "in the query's order: " + what);
            assertEquals(whole.hits().size(), whole.total(), what);
            assertEquals(whole.hits().size(), new HashSet<>(ids(whole.hits())).size(), "no match twice: " + what);
            List<String> paged = new ArrayList<>();
            for (int start = 1; start <= whole.total(); start += PAGE) {
                QueryPage page = q.page(new Paging.Index(start, PAGE));
                assertEquals(whole.total(), page.total(), "every page counts every match: " + what);
                paged.addAll(ids(page.hits()));
            }
            assertEquals(ids(whole.hits()), paged, what);
            assertEquals(List.of(), q.page(new Paging.Index(1, 0)).hits(), "count 0 asks only for the total");
            assertEquals(whole.total(), q.page(new Paging.Index(1, 0)).total());
        }
        assertEquals((long) USERS, query(List.of("User"), null, null, null).page(new Paging.Index(1, 5)).total());
    }

    @Test
    default void keysetWalksForwardAndBackwardReturnEveryMatchOnce() {
        users();
        for (String[] shape : SHAPES) {
            String what = String.join(" / ", java.util.Arrays.stream(shape).map(String::valueOf).toList());
            PreparedQuery q = query(List.of("User"), shape[0], shape[1], shape[2]);
            List<String> expected = ids(q.page(new Paging.Index(1, 1000)).hits());

            List<String> forward = new ArrayList<>();
            Row after = null;
            boolean first = true;
            while (true) {
                QueryPage page = q.page(new Paging.After(after, PAGE));
                if (!page.hits().isEmpty()) {
                    assertEquals(!first, page.moreBefore(), "moreBefore: " + what);
                }
                forward.addAll(ids(page.hits()));
                if (!page.moreAfter()) {
                    break;
                }
                after = page.hits().get(page.hits().size() - 1).position();
                first = false;
            }
            assertEquals(expected, forward, "forward: " + what);

            List<String> backward = new ArrayList<>();
            Row before = null;
            while (true) {
                QueryPage page = q.page(new Paging.Before(before, PAGE));
                List<String> chunk = new ArrayList<>(ids(page.hits()));
                Collections.reverse(chunk);
                backward.addAll(chunk);
                if (!page.moreBefore()) {
                    break;
                }
                before = page.hits().get(0).position();
            }
            Collections.reverse(backward);
            assertEquals(expected, backward, "backward: " + what);
        }
    }

    @Test
    default void aKeysetWalkStaysExactWhileResourcesComeAndGo() {
        users();
        PreparedQuery q = query(List.of("User"), null, "userName", null);
        Set<String> deleted = new HashSet<>();
        List<String> seen = new ArrayList<>();
        Row after = null;
        int round = 0;
        while (true) {
            QueryPage page = q.page(new Paging.After(after, PAGE));
            seen.addAll(ids(page.hits()));
            if (!page.moreAfter()) {
                break;
            }
            after = page.hits().get(page.hits().size() - 1).position();
            int n = round++;
            write(w -> {
                // one new resource sorting before the position, one after; one old resource deleted
                w.put(new StoredResource("User", id("new", 2 * n), 1, T0, T0, JsonSupport.object().add("userName", "a-" + n).build()));
                w.put(new StoredResource("User", id("new", 2 * n + 1), 1, T0, T0, JsonSupport.object().add("userName", "z-" + n).build()));
                String victim = id("u", (n * 11) % USERS);
                if (w.delete("User", victim)) {
                    deleted.add(victim);
                }
            });
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no resource twice");
        for (int i = 0; i < USERS; i++) {
            String u = id("u", i);
            if (!deleted.contains(u)) {
                assertTrue(seen.contains(u), u + " existed throughout the walk");
            }
        }
    }

    @Test
    default void aSearchOverSeveralTypesMergesThemInOneOrderAndCountsThemAll() {
        users();
        write(w -> {
            for (int i = 0; i < 10; i++) {
                w.put(group(id("g", i), "group " + i));
            }
        });
        PreparedQuery q = query(List.of("User", "Group"), null, null, null);
        QueryPage whole = q.page(new Paging.Index(1, 1000));
        assertEquals(USERS + 10L, whole.total());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(id("g", i));
        }
        for (int i = 0; i < USERS; i++) {
            expected.add(id("u", i));
        }
        assertEquals(expected, ids(whole.hits()), "by id, which is creation order for server ids");
        assertEquals("Group", whole.hits().get(0).type().name());
        assertEquals("group 0", whole.hits().get(0).resource().attributes().getString("displayName"));
        List<String> paged = new ArrayList<>();
        Row after = null;
        while (true) {
            QueryPage page = q.page(new Paging.After(after, PAGE));
            paged.addAll(ids(page.hits()));
            assertEquals(USERS + 10L, page.total());
            if (!page.moreAfter()) {
                break;
            }
            after = page.hits().get(page.hits().size() - 1).position();
        }
        assertEquals(expected, paged);
    }

    @Test
    default void aFilterOnAMemberFindsItsGroups() {
        users();
        write(w -> {
            w.put(group(id("g", 1), "one"));
            w.put(group(id("g", 2), "two"));
            w.addMember(id("g", 2), new MemberRef(id("u", 3), "User", "user-3"));
        });
        QueryPage page = query(List.of("Group"), "members.value eq \"" + id("u", 3) + "\"", null, null).page(new Paging.Index(1, 10));
        assertEquals(List.of(id("g", 2)), ids(page.hits()));
        assertEquals(1, page.total());
    }
}
