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

    /** Whether the running test checks an RFC MUST. */
    public static boolean isRfcMust() {
        Classification c = CURRENT.get();
        return c != null && c.level() == Level.RFC_MUST;
    }
}
