package io.roster.scim.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DetailsTest {

    @Test
    void noErrorDetailEchoesMegabytesOfInput() {
        String huge = "x".repeat(8 * 1024 * 1024);
        ScimException e = ScimException.invalidValue("\"nickName\" must be a string, not " + huge + ".");
        assertTrue(e.detail().length() <= Details.MAX_DETAIL + 40, "detail length " + e.detail().length());
        assertTrue(e.detail().endsWith("more characters)"), e.detail().substring(e.detail().length() - 60));
    }

    @Test
    void shortDetailsAreKeptAsTheyAre() {
        String detail = "User 42 not found.";
        assertSame(detail, Details.cap(detail));
        assertEquals(detail, ScimException.notFound(detail).detail());
    }

    @Test
    void anExcerptNeverSplitsASurrogatePair() {
        String text = "a".repeat(Details.MAX_EXCERPT - 1) + "\uD83D\uDE00" + "b".repeat(50);
        String excerpt = Details.excerpt(text);
        assertTrue(excerpt.startsWith("a".repeat(Details.MAX_EXCERPT - 1) + "..."), excerpt);
    }
}
