package io.roster.scim.filter;

import io.roster.scim.error.ScimException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits filter text into tokens on demand, so that the first error in reading order is the one
 * reported. Besides punctuation and JSON strings there is one catch-all kind, the word: attribute
 * paths, operators, keywords and unquoted values all look alike, and only the parser knows which
 * one it expects at a given point.
 */
final class FilterLexer {

    enum Kind { LPAREN, RPAREN, LBRACKET, RBRACKET, STRING, WORD, END }

    /**
     * @param text  the decoded string for {@link Kind#STRING}, else the source text
     * @param raw   the source text of the token
     * @param start 0-based index of the token's first character
     */
    record Token(Kind kind, String text, String raw, int start) {
        boolean isWord(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }
    }

    /** Builds the exception for an error at a 0-based index of the source. */
    @FunctionalInterface
    interface Errors {
        ScimException at(int index, String message);
    }

    private final String src;
    private final Errors errors;
    private final List<Token> ahead = new ArrayList<>(2);
    private int pos;

    FilterLexer(String src, Errors errors) {
        this.src = src;
        this.errors = errors;
    }

    Token peek() {
        return peek(0);
    }

    /** The token {@code k} places ahead (0 is the next one); the grammar never needs more than 1. */
    Token peek(int k) {
        while (ahead.size() <= k) {
            ahead.add(scan());
        }
        return ahead.get(k);
    }

    Token next() {
        Token t = peek(0);
        ahead.remove(0);
        return t;
    }

    private Token scan() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
        if (pos >= src.length()) {
            return new Token(Kind.END, "", "", src.length());
        }
        int start = pos;
        char c = src.charAt(pos);
        Kind punct = switch (c) {
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case '[' -> Kind.LBRACKET;
            case ']' -> Kind.RBRACKET;
            default -> null;
        };
        if (punct != null) {
            pos++;
            return new Token(punct, String.valueOf(c), String.valueOf(c), start);
        }
        if (c == '"') {
            return string();
        }
        while (pos < src.length() && !isDelimiter(src.charAt(pos))) {
            pos++;
        }
        String word = src.substring(start, pos);
        return new Token(Kind.WORD, word, word, start);
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '"';
    }

    /** A JSON string literal (RFC 8259 section 7), which is how RFC 7644 section 3.4.2.2 spells string compValues. */
    private Token string() {
        int start = pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw errors.at(start, "unterminated string: expected a closing '\"' for the string that starts here");
            }
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return new Token(Kind.STRING, b.toString(), src.substring(start, pos), start);
            }
            if (c == '\\') {
                b.append(escape());
            } else if (c < 0x20) {
                throw errors.at(pos, String.format("control character U+%04X must be escaped inside a string", (int) c));
            } else {
                b.append(c);
                pos++;
            }
        }
    }

    private char escape() {
        int at = pos;
        if (pos + 1 >= src.length()) {
            throw errors.at(at, "unterminated string: a '\\' at the end of the filter escapes nothing");
        }
        char e = src.charAt(pos + 1);
        pos += 2;
        return switch (e) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicode(at);
            default -> throw errors.at(at, "invalid escape '\\" + FilterErrors.printable(String.valueOf(e))
                    + "'; a string allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
        };
    }

    /** The four hex digits of a unicode escape; {@code at} is where the escape starts, for the error. */
    private char unicode(int at) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = pos < src.length() ? hex(src.charAt(pos)) : -1;
            if (digit < 0) {
                throw errors.at(at, "invalid escape: '\\u' needs four hex digits");
            }
            value = value * 16 + digit;
            pos++;
        }
        return (char) value;
    }

    /** ASCII hex only: Character.digit would also take other scripts' digits, which JSON does not. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
