package io.roster.scim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.example.tally.GroupTallyPlugin;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.RosterPlugin;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --plugins-dir}: a plugin jar built here, as a third party would build one against the plugin
 * API, is dropped into a folder and served by a server started through the ordinary configuration path.
 */
class PluginFolderTest {
    private static final String TOKEN = "test-token-0123456789abcdef0123456789";
    private static final String URN = "urn:example:params:scim:schemas:extension:dropin:2.0:Group";

    /** A plugin outside the engine's class path: it stamps every Group with its configured label. */
    private static final String SOURCE = """
            package io.roster.example.dropin;

            import io.roster.scim.spi.Change;
            import io.roster.scim.spi.Hook;
            import io.roster.scim.spi.HookContext;
            import io.roster.scim.spi.PluginContext;
            import io.roster.scim.spi.ResourceTypeNames;
            import io.roster.scim.spi.RosterPlugin;
            import jakarta.json.Json;
            import java.util.List;

            public final class DropInPlugin implements RosterPlugin {
                static final String URN = "%s";

                @Override
                public String id() {
                    return "example.dropin";
                }

                @Override
                public List<String> dependsOn() {
                    return List.of("example.tally"); // a bundled plugin: the same ordering rules apply
                }

                @Override
                public void register(PluginContext context) {
                    String label = context.config().value("label");
                    context.addSchemas(DropInPlugin.class, "dropin-group.json")
                            .addExtension(ResourceTypeNames.GROUP, URN, false)
                            .addHook(new Hook() {
                                @Override
                                public void apply(Change change, HookContext hooks) {
                                    if (ResourceTypeNames.GROUP.equals(change.resourceType()) && change.kind() != Change.Kind.DELETED) {
                                        hooks.resources().updateExtension(ResourceTypeNames.GROUP, change.id(), URN,
                                                ext -> Json.createObjectBuilder(ext).add("label", label == null ? "none" : label).build());
                                    }
                                }
                            });
                }
            }
            """.formatted(URN);

    private static final String SCHEMA = """
            {
              "id": "%s",
              "name": "DropIn",
              "description": "A dropped-in plugin's Group extension",
              "attributes": [
                {"name": "label", "type": "string", "multiValued": false, "description": "set by the plugin's hook",
                 "required": false, "caseExact": false, "mutability": "readOnly", "returned": "default", "uniqueness": "none"}
              ]
            }
            """.formatted(URN);

    @TempDir
    Path dir;

