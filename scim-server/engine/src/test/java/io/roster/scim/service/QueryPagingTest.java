package io.roster.scim.service;

import static io.roster.scim.service.QueryTestSupport.GROUP;
import static io.roster.scim.service.QueryTestSupport.USER;
import static io.roster.scim.service.QueryTestSupport.attr;
import static io.roster.scim.service.QueryTestSupport.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sorting, index paging and cursor paging at the service level, over a real store. */
class QueryPagingTest {
    @TempDir
    Path dir;
    private QueryTestSupport s;

    @BeforeEach
    void open() {
        s = new QueryTestSupport(dir);
    }

    @AfterEach
    void close() {
        s.close();
    }

    private String user(String userName, String displayName, String externalId) {
        StringBuilder b = new StringBuilder("{\"userName\": \"" + userName + "\"");
        if (displayName != null) {
            b.append(", \"displayName\": \"").append(displayName).append('"');
        }
        if (externalId != null) {
            b.append(", \"externalId\": \"").append(externalId).append('"');
        }
        return s.createUser(b.append('}').toString());
    }

    private List<String> sorted(String sortBy, String order, String filter) {
        return ids(s.list(USER, new ListRequest(filter, null, null, sortBy, order, null)));
    }

    @Test
    void sortByIndexedStringIsCaseInsensitiveTiesByIdAndMissingValuesLastAscendingFirstDescending() {
        String b = user("u1", "beta", null);
        String missing1 = user("u2", null, null);
        String a = user("u3", "Alpha", null);
        String b2 = user("u4", "BETA", null);
        String missing2 = user("u5", null, null);
        assertEquals(List.of(a, b, b2, missing1, missing2), sorted("displayName", null, null));
        // RFC 7644 section 3.4.2.3: no value sorts "last if ascending and first if descending"; descending
        // is the ascending order reversed, ties and the resources without a value included
        assertEquals(List.of(missing2, missing1, b2, b, a), sorted("displayName", "descending", null),
                "descending reverses values, ties and the missing values, which come first");
        // the same order when a filter forces the in-memory sort
        assertEquals(List.of(a, b, b2, missing1, missing2), sorted("displayName", "ascending", "userName sw \"u\""));
        assertEquals(List.of(missing2, missing1, b2, b, a), sorted("DISPLAYNAME", "Descending", "title pr or userName pr"));
    }

    @Test
    void caseExactAttributesSortByCodePoint() {
        String lower = user("x1", null, "a-ext");
        String upper = user("x2", null, "B-ext");
        String none = user("x3", null, null);
        assertEquals(List.of(upper, lower, none), sorted("externalId", null, null), "externalId is caseExact: 'B' < 'a'");
        assertEquals(List.of(none, lower, upper), sorted("externalId", "descending", null), "no value first when descending");
        assertEquals(List.of(lower, upper, none), sorted("userName", null, null));
    }

