package io.roster.scim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --store} chooses the storage backend by its provider's name. */
class StoreOptionTest {
    @TempDir
    Path dir;

    @Test
    void theStoreIsMapDbUnlessConfiguredOtherwise() throws Exception {
        assertEquals("mapdb", ConfigLoader.load(new String[0], Map.of()).store());
        assertEquals("other", ConfigLoader.load(new String[] {"--store", "other"}, Map.of()).store());
        assertEquals("env", ConfigLoader.load(new String[0], Map.of("ROSTER_STORE", "env")).store());
        assertTrue(ConfigLoader.usage().contains("--store"), ConfigLoader.usage());
    }

    @Test
    void anUnknownStoreStopsTheStartWithTheNamesThereAre() {
        Config config = Config.embedded(dir, 0, "t0ken").withStore("nosuch");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RosterServer.start(config, List.of()));
        assertTrue(e.getMessage().contains("available: mapdb"), e.getMessage());
    }
}
