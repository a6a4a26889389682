package io.roster.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserFactoryTest {

    private final UserFactory users = new UserFactory("load", "abc123");

    @Test
    void userNamesCarryPrefixRunIdAndNumber() {
        assertEquals("load-abc123-42@example.com", users.userName(42));
    }

    @Test
    void bodyLooksLikeAnEntraCreate() {
        UUID ext = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        String body = users.createBody(7, ext);
        assertEquals("load-abc123-7@example.com", Json.stringField(body, "userName").orElseThrow());
        assertEquals(ext.toString(), Json.stringField(body, "externalId").orElseThrow());
        assertTrue(body.contains("\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\","
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"]"), body);
        assertTrue(body.contains("\"active\":true"), body);
        assertTrue(body.contains("\"emails\":[{\"type\":\"work\",\"value\":\"load-abc123-7@example.com\",\"primary\":true}]"), body);
        String given = Json.stringField(body.substring(body.indexOf("\"name\":") + 7), "givenName").orElseThrow();
        assertTrue(Json.stringField(body, "displayName").orElseThrow().startsWith(given + " "), body);
        assertEquals(List.of("load-abc123-7@example.com"), Json.stringsInArray(body, "emails", "value"));
        String enterprise = body.substring(body.indexOf("\"" + UserFactory.ENTERPRISE_SCHEMA + "\":{") + UserFactory.ENTERPRISE_SCHEMA.length() + 3);
        assertTrue(UserFactory.DEPARTMENTS.contains(Json.stringField(enterprise, "department").orElseThrow()), body);
        assertEquals("100007", Json.stringField(enterprise, "employeeNumber").orElseThrow());
    }

    @Test
    void twentyDepartmentsAllUsed() {
        assertEquals(20, new HashSet<>(UserFactory.DEPARTMENTS).size());
        Set<String> seen = new HashSet<>();
        for (long n = 1; n <= 20; n++) {
            String body = users.createBody(n);
            int at = body.indexOf("\"department\":");
            seen.add(body.substring(at + 14, body.indexOf('"', at + 14)));
        }
        assertEquals(Set.copyOf(UserFactory.DEPARTMENTS), seen);
    }

    @Test
    void numbersAndRunIdsDoNotRepeat() {
        assertEquals(1, users.nextNumber());
        assertEquals(2, users.nextNumber());
        assertNotEquals(users.createBody(1), users.createBody(1)); // fresh externalId each time
        String id = UserFactory.newRunId();
        assertTrue(id.matches("[0-9a-z]{10}"), id);
    }
}
