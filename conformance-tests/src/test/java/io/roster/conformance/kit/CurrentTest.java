package io.roster.conformance.kit;

/**
 * The classification of the kit test running on this thread, so that shared assertions can accept every
 * answer the RFC allows in an RFC test and hold Roster's (or a client's) choice in the others. Outside a
 * kit test (fixtures in {@code @BeforeAll}, the fuzzer) assertions are strict.
 */
public final class CurrentTest {
    private static final ThreadLocal<Classification> CURRENT = new ThreadLocal<>();

    private CurrentTest() {
    }

    static void set(Classification c) {
        CURRENT.set(c);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** Whether the running test checks an RFC rule (MUST or SHOULD) rather than a choice the RFC leaves open. */
    public static boolean isRfc() {
        Classification c = CURRENT.get();
        return c != null && (c.level() == Level.RFC_MUST || c.level() == Level.RFC_SHOULD);
    }

    /**
     * Whether the running test holds Roster's own choice where the RFC leaves one (a roster-policy test, or
     * no kit test at all). RFC and client tests take every answer the RFC allows, unless the client needs
     * a particular one, which such a test then asserts itself.
     */
    public static boolean holdsRostersChoice() {
        Classification c = CURRENT.get();
        return c == null || c.level() == Level.ROSTER;
    }

    /** Whether the running test checks an RFC MUST. */
    public static boolean isRfcMust() {
        Classification c = CURRENT.get();
        return c != null && c.level() == Level.RFC_MUST;
    }
}