    /** Users some of whose displayName, externalId and title are missing, each attribute ordering them differently. */
    private List<String> usersWithGaps(String prefix, int n) {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = s.createUser("{\"userName\": \"" + prefix + String.format("%02d", (i * 7) % n) + "\""
                    + (i % 3 == 1 ? "" : ", \"displayName\": \"Name " + (char) ('a' + (i * 5) % 4) + "\"")
                    + (i % 4 == 2 ? "" : ", \"externalId\": \"ext-" + (i * 3) % n + "\"")
                    + (i % 5 == 0 ? "" : ", \"title\": \"T" + (i % 3) + "\"") + "}");
            made.add(id);
        }
        return made;
    }

    @Test
    void descendingIsTheAscendingOrderReversedWithMissingValuesFirstOnEveryPath() {
        List<String> made = usersWithGaps("gap-", 11);
        // displayName and externalId walk their index (the resources without a value read by id),
        // title is sorted in memory, and a filter answered by the userName index forces the in-memory
        // sort of an indexed attribute
        for (String[] q : new String[][] {{"displayName", null}, {"externalId", null}, {"title", null},
                {"displayName", "userName sw \"gap-\""}, {"title", "userName sw \"gap-\""}}) {
            String what = "sortBy=" + q[0] + " filter=" + q[1];
            List<String> ascending = sorted(q[0], "ascending", q[1]);
            List<String> descending = sorted(q[0], "descending", q[1]);
            assertEquals(new HashSet<>(made), new HashSet<>(ascending), what);
            List<String> reversed = new ArrayList<>(ascending);
            Collections.reverse(reversed);
            assertEquals(reversed, descending, "descending is ascending reversed: " + what);
            List<String> missing = made.stream().filter(id -> attr(s.service.get(USER, id, QueryTestSupport.CTX), q[0]) == null).toList();
            assertFalse(missing.isEmpty(), what);
            List<String> missingDescending = new ArrayList<>(missing);
            Collections.reverse(missingDescending);
            assertEquals(missing, ascending.subList(ascending.size() - missing.size(), ascending.size()),
                    "ascending: no value last, by id: " + what);
            assertEquals(missingDescending, descending.subList(0, missing.size()),
                    "descending: no value first, by id descending: " + what);
            // startIndex pages, one straddling the missing and present values, and the count of every match
            List<String> paged = new ArrayList<>();
            for (int start = 1; start <= made.size(); start += 3) {
                ListResult page = s.list(USER, new ListRequest(q[1], start, 3, q[0], "descending", null));
                assertEquals(made.size(), page.totalResults(), what);
                paged.addAll(ids(page));
            }
            assertEquals(descending, paged, "startIndex pages: " + what);
        }
    }

    @Test
    void aDescendingCursorWalkForwardThenBackIsTheAscendingWalkReversed() {
        List<String> made = usersWithGaps("cur-", 11);
        for (String[] q : new String[][] {{"displayName", null}, {"externalId", null}, {"title", null},
                {"displayName", "userName sw \"cur-\""}}) {
            // displayName: 4 missing, so with pages of 3 the second descending page straddles the boundary
            // and with pages of 5 the first; with 2 none does (the boundary falls between pages)
            for (int count : new int[] {2, 3, 5}) {
                String what = "sortBy=" + q[0] + " filter=" + q[1] + " count=" + count;
                List<String> ascending = walk(q[1], q[0], "ascending", count, null);
                assertEquals(new HashSet<>(made), new HashSet<>(ascending), what);
                assertEquals(made.size(), ascending.size(), "each once: " + what);

                List<List<String>> forward = new ArrayList<>();
                String cursor = "";
                String lastPrevious = null;
                while (cursor != null) {
                    ListResult r = s.list(USER, new ListRequest(q[1], null, count, q[0], "descending", cursor));
                    assertEquals(made.size(), r.totalResults(), what);
                    forward.add(ids(r));
                    lastPrevious = r.previousCursor();
                    cursor = r.nextCursor();
                }
                List<String> descending = forward.stream().flatMap(List::stream).toList();
                List<String> reversed = new ArrayList<>(ascending);
                Collections.reverse(reversed);
                assertEquals(reversed, descending, "the descending walk is the ascending one reversed: " + what);

                List<List<String>> backward = new ArrayList<>();
                String back = lastPrevious;
                while (back != null) {
                    ListResult r = s.list(USER, new ListRequest(q[1], null, count, q[0], "descending", back));
                    assertEquals(made.size(), r.totalResults(), what);
                    assertNotNull(r.nextCursor(), "a page reached backwards has a next page: " + what);
                    backward.add(0, ids(r));
                    back = r.previousCursor();
                }
                backward.add(forward.get(forward.size() - 1));
                assertEquals(forward, backward, "previousCursor returns through the same pages: " + what);
            }
        }
    }

    @Test
    void sortFollowsTheAttributeTypeAndMultiValuedAttributesSortByTheirPrimaryValue() {
        String late = s.createUser("{\"userName\": \"t1\", \"active\": true, \"emails\": [{\"value\": \"z@x\"}, {\"value\": \"a@x\", \"primary\": true}]}");
        s.clock.advance(Duration.ofSeconds(5));
        String early = s.createUser("{\"userName\": \"t2\", \"active\": false, \"emails\": [{\"value\": \"m@x\"}]}");
        s.clock.advance(Duration.ofSeconds(5));
        String none = s.createUser("{\"userName\": \"t3\"}");
        assertEquals(List.of(early, late, none), sorted("active", null, null), "false before true, absent last");
        assertEquals(List.of(none, late, early), sorted("active", "descending", null), "absent first when descending");
        assertEquals(List.of(late, early, none), sorted("emails", null, null), "primary a@x before first m@x");
        assertEquals(List.of(late, early, none), sorted("emails.value", null, null));
        assertEquals(List.of(none, early, late), sorted("meta.created", "descending", null), "instants");
        ScimException e = assertThrows(ScimException.class, () -> sorted("name", null, null));
        assertEquals(ScimType.INVALID_VALUE, e.scimType());
        assertThrows(ScimException.class, () -> sorted("userName", "upwards", null));
        assertEquals(List.of(late, early, none), sorted("noSuchAttribute", null, null), "unknown: nobody has a value, id order");
    }

    @Test
    void indexPagingIsOneBasedClampedAndCountsEveryMatch() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(user(String.format("p%02d", i), String.format("P %02d", 11 - i), null));
        }
        ListResult page = s.list(USER, new ListRequest("userName sw \"p\"", 3, 4, "userName", null, null));
        assertEquals(12, page.totalResults());
        assertEquals(3, page.startIndex());
        assertEquals(all.subList(2, 6), ids(page));
        ListResult clamped = s.list(USER, new ListRequest(null, -5, 100_000));
        assertEquals(1, clamped.startIndex());
        assertEquals(all, ids(clamped));
        ListResult countOnly = s.list(USER, new ListRequest("displayName sw \"p\"", null, 0));
        assertEquals(12, countOnly.totalResults());
        assertTrue(countOnly.resources().isEmpty());
        ListResult beyond = s.list(USER, new ListRequest(null, 50, 10));
        assertEquals(12, beyond.totalResults());
        assertTrue(beyond.resources().isEmpty());
        // a deep page of an index-sorted listing
        List<String> byDisplay = new ArrayList<>(all);
        Collections.reverse(byDisplay);
        assertEquals(byDisplay.subList(10, 12), ids(s.list(USER, new ListRequest(null, 11, 5, "displayName", null, null))));
    }

    /** Walks forward by nextCursor and returns the ids in the order seen. */
    private List<String> walk(String filter, String sortBy, String order, int count, Runnable betweenPages) {
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        while (cursor != null) {
            ListResult r = s.list(USER, new ListRequest(filter, null, count, sortBy, order, cursor));
            assertNull(r.startIndex());
            if (pages == 0) {
                assertNull(r.previousCursor(), "no previousCursor on the first page (RFC 9865)");
            }
            seen.addAll(ids(r));
            cursor = r.nextCursor();
            pages++;
            if (betweenPages != null) {
                betweenPages.run();
            }
            assertTrue(pages < 1000);
        }
        return seen;
    }

    @Test
    void aCursorWalkReturnsEveryUserExactlyOnceWhileUsersAreCreatedAndDeleted() {
        int round = 0;
        for (String[] mode : new String[][] {{null, null, null}, {"userName", null, null}, {"displayName", "descending", null},
                {null, null, "userName sw \"w\""}, {"title", null, null}, {"displayName", null, "userName sw \"w\""}}) {
            String label = "w" + round++;
            List<String> stable = new ArrayList<>();
            List<String> doomed = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = user(label + "-" + String.format("%03d", (i * 37) % 40),
                        i % 5 == 0 ? null : "D" + (i % 9), null);
                (i % 4 == 1 ? doomed : stable).add(id);
            }
            int[] tick = {0};
            List<String> created = new ArrayList<>();
            List<String> seen = walk(mode[2], mode[0], mode[1], 7, () -> {
                int t = tick[0]++;
                if (t < doomed.size()) {
                    s.service.delete(USER, doomed.get(t), Precondition.NONE, RequestContext.system("http://localhost/scim/v2"));
                }
                created.add(user(label + "-new" + t, "D" + (t % 9), null));
            });
            Set<String> unique = new HashSet<>(seen);
            String desc = label + " sortBy=" + mode[0] + " " + mode[1] + " filter=" + mode[2];
            assertEquals(seen.size(), unique.size(), "no resource twice: " + desc);
            assertTrue(unique.containsAll(stable), "every resource that existed throughout was returned: " + desc);
            for (String id : unique) {
                assertTrue(stable.contains(id) || doomed.contains(id) || created.contains(id));
            }
            // clean up for the next mode
            for (String id : stable) {
                s.service.delete(USER, id, Precondition.NONE, RequestContext.system("http://localhost/scim/v2"));
            }
            for (String id : created) {
                s.service.delete(USER, id, Precondition.NONE, RequestContext.system("http://localhost/scim/v2"));
            }
            for (String id : doomed) {
                try {
                    s.service.delete(USER, id, Precondition.NONE, RequestContext.system("http://localhost/scim/v2"));
                } catch (ScimException gone) {
                    assertEquals(404, gone.status());
                }
            }
        }
    }

    @Test
    void previousCursorWalksBackThroughTheSamePages() {
        for (String sortBy : new String[] {null, "displayName", "title"}) {
            List<String> made = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                made.add(user("back-" + sortBy + i, i % 3 == 0 ? null : "N" + (i % 4), null));
            }
            List<List<String>> forward = new ArrayList<>();
            List<ListResult> results = new ArrayList<>();
            String cursor = "";
            while (cursor != null) {
                ListResult r = s.list(USER, new ListRequest(null, null, 3, sortBy, null, cursor));
                forward.add(ids(r));
                results.add(r);
                cursor = r.nextCursor();
            }
            assertEquals(4, forward.size(), "10 users in pages of 3");
            ListResult last = results.get(results.size() - 1);
            List<List<String>> backward = new ArrayList<>();
            String back = last.previousCursor();
            while (back != null) {
                ListResult r = s.list(USER, new ListRequest(null, null, 3, sortBy, null, back));
                backward.add(0, ids(r));
                back = r.previousCursor();
                assertNotNull(r.nextCursor(), "a page reached backwards has a next page");
            }
            assertEquals(forward.subList(0, forward.size() - 1), backward, "sortBy " + sortBy);
            for (String id : made) {
                s.service.delete(USER, id, Precondition.NONE, RequestContext.system("http://localhost/scim/v2"));
            }
        }
    }

    @Test
    void cursorsAreSealedBoundToTheirQueryAndExpire() {
        for (int i = 0; i < 5; i++) {
            user("c" + i, "C", null);
        }
        ListResult first = s.list(USER, new ListRequest(null, null, 2, "userName", null, ""));
        String next = first.nextCursor();
        assertNotNull(next);
        assertTrue(next.matches("[A-Za-z0-9._~-]+"), "RFC 3986 unreserved characters only: " + next);
        Map<String, String> broken = new HashMap<>();
        broken.put("garbage", "not-a-cursor");
        broken.put("tampered", next.substring(0, 10) + (next.charAt(10) == 'A' ? 'B' : 'A') + next.substring(11));
        broken.put("truncated", next.substring(0, next.length() - 3));
        for (Map.Entry<String, String> e : broken.entrySet()) {
            ScimException x = assertThrows(ScimException.class,
                    () -> s.list(USER, new ListRequest(null, null, 2, "userName", null, e.getValue())), e.getKey());
            assertEquals(ScimType.INVALID_CURSOR, x.scimType(), e.getKey());
            assertEquals(400, x.status());
        }
        ScimException other = assertThrows(ScimException.class,
                () -> s.list(USER, new ListRequest(null, null, 2, "displayName", null, next)));
        assertEquals(ScimType.INVALID_CURSOR, other.scimType(), "a cursor of another query");
        ScimException both = assertThrows(ScimException.class,
                () -> s.list(USER, new ListRequest(null, 1, 2, "userName", null, next)));
        assertEquals(ScimType.INVALID_VALUE, both.scimType());
        assertEquals(2, s.list(USER, new ListRequest(null, null, 2, "userName", null, next)).resources().size());
        s.clock.advance(Duration.ofSeconds(ResourceService.CURSOR_TIMEOUT_SECONDS + 1));
        ScimException expired = assertThrows(ScimException.class,
                () -> s.list(USER, new ListRequest(null, null, 2, "userName", null, next)));
        assertEquals(ScimType.EXPIRED_CURSOR, expired.scimType());
        assertEquals(400, expired.status());
    }

    @Test
    void sortingOrFilteringByANeverReturnedAttributeIsRefusedEverywhere() {
        s.createUser("{\"userName\": \"pw-a\", \"password\": \"Secret-1\"}");
        s.createUser("{\"userName\": \"pw-b\", \"password\": \"Secret-2\"}");
        for (String sortBy : List.of("password", "PASSWORD", "urn:ietf:params:scim:schemas:core:2.0:User:password")) {
            for (String cursor : new String[] {null, ""}) {
                ScimException list = assertThrows(ScimException.class,
                        () -> s.list(USER, new ListRequest(null, null, 1, sortBy, null, cursor)), sortBy);
                assertEquals(ScimType.INVALID_VALUE, list.scimType(), sortBy);
                assertTrue(list.detail().contains("never returned"), list.detail());
                ScimException root = assertThrows(ScimException.class,
                        () -> s.service.search(new ListRequest(null, null, 1, sortBy, null, cursor), QueryTestSupport.CTX), sortBy);
                assertEquals(ScimType.INVALID_VALUE, root.scimType(), sortBy);
            }
        }
        for (String filter : List.of("password pr", "password sw \"$\"", "not (password eq \"Secret-1\")")) {
            ScimException f = assertThrows(ScimException.class, () -> s.list(USER, new ListRequest(filter, null, null, null, null, null)));
            assertEquals(ScimType.INVALID_FILTER, f.scimType(), filter);
            ScimException root = assertThrows(ScimException.class,
                    () -> s.service.search(new ListRequest(filter, null, null, null, null, null), QueryTestSupport.CTX));
            assertEquals(ScimType.INVALID_FILTER, root.scimType(), filter);
        }
    }

    @Test
    void rootSearchMergesEveryTypeInOneOrder() {
        String u1 = user("root-a", "Zeta", null);
        String g1 = s.createGroup("{\"displayName\": \"Middle\"}");
        String u2 = user("root-b", "Alpha", null);
        String u3 = user("root-c", null, null);
        ListResult byId = s.service.search(new ListRequest("displayName pr", null, null), QueryTestSupport.CTX);
        assertEquals(List.of(u1, g1, u2), ids(byId), "creation order across types");
        ListResult sorted = s.service.search(new ListRequest("displayName pr", 2, 1, "displayName", null, null), QueryTestSupport.CTX);
        assertEquals(3, sorted.totalResults());
        assertEquals(List.of(g1), ids(sorted));
        List<String> walked = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            ListResult r = s.service.search(new ListRequest(null, null, 2, "displayName", "descending", cursor), QueryTestSupport.CTX);
            walked.addAll(ids(r));
            cursor = r.nextCursor();
        }
        assertEquals(List.of(u3, u1, g1, u2), walked, "the user without a displayName first when descending");
        assertEquals(List.of(u2, g1, u1, u3), ids(s.service.search(new ListRequest(null, null, null, "displayName", null, null),
                QueryTestSupport.CTX)), "and last when ascending");
        assertEquals("Zeta", attr(s.service.get(USER, u1, QueryTestSupport.CTX), "displayName"));
        assertFalse(s.service.search(new ListRequest("members.value eq \"" + u1 + "\"", null, null), QueryTestSupport.CTX)
                .resources().stream().anyMatch(r -> r.type() == GROUP));
    }
}
