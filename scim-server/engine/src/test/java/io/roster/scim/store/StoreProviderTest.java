package io.roster.scim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoreProviderTest {
    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void theDefaultBackendIsFoundByItsName() {
        assertEquals("mapdb", StoreProvider.named(StoreProvider.DEFAULT, loader).name());
    }

    @Test
    void anUnknownBackendIsRefusedNamingTheOnesThereAre() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreProvider.named("cassandra", loader));
        assertTrue(e.getMessage().contains("'cassandra'") && e.getMessage().contains("available: mapdb"), e.getMessage());
    }
}
