package io.roster.scim.error;

/**
 * Keeps error details short. A detail may quote what the client sent (a value, a filter, a path), and
 * the client may have sent megabytes: an error must never echo them back, nor cost their size to
 * build and send. {@link ScimException} caps every detail with {@link #cap}; code quoting client input
 * can shorten the quote itself with {@link #excerpt}.
 */
public final class Details {
    /** Longest quote of client input in a detail. */
    public static final int MAX_EXCERPT = 200;
    /** Longest detail an error carries. */
    public static final int MAX_DETAIL = 2000;

    private Details() {
    }

    /** {@code text} itself when short, else its beginning and how much was left out. */
    public static String excerpt(String text) {
        return shorten(text, MAX_EXCERPT);
    }

    /** A whole detail, shortened to {@link #MAX_DETAIL} characters. */
    public static String cap(String detail) {
        return shorten(detail, MAX_DETAIL);
    }

    private static String shorten(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return text.substring(0, end) + "... (" + (text.length() - end) + " more characters)";
    }
}
