package io.roster.loadgen;

import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the users the load generator creates. Bodies look like what Microsoft Entra ID sends when
 * it provisions a user (core + enterprise schema, externalId, work email, department), so the
 * server does the same parsing, validation and indexing work as in production.
 */
final class UserFactory {

    static final String CORE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    static final List<String> DEPARTMENTS = List.of(
            "Engineering", "Sales", "Marketing", "Finance", "Human Resources",
            "Legal", "Operations", "Customer Support", "Product Management", "Research",
            "IT", "Procurement", "Facilities", "Security", "Quality Assurance",
            "Design", "Data Science", "Business Development", "Communications", "Administration");

    private static final List<String> GIVEN_NAMES = List.of(
            "Ada", "Ben", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
            "Kemi", "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sven", "Tariq");

    private static final List<String> FAMILY_NAMES = List.of(
            "Andersen", "Baptiste", "Chen", "Dubois", "Eriksson", "Fernandes", "Garcia", "Haddad",
            "Ivanova", "Jensen", "Kowalski", "Lopez", "Murphy", "Nakamura", "Okafor", "Patel",
            "Rossi", "Schmidt", "Tanaka", "Walsh");

    private final String prefix;
    private final String runId;
    // shared by every worker and phase of a run (population top-up, then creates) so n never repeats
    private final AtomicLong nextNumber = new AtomicLong(1);

    UserFactory(String prefix, String runId) {
        this.prefix = prefix;
        this.runId = runId;
    }

    /**
     * A short id unique to this run (time-ordered base 36, plus two random chars in case two runs
     * start in the same millisecond), so rerunning never collides with users seeded earlier.
     */
    static String newRunId() {
        String random = Integer.toString(new SecureRandom().nextInt(36 * 36), 36);
        return Long.toString(System.currentTimeMillis(), 36) + (random.length() == 1 ? "0" + random : random);
    }

    String runId() {
        return runId;
    }

    /** The next unused user number of this run, starting at 1; safe to call from any thread. */
    long nextNumber() {
        return nextNumber.getAndIncrement();
    }

    String userName(long n) {
        return prefix + "-" + runId + "-" + n + "@example.com";
    }

    String createBody(long n) {
        return createBody(n, UUID.randomUUID());
    }

    String createBody(long n, UUID externalId) {
        String userName = userName(n);
        // spread names and departments deterministically so populations look alike across runs
        int i = (int) Math.floorMod(n, (long) GIVEN_NAMES.size());
        int j = (int) Math.floorMod(n / GIVEN_NAMES.size(), (long) FAMILY_NAMES.size());
        String given = GIVEN_NAMES.get(i);
        String family = FAMILY_NAMES.get(j);
        String department = DEPARTMENTS.get((int) Math.floorMod(n * 7 + 3, (long) DEPARTMENTS.size()));
        String employeeNumber = Long.toString(100000 + n);
        return "{"
                + "\"schemas\":[" + Json.quote(CORE_SCHEMA) + "," + Json.quote(ENTERPRISE_SCHEMA) + "],"
                + "\"userName\":" + Json.quote(userName) + ","
                + "\"externalId\":" + Json.quote(externalId.toString()) + ","
                + "\"active\":true,"
                + "\"displayName\":" + Json.quote(given + " " + family) + ","
                + "\"name\":{\"givenName\":" + Json.quote(given) + ",\"familyName\":" + Json.quote(family) + "},"
                + "\"emails\":[{\"type\":\"work\",\"value\":" + Json.quote(userName) + ",\"primary\":true}],"
                + Json.quote(ENTERPRISE_SCHEMA) + ":{\"department\":" + Json.quote(department)
                + ",\"employeeNumber\":" + Json.quote(employeeNumber) + "}"
                + "}";
    }
}