    @Test
    void aPluginJarDroppedIntoTheFolderIsServedWithItsSchemaHookAndSettings() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        buildPluginJar(plugins.resolve("dropin.jar"), "1.2.3");
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = capture(logged);
        Logger log = Logger.getLogger(PluginFolder.class.getName());
        log.addHandler(capture);
        Config config = ConfigLoader.load(new String[] {"--port", "0", "--host", "127.0.0.1", "--data-dir", dir.resolve("data").toString(),
            "--plugins-dir", plugins.toString(), "--plugin", "example.dropin.label=dropped"}, Map.of("ROSTER_ADMIN_TOKEN", TOKEN));
        try (RosterServer server = RosterServer.start(config)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String root = server.scimRoot().toString();
            HttpResponse<String> schema = http.send(HttpRequest.newBuilder(URI.create(root + "/Schemas/" + URN))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, schema.statusCode(), schema.body());

            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(root + "/Groups"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                            + "\"displayName\":\"g\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            JsonObject group = JsonSupport.parseTrusted(created.body());
            assertEquals("dropped", group.getJsonObject(URN).getString("label"), created.body()); // its hook ran, with its setting
            assertEquals(0, group.getJsonObject(GroupTallyPlugin.URN).getInt("memberCount"), created.body()); // the bundled one too
        } finally {
            log.removeHandler(capture);
        }
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().equals(
                "plugin example.dropin: class io.roster.example.dropin.DropInPlugin, jar dropin.jar, version 1.2.3")), messages(logged));
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().equals(
                "plugin example.tally: class " + GroupTallyPlugin.class.getName() + ", jar bundled, version unknown")), messages(logged));
    }

    @Test
    void aDroppedInPluginFollowsTheBundledRules() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        buildPluginJar(plugins.resolve("dropin.jar"), "1.2.3");
        Config misspelt = ConfigLoader.load(new String[] {"--port", "0", "--host", "127.0.0.1", "--data-dir", dir.resolve("data").toString(),
            "--plugins-dir", plugins.toString(), "--plugin", "example.dropin.lable=x"}, Map.of("ROSTER_ADMIN_TOKEN", TOKEN));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RosterServer.start(misspelt).close());
        assertTrue(e.getMessage().contains("lable"), e.getMessage());
        try (PluginFolder folder = PluginFolder.open(new Config.PluginsDir(plugins, true), getClass().getClassLoader())) {
            List<RosterPlugin> found = folder.discover();
            assertTrue(found.stream().anyMatch(p -> p.id().equals("example.dropin")));
            List<String> order = io.roster.scim.hook.PluginLoader.order(found).stream().map(RosterPlugin::id).toList();
            assertTrue(order.indexOf("example.tally") < order.indexOf("example.dropin"), order.toString());
        }
    }

    @Test
    void aMissingFolderThatWasGivenStopsTheStartNamingIt() throws Exception {
        Path missing = dir.resolve("no-such-plugins");
        Config config = ConfigLoader.load(new String[] {"--port", "0", "--data-dir", dir.resolve("data").toString(),
            "--plugins-dir", missing.toString()}, Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RosterServer.start(config).close());
        assertEquals("plugins folder " + missing.toAbsolutePath().normalize() + " does not exist (given with --plugins-dir or "
                + "ROSTER_PLUGINS_DIR)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("data")), "the store is not opened");
    }

    @Test
    void theDefaultFolderMayBeMissing() throws Exception {
        Config config = ConfigLoader.load(new String[0], Map.of());
        assertEquals(new Config.PluginsDir(Path.of("./plugins"), false), config.pluginsDir());
        try (PluginFolder folder = PluginFolder.open(new Config.PluginsDir(dir.resolve("plugins"), false), getClass().getClassLoader())) {
            assertTrue(folder.discover().stream().anyMatch(p -> p instanceof GroupTallyPlugin));
        }
        assertTrue(ConfigLoader.load(new String[0], Map.of("ROSTER_PLUGINS_DIR", "x")).pluginsDir().given());
        assertTrue(ConfigLoader.usage().contains("--plugins-dir"), ConfigLoader.usage());
    }

    @Test
    void anUnreadableJarStopsTheStartNamingIt() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("broken.jar"), "not a zip");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PluginFolder.open(new Config.PluginsDir(plugins, true), getClass().getClassLoader()));
        assertTrue(e.getMessage().startsWith("cannot read plugin jar " + plugins.toAbsolutePath().normalize().resolve("broken.jar")),
                e.getMessage());
    }

    /** Compiles {@link #SOURCE} against the engine's classes, and jars it with its service file, schema and manifest. */
    private void buildPluginJar(Path jar, String version) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/io/roster/example/dropin"));
        Files.writeString(src.resolve("DropInPlugin.java"), SOURCE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String classPath = String.join(java.io.File.pathSeparator, location(RosterPlugin.class), location(jakarta.json.Json.class));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-proc:none", "-cp", classPath, "-d", classes.toString(),
                src.resolve("DropInPlugin.java").toString());
        assertEquals(0, rc, "the plugin compiles");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    entry(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
            entry(out, "META-INF/services/io.roster.scim.spi.RosterPlugin",
                    "io.roster.example.dropin.DropInPlugin\n".getBytes(StandardCharsets.UTF_8));
            entry(out, "io/roster/example/dropin/dropin-group.json", SCHEMA.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        ((OutputStream) out).write(bytes);
        out.closeEntry();
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Handler capture(List<LogRecord> into) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (into) {
                    into.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private static String messages(List<LogRecord> logged) {
        return String.join("\n", logged.stream().map(LogRecord::getMessage).toList());
    }
}
