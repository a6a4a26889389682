package io.roster.scim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsApplyWhenNothingIsGiven() throws Exception {
        Config c = ConfigLoader.load(new String[0], Map.of());
        assertEquals(8080, c.port());
        assertEquals("0.0.0.0", c.host());
        assertEquals(Path.of("./data"), c.dataDir());
        assertNull(c.baseUrl());
        assertNull(c.adminToken());
    }

    @Test
    void theEdgeLimitsDefaultToThirtySecondsAndThreeQuartersOfTheWorkers() throws Exception {
        Config c = ConfigLoader.load(new String[0], Map.of());
        assertEquals(java.time.Duration.ofSeconds(30), c.requestBodyTimeout());
        assertEquals(48, c.maxRequestsPerClient());
        Config fewer = ConfigLoader.load(new String[] {"--http-threads", "8"}, Map.of());
        assertEquals(6, fewer.maxRequestsPerClient());
    }

    @Test
    void theEdgeLimitsComeFromFlagsEnvironmentOrFile() throws Exception {
        Path file = dir.resolve("edge.properties");
        Files.writeString(file, "request-body-timeout=12\nmax-requests-per-client=5\n");
        Config fromFile = ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of());
        assertEquals(java.time.Duration.ofSeconds(12), fromFile.requestBodyTimeout());
        assertEquals(5, fromFile.maxRequestsPerClient());
        Config fromEnv = ConfigLoader.load(new String[] {"--request-body-timeout", "7"},
                Map.of("ROSTER_MAX_REQUESTS_PER_CLIENT", "100"));
        assertEquals(java.time.Duration.ofSeconds(7), fromEnv.requestBodyTimeout());
        assertEquals(100, fromEnv.maxRequestsPerClient());
        assertThrows(ConfigLoader.ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--request-body-timeout", "0"}, Map.of()));
        assertThrows(ConfigLoader.ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--max-requests-per-client", "0"}, Map.of()));
        assertTrue(ConfigLoader.usage().contains("3/4 of --http-threads"), ConfigLoader.usage());
    }

    @Test
    void flagBeatsEnvironmentWhichBeatsConfigFile() throws Exception {
        Path file = dir.resolve("roster.properties");
        Files.writeString(file, "port=9001\nhost=127.0.0.1\ndata-dir=/from-file\n");
        Config c = ConfigLoader.load(new String[] {"--config", file.toString(), "--port=9003"},
                Map.of("ROSTER_PORT", "9002", "ROSTER_DATA_DIR", "/from-env", "ROSTER_ADMIN_TOKEN", "t0ken"));
        assertEquals(9003, c.port());
        assertEquals(Path.of("/from-env"), c.dataDir());
        assertEquals("127.0.0.1", c.host());
        assertEquals("t0ken", c.adminToken());
    }

    @Test
    void configFileCanComeFromTheEnvironment() throws Exception {
        Path file = dir.resolve("r.properties");
        Files.writeString(file, "base-url=https://scim.example.com/scim/v2\n");
        Config c = ConfigLoader.load(new String[0], Map.of("ROSTER_CONFIG", file.toString()));
        assertEquals("https://scim.example.com/scim/v2", c.baseUrl());
    }

    @Test
    void badValuesAreExplained() {
        var e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(new String[] {"--port", "eighty"}, Map.of()));
        assertTrue(e.getMessage().contains("--port") && e.getMessage().contains("number"), e.getMessage());
        e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(new String[] {"--port", "70000"}, Map.of()));
        assertTrue(e.getMessage().contains("between 0 and 65535"), e.getMessage());
        e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(new String[] {"--colour", "red"}, Map.of()));
        assertTrue(e.getMessage().contains("unknown option"), e.getMessage());
        e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(new String[] {"--base-url", "scim.example.com"}, Map.of()));
        assertTrue(e.getMessage().contains("http://"), e.getMessage());
        e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(new String[] {"--port"}, Map.of()));
        assertTrue(e.getMessage().contains("needs a value"), e.getMessage());
    }

    @Test
    void maxValuesPerAttributeIsASettingWithADefaultOfAThousand() throws Exception {
        assertEquals(1000, ConfigLoader.load(new String[0], Map.of()).settings().maxValuesPerAttribute());
        assertEquals(20000, ConfigLoader.load(new String[] {"--max-values-per-attribute", "20000"}, Map.of()).settings().maxValuesPerAttribute());
        assertEquals(50, ConfigLoader.load(new String[0], Map.of("ROSTER_MAX_VALUES_PER_ATTRIBUTE", "50")).settings().maxValuesPerAttribute());
        var e = assertThrows(ConfigLoader.ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--max-values-per-attribute", "0"}, Map.of()));
        assertTrue(e.getMessage().contains("--max-values-per-attribute"), e.getMessage());
    }

    @Test
    void unknownKeysInTheConfigFileAreReported() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "prot=8080\n");
        var e = assertThrows(ConfigLoader.ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of()));
        assertTrue(e.getMessage().contains("unknown key 'prot'"), e.getMessage());
    }

    @Test
    void pluginSettingsComeFromFlagsEnvironmentOrFileInThatPrecedence() throws Exception {
        Path file = dir.resolve("plugins.properties");
        Files.writeString(file, "plugin.licensing.syncLimit=1\nplugin.licensing.chunk=2\nplugin.dynamic-groups.inline=3\nport=9004\n");
        Config c = ConfigLoader.load(new String[] {"--config", file.toString(), "--plugin", "licensing.syncLimit=10",
                "--plugin=example.tally.mode=a=b"}, Map.of("ROSTER_PLUGINS", "licensing.syncLimit=20, licensing.chunk=30"));
        assertEquals(Map.of("licensing", Map.of("syncLimit", "10", "chunk", "30"), "dynamic-groups", Map.of("inline", "3"),
                "example.tally", Map.of("mode", "a=b")), c.plugins());
        assertEquals(9004, c.port());
        assertEquals(Map.of(), ConfigLoader.load(new String[0], Map.of()).plugins());
    }

    @Test
    void aPluginSettingOfTheWrongShapeIsExplained() {
        var e = assertThrows(ConfigLoader.ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--plugin", "syncLimit=10"}, Map.of()));
        assertEquals("--plugin: 'syncLimit=10' is not a plugin setting; write <plugin id>.<name>=<value>, e.g. licensing.syncLimit=500",
                e.getMessage());
        e = assertThrows(ConfigLoader.ConfigException.class,
                () -> ConfigLoader.load(new String[0], Map.of("ROSTER_PLUGINS", "licensing.syncLimit")));
        assertTrue(e.getMessage().startsWith("ROSTER_PLUGINS: 'licensing.syncLimit' is not a plugin setting"), e.getMessage());
    }

    @Test
    void usageListsEveryOptionWithItsEnvironmentVariable() {
        String usage = ConfigLoader.usage();
        for (Option o : Option.values()) {
            assertTrue(usage.contains(o.flag()) && usage.contains(o.env()), o.name());
        }
        assertTrue(usage.contains("ROSTER_ADMIN_TOKEN"));
        assertTrue(usage.contains("--plugin ID.NAME=VALUE") && usage.contains("ROSTER_PLUGINS"));
    }

    @Test
    void metricsNeedATokenByDefaultAndCanBeOpenOrOff() throws Exception {
        assertEquals(io.roster.scim.metrics.MetricsMode.TOKEN, ConfigLoader.load(new String[0], Map.of()).metrics());
        assertEquals(io.roster.scim.metrics.MetricsMode.OPEN,
                ConfigLoader.load(new String[] {"--metrics", "open"}, Map.of()).metrics());
        assertEquals(io.roster.scim.metrics.MetricsMode.OFF, ConfigLoader.load(new String[0], Map.of("ROSTER_METRICS", "OFF")).metrics());
        var e = assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(new String[] {"--metrics", "public"}, Map.of()));
        assertTrue(e.getMessage().contains("--metrics") && e.getMessage().contains("open, token or off"), e.getMessage());
        assertTrue(ConfigLoader.usage().contains("--metrics"));
    }
}
