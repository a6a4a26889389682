package io.roster.scim.service;

import static io.roster.scim.service.QueryTestSupport.REGISTRY;
import static io.roster.scim.service.QueryTestSupport.USER;
import static io.roster.scim.service.QueryTestSupport.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.StoreConfig;
import io.roster.scim.store.StoreProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * externalId is not unique (RFC 7643 section 3.1), stays indexed, and a data directory written when
 * Roster kept it unique is moved to the non-unique index when it is opened.
 */
class SharedExternalIdTest {

    @TempDir
    Path dir;

    /** The index definitions of the Roster versions that kept externalId unique. */
    private static List<IndexDefinition> uniqueExternalIdIndexes() {
        return IndexCatalogue.of(REGISTRY).stream()
                .map(d -> d.name().equals("externalId")
                        ? new IndexDefinition(d.type(), d.name(), true, d.caseExact(), d.multiValued(), d.extractor())
                        : d)
                .toList();
    }

    private static String body(String userName, String externalId) {
        return "{\"userName\": \"" + userName + "\", \"externalId\": \"" + externalId + "\"}";
    }

    @Test
    void externalIdIsIndexedButNotUnique() {
        assertTrue(IndexCatalogue.of(REGISTRY).stream()
                .filter(d -> d.name().equals("externalId"))
                .allMatch(d -> !d.unique() && d.caseExact()), "one non-unique, caseExact externalId index per type");
    }

    @Test
    void aStoreWithAUniqueExternalIdIndexIsMigratedAndThenAnswersEveryHolder() {
        String first;
        try (QueryTestSupport old = new QueryTestSupport(StoreProvider.openStore(StoreConfig.of(dir, REGISTRY, uniqueExternalIdIndexes())))) {
            first = old.createUser(body("first", "ext-1"));
            old.createUser(body("other", "ext-2"));
            ScimException e = assertThrows(ScimException.class, () -> old.createUser(body("second", "ext-1")));
            assertEquals(409, e.status(), "what the older definition did");
        }
        try (QueryTestSupport s = new QueryTestSupport(dir)) {
            assertEquals(List.of(first), ids(s.list(USER, new ListRequest("externalId eq \"ext-1\"", null, null))));
            List<String> holders = new ArrayList<>(List.of(first));
            holders.add(s.createUser(body("second", "ext-1")));
            holders.add(s.createUser(body("third", "ext-1")));

            ListResult all = s.list(USER, new ListRequest("externalId eq \"ext-1\"", null, null));
            assertEquals(3, all.totalResults());
            assertEquals(holders, ids(all), "ties on one value come in id (creation) order");
            assertEquals(List.of(), ids(s.list(USER, new ListRequest("externalId eq \"EXT-1\"", null, null))),
                    "externalId is caseExact");

            List<String> paged = new ArrayList<>();
            for (int start = 1; start <= 3; start++) {
                ListResult page = s.list(USER, new ListRequest("externalId eq \"ext-1\"", start, 1));
                assertEquals(3, page.totalResults());
                paged.addAll(ids(page));
            }
            assertEquals(holders, paged);

            List<String> walked = new ArrayList<>();
            String cursor = "";
            while (cursor != null) {
                ListResult page = s.list(USER, new ListRequest("externalId eq \"ext-1\"", null, 2, null, null, cursor));
                assertEquals(3, page.totalResults());
                walked.addAll(ids(page));
                cursor = page.nextCursor();
            }
            assertEquals(holders, walked);

            List<String> byExternalId = ids(s.list(USER, new ListRequest("externalId pr", null, null, "externalId", null, null)));
            assertEquals(4, byExternalId.size());
            assertEquals(holders, byExternalId.subList(0, 3), "sorting walks the index: ties by id, \"ext-1\" before \"ext-2\"");
        }
    }
}
