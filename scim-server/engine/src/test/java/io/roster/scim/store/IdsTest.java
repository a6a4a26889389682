package io.roster.scim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void idsAreVersion7UuidsThatSortInCreationOrder() {
        Ids ids = new Ids();
        String previous = ids.next();
        for (int i = 0; i < 100_000; i++) {
            String next = ids.next();
            assertTrue(next.compareTo(previous) > 0, previous + " then " + next);
            previous = next;
        }
        UUID u = UUID.fromString(previous);
        assertEquals(7, u.version());
        assertEquals(2, u.variant());
    }
}
