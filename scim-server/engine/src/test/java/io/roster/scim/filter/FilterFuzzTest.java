package io.roster.scim.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds random and mutated text to the parser: the only exception allowed out is an invalidFilter
 * ScimException. Whatever parses must print back to text that parses to the same tree, and must be
 * safe to validate and evaluate. The seed is fixed so that a failure reproduces.
 */
class FilterFuzzTest {
    private static final List<String> SEEDS = List.of(
            "userName eq \"bjensen\"",
            "name.familyName co \"O'Malley\" and not (title pr)",
            "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
            "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\"]",
            "emails[type eq \"work\"].value eq \"x\"",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915\"",
            "meta.lastModified gt \"2011-05-13T04:42:34Z\" and loginCount ge 1.5e3",
            "active eq TRUE or x eq null or id eq 2819c223-7f76-453a-919d-413861904646",
            "x eq \"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9\"");
    private static final String[] PIECES = {
        " ", " ", " ", "(", ")", "[", "]", "\"", "\\", "\\u", "\\u00", ".", ":", "$", "-", "_", "0", "1", "e", "E", "+",
        "a", "Z", "é", "\u0000", "\t", "\n", "\uD800", "and", "or", "not", "eq", "ne", "co", "pr", "gt", "le", "true",
        "null", "emails", "value", "urn:x:y:", "1e99999999999", "-0.5e-3", "\"v\"", "name.familyName"
    };

    private final FilterParser parser = new FilterParser(300, 8);
    private final FilterParser reparser = new FilterParser(100_000, 1_000);
    private final FilterEvaluator evaluator = TestUsers.evaluator();

    @Test
    void randomAndMutatedTextOnlyEverFailsWithInvalidFilter() {
        Random random = new Random(7644_3422L);
        int parsed = 0;
        for (int i = 0; i < 30_000; i++) {
            String text = switch (i % 3) {
                case 0 -> randomPieces(random);
                case 1 -> mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
                default -> randomChars(random);
            };
            if (exercise(text)) {
                parsed++;
            }
        }
        // The mutations keep many inputs valid, so the round trip and evaluation paths are exercised too.
        assertTrue(parsed > 1_000, "only " + parsed + " inputs parsed");
    }

    /** True when the text parsed. */
    private boolean exercise(String text) {
        Filter filter;
        try {
            filter = parser.parse(text);
        } catch (ScimException e) {
            assertEquals(ScimType.INVALID_FILTER, e.scimType(), text);
            assertTrue(e.detail().startsWith("invalid filter at position "), e.detail());
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            return fail("parse threw " + e + " for input: " + escape(text), e);
        }
        try {
            assertEquals(filter, reparser.parse(filter.toString()), () -> "round trip of " + escape(text));
            try {
                evaluator.validate(filter);
            } catch (ScimException e) {
                assertEquals(ScimType.INVALID_FILTER, e.scimType(), text);
            }
            evaluator.matches(filter, TestUsers.BJENSEN);
            evaluator.matches(filter, TestUsers.JSMITH);
        } catch (RuntimeException | StackOverflowError e) {
            return fail("threw " + e + " after parsing input: " + escape(text), e);
        }
        return true;
    }

    private static String randomPieces(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(25);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    private static String randomChars(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            b.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : (char) (0x20 + random.nextInt(0x5f)));
        }
        return b.toString();
    }

    /** A few random insertions, deletions and replacements, by character or by piece. */
    private static String mutate(String seed, Random random) {
        StringBuilder b = new StringBuilder(seed);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = b.length() == 0 ? 0 : random.nextInt(b.length());
            switch (random.nextInt(4)) {
                case 0 -> b.insert(at, PIECES[random.nextInt(PIECES.length)]);
                case 1 -> {
                    if (b.length() > 0) {
                        b.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (b.length() > 0) {
                        b.setCharAt(at, (char) (0x20 + random.nextInt(0x5f)));
                    }
                }
                default -> {
                    int end = Math.min(b.length(), at + random.nextInt(12));
                    b.delete(at, end);
                }
            }
        }
        return b.toString();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
