package io.roster.scim.app;

import io.roster.scim.hook.PluginLoader;
import io.roster.scim.spi.RosterPlugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The plugins folder ({@code --plugins-dir}): every {@code *.jar} directly in it, in name order, on one
 * class loader whose parent is the application's. {@link java.util.ServiceLoader} then finds the dropped-in plugins
 * together with the bundled ones, and a dropped-in plugin goes through the same {@link PluginLoader} rules
 * (dependency order, duplicate ids, settings) as a bundled one. Closed when the server stops.
 */
final class PluginFolder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PluginFolder.class.getName());

    private final ClassLoader loader;
    private final URLClassLoader jars; // null when the folder gave no jars
    private final Map<String, Jar> byLocation;

    private record Jar(Path path, String version) {
    }

    private PluginFolder(ClassLoader loader, URLClassLoader jars, Map<String, Jar> byLocation) {
        this.loader = loader;
        this.jars = jars;
        this.byLocation = byLocation;
    }

    /**
     * Opens the jars in {@code dir} (none when {@code dir} is null).
     *
     * @throws IllegalStateException naming the folder or jar when a folder the user gave is missing, or a
     *                               jar cannot be read
     */
    static PluginFolder open(Config.PluginsDir dir, ClassLoader parent) {
        if (dir == null) {
            return new PluginFolder(parent, null, Map.of());
        }
        Path path = dir.path().toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            if (dir.given() || Files.exists(path)) {
                throw new IllegalStateException("plugins folder " + path + (Files.exists(path) ? " is not a folder" : " does not exist")
                        + " (given with " + Option.PLUGINS_DIR.flag() + " or " + Option.PLUGINS_DIR.env() + ")");
            }
            LOG.info("no plugins folder at " + path + "; using the bundled plugins only");
            return new PluginFolder(parent, null, Map.of());
        }
        List<Path> found;
        try (Stream<Path> listing = Files.list(path)) {
            found = listing.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the plugins folder " + path + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            LOG.info("plugins folder " + path + " holds no jars");
            return new PluginFolder(parent, null, Map.of());
        }
        Map<String, Jar> byLocation = new LinkedHashMap<>();
        List<URL> urls = new ArrayList<>();
        for (Path jar : found) {
            URL url;
            try {
                url = jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("cannot use plugin jar " + jar + ": " + e.getMessage(), e);
            }
            urls.add(url);
            byLocation.put(url.toExternalForm(), new Jar(jar, versionOf(jar)));
        }
        LOG.info("plugins folder " + path + ": " + String.join(", ", found.stream().map(p -> p.getFileName().toString()).toList()));
        URLClassLoader jars = new URLClassLoader("roster-plugins", urls.toArray(URL[]::new), parent);
        return new PluginFolder(jars, jars, byLocation);
    }

    /** The jar's Implementation-Version; reading it also proves the jar is a readable jar. */
    private static String versionOf(Path jar) {
        if (Files.isDirectory(jar)) {
            throw new IllegalStateException("plugin jar " + jar + " is a folder, not a jar file");
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        } catch (IOException | SecurityException e) {
            throw new IllegalStateException("cannot read plugin jar " + jar + ": " + e.getMessage()
                    + " (it must be a readable jar file; remove or replace it)", e);
        }
    }

    /** The class loader plugins are found through: the jars' loader, or the parent when there are none. */
    ClassLoader loader() {
        return loader;
    }

    /** Every plugin ServiceLoader finds, bundled and dropped in, each logged with where it came from. */
    List<RosterPlugin> discover() {
        List<RosterPlugin> found = PluginLoader.discover(loader);
        for (RosterPlugin p : found) {
            Jar jar = jarOf(p.getClass());
            String version = jar != null && jar.version() != null ? jar.version() : p.getClass().getPackage().getImplementationVersion();
            LOG.info(String.format(Locale.ROOT, "plugin %s: class %s, jar %s, version %s", p.id(), p.getClass().getName(),
                    jar == null ? "bundled" : jar.path().getFileName(), version == null ? "unknown" : version));
        }
        return found;
    }

    private Jar jarOf(Class<?> type) {
        if (jars == null || type.getClassLoader() != jars) {
            return null;
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? null : byLocation.get(source.getLocation().toExternalForm());
    }

    @Override
    public void close() {
        if (jars != null) {
            try {
                jars.close();
            } catch (IOException e) {
                LOG.warning("closing the plugin jars failed: " + e.getMessage());
            }
        }
    }
}
