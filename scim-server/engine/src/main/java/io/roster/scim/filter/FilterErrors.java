package io.roster.scim.filter;

import io.roster.scim.error.ScimException;

/** Builds invalidFilter details that quote the offending text and give a 1-based position. */
final class FilterErrors {
    private static final int MAX_QUOTED = 200;
    private static final int MAX_TOKEN = 40;

    private FilterErrors() {
    }

    /**
     * "invalid filter at position 10: expected ..., found 'equals' (filter: userName equals "x")".
     *
     * @param what  what was being read, "filter" or "attribute path"
     * @param index 0-based index of the offending character
     */
    static ScimException at(String what, String text, int index, String message) {
        return ScimException.invalidFilter("invalid " + what + " at position " + (index + 1) + ": " + message
                + " (" + what + ": " + printable(abbreviate(text, MAX_QUOTED)) + ")");
    }

    /** How a token is named in "found ..." phrases. */
    static String describe(FilterLexer.Token t) {
        if (t.kind() == FilterLexer.Kind.END) {
            return "end of filter";
        }
        return "'" + printable(abbreviate(t.raw(), MAX_TOKEN)) + "'";
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** Control characters escaped, so that a detail is always one readable line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
