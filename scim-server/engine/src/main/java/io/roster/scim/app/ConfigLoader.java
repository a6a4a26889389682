package io.roster.scim.app;

import io.roster.scim.http.AccessLog;
import io.roster.scim.metrics.MetricsMode;
import io.roster.scim.service.ServiceSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resolves configuration with the precedence command-line flag, then environment variable, then
 * config file ({@code --config FILE} or ROSTER_CONFIG, Java properties), then default. Every problem
 * is a {@link ConfigException} whose message tells the user what to fix.
 */
public final class ConfigLoader {

    /** Thrown for unusable configuration; the message is meant for the user. */
    public static final class ConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }

    /** Repeatable: one plugin setting, {@code --plugin <id>.<name>=<value>}. */
    static final String PLUGIN_FLAG = "--plugin";
    /** Plugin settings in the environment: {@code <id>.<name>=<value>} entries separated by commas or spaces. */
    static final String PLUGINS_ENV = "ROSTER_PLUGINS";

    private ConfigLoader() {
    }

    public static Config load(String[] args, Map<String, String> env) throws ConfigException {
        Map<Option, String> flags = new EnumMap<>(Option.class);
        List<String> pluginFlags = new ArrayList<>();
        String configFile = env.get("ROSTER_CONFIG");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--config")) {
                configFile = value != null ? value : next(args, ++i, name);
                continue;
            }
            if (name.equals(PLUGIN_FLAG)) {
                pluginFlags.add(value != null ? value : next(args, ++i, name));
                continue;
            }
            Option option = byFlag(name);
            if (option == null) {
                throw new ConfigException("unknown option '" + arg + "'; run with --help for the list");
            }
            flags.put(option, value != null ? value : next(args, ++i, name));
        }
        Properties file = new Properties();
        if (configFile != null && !configFile.isBlank()) {
            Path path = Path.of(configFile);
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                file.load(r);
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + path.toAbsolutePath() + ": " + e.getMessage());
            }
            for (String key : file.stringPropertyNames()) {
                if (byKey(key) == null && !key.startsWith(PluginSettings.FILE_PREFIX)) {
                    throw new ConfigException("unknown key '" + key + "' in " + configFile + "; known keys: " + knownKeys());
                }
            }
        }
        Map<Option, String> v = new EnumMap<>(Option.class);
        for (Option o : Option.values()) {
            String value = flags.get(o);
            if (value == null) {
                value = env.get(o.env());
            }
            if (value == null) {
                value = file.getProperty(o.key());
            }
            v.put(o, value == null ? o.defaultValue() : value.trim());
        }
        int port = intIn(v, Option.PORT, 0, 65535);
        int maxResults = intIn(v, Option.MAX_RESULTS, 1, 100_000);
        int defaultCount = intIn(v, Option.DEFAULT_COUNT, 1, maxResults);
        int iterations = intIn(v, Option.PASSWORD_ITERATIONS, 1_000, 10_000_000);
        int threads = intIn(v, Option.HTTP_THREADS, 4, 4096);
        long maxPayload = longIn(v, Option.MAX_PAYLOAD_SIZE, 1024, 1L << 31);
        int bodyTimeout = intIn(v, Option.REQUEST_BODY_TIMEOUT, 1, 3600);
        // One caller may hold most workers, never all: the rest stay for other callers and discovery.
        int perClient = v.get(Option.MAX_REQUESTS_PER_CLIENT).isEmpty() ? Config.defaultRequestsPerClient(threads)
                : intIn(v, Option.MAX_REQUESTS_PER_CLIENT, 1, 100_000);
        String baseUrl = v.get(Option.BASE_URL);
        if (!baseUrl.isEmpty() && !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new ConfigException(Option.BASE_URL.flag() + " must be an http:// or https:// URL, not '" + baseUrl + "'");
        }
        int maxValues = intIn(v, Option.MAX_VALUES_PER_ATTRIBUTE, 1, 10_000_000);
        String store = v.get(Option.STORE);
        if (store.isEmpty()) {
            throw new ConfigException(Option.STORE.flag() + " needs the name of a store backend, such as mapdb");
        }
        MetricsMode metrics;
        try {
            metrics = MetricsMode.parse(v.get(Option.METRICS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Option.METRICS.flag() + " (" + Option.METRICS.env() + ") " + e.getMessage());
        }
        ServiceSettings settings = new ServiceSettings(maxResults, defaultCount, 4096, 32, iterations, maxValues);
        return new Config(port, v.get(Option.HOST), Path.of(v.get(Option.DATA_DIR)), baseUrl.isEmpty() ? null : baseUrl,
                maxPayload, settings, threads, env.get("ROSTER_ADMIN_TOKEN"), java.time.Duration.ofSeconds(bodyTimeout), perClient,
                store, pluginSettings(pluginFlags, env.get(PLUGINS_ENV), file, configFile), null, null, logFormat(v.get(Option.LOG_FORMAT)),
                intIn(v, Option.MAX_REQUESTS_PER_SECOND, 0, 1_000_000), accessLog(v.get(Option.ACCESS_LOG)), metrics,
                operations(v, port))
                .withPluginsDir(pluginsDir(v.get(Option.PLUGINS_DIR))).withTls(tls(v));
    }

    private static Config.Operations operations(Map<Option, String> v, int port) throws ConfigException {
        int adminPort = v.get(Option.ADMIN_PORT).isEmpty() ? Config.Operations.NO_ADMIN_PORT : intIn(v, Option.ADMIN_PORT, 0, 65535);
        if (adminPort == port && port != 0) {
            throw new ConfigException(Option.ADMIN_PORT.flag() + " must differ from " + Option.PORT.flag() + " (both are " + port + ")");
        }
        if (v.get(Option.BACKUP_DIR).isEmpty()) {
            throw new ConfigException(Option.BACKUP_DIR.flag() + " needs a folder");
        }
        return new Config.Operations(adminPort, Path.of(v.get(Option.BACKUP_DIR)));
    }

    private static String accessLog(String value) throws ConfigException {
        String f = value.toLowerCase(Locale.ROOT);
        if (!List.of(AccessLog.OFF, AccessLog.COMMON, AccessLog.JSON).contains(f)) {
            throw new ConfigException(Option.ACCESS_LOG.flag() + " must be off, common or json, not '" + value + "'");
        }
        return f;
    }

    private static String logFormat(String value) throws ConfigException {
        String f = value.toLowerCase(Locale.ROOT);
        if (!f.equals(Logging.PLAIN) && !f.equals(Logging.JSON)) {
            throw new ConfigException(Option.LOG_FORMAT.flag() + " must be plain or json, not '" + value + "'");
        }
        return f;
    }

    /** The plugins folder; only the default one may be missing (checked when the server starts). */
    private static Config.PluginsDir pluginsDir(String value) throws ConfigException {
        if (value.isEmpty()) {
            throw new ConfigException(Option.PLUGINS_DIR.flag() + " needs a folder");
        }
        return new Config.PluginsDir(Path.of(value), !value.equals(Option.PLUGINS_DIR.defaultValue()));
    }

    /** PEM files or a PKCS12 keystore, or null for plain HTTP; the files are read when the server starts. */
    private static Tls tls(Map<Option, String> v) throws ConfigException {
        String cert = v.get(Option.TLS_CERT);
        String key = v.get(Option.TLS_KEY);
        String keystore = v.get(Option.TLS_KEYSTORE);
        if (!keystore.isEmpty()) {
            if (!cert.isEmpty() || !key.isEmpty()) {
                throw new ConfigException("give either " + Option.TLS_KEYSTORE.flag() + " or " + Option.TLS_CERT.flag() + " with "
                        + Option.TLS_KEY.flag() + ", not both");
            }
            return Tls.pkcs12(Path.of(keystore), v.get(Option.TLS_KEYSTORE_PASSWORD));
        }
        if (!v.get(Option.TLS_KEYSTORE_PASSWORD).isEmpty()) {
            throw new ConfigException(Option.TLS_KEYSTORE_PASSWORD.flag() + " (" + Option.TLS_KEYSTORE_PASSWORD.env()
                    + ") is set but " + Option.TLS_KEYSTORE.flag() + " is not");
        }
        if (cert.isEmpty() != key.isEmpty()) {
            throw new ConfigException(Option.TLS_CERT.flag() + " and " + Option.TLS_KEY.flag()
                    + " go together: give both, the PEM certificate chain and its PKCS#8 private key");
        }
        return cert.isEmpty() ? null : Tls.pem(Path.of(cert), Path.of(key));
    }

    /** Plugin settings by plugin id, flag over environment over file (see {@link PluginSettings}). */
    private static Map<String, Map<String, String>> pluginSettings(List<String> flags, String env, Properties file, String configFile)
            throws ConfigException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try {
            for (String entry : flags) {
                PluginSettings.put(out, entry, PLUGIN_FLAG);
            }
            if (env != null) {
                for (String entry : env.split("[,\\s]+")) {
                    if (!entry.isBlank()) {
                        PluginSettings.put(out, entry, PLUGINS_ENV);
                    }
                }
            }
            for (String key : new TreeSet<>(file.stringPropertyNames())) {
                if (key.startsWith(PluginSettings.FILE_PREFIX)) {
                    PluginSettings.put(out, key.substring(PluginSettings.FILE_PREFIX.length()) + "=" + file.getProperty(key), configFile);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return out;
    }

    private static String next(String[] args, int i, String flag) throws ConfigException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new ConfigException(flag + " needs a value");
        }
        return args[i];
    }

    private static Option byFlag(String flag) {
        for (Option o : Option.values()) {
            if (o.flag().equals(flag)) {
                return o;
            }
        }
        return null;
    }

    private static Option byKey(String key) {
        for (Option o : Option.values()) {
            if (o.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        return null;
    }

    private static String knownKeys() {
        StringBuilder b = new StringBuilder();
        for (Option o : Option.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(o.key());
        }
        return b.toString();
    }

    private static int intIn(Map<Option, String> v, Option o, int min, int max) throws ConfigException {
        return (int) longIn(v, o, min, max);
    }

    private static long longIn(Map<Option, String> v, Option o, long min, long max) throws ConfigException {
        String s = v.get(o);
        try {
            long n = Long.parseLong(s);
            if (n < min || n > max) {
                throw new ConfigException(o.flag() + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(o.flag() + " (" + o.env() + ") must be a number, not '" + s + "'");
        }
    }

    /** The option list for --help: flag and environment variable, then what it does, each option a paragraph. */
    public static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("Usage: java -jar roster.jar [options]\n\n");
        b.append("Each option can also be set by its environment variable or, as key=value, in a config file\n");
        b.append("given with --config FILE (or ROSTER_CONFIG). Precedence: flag, environment, file, default.\n\n");
        for (Option o : Option.values()) {
            entry(b, o.flag() + " VALUE", o.env(), o.description() + " (default: " + o.defaultShown() + ")");
        }
        entry(b, "--config FILE", "ROSTER_CONFIG", "properties file with the options above");
        entry(b, PLUGIN_FLAG + " ID.NAME=VALUE", PLUGINS_ENV,
                "a plugin's setting, e.g. licensing.syncLimit=500 (repeatable; environment: comma-separated; file key plugin.ID.NAME)");
        entry(b, "", "ROSTER_ADMIN_TOKEN", "administrator bearer token; if unset at first start one is generated and printed once");
        entry(b, "--help", "", "this text");
        entry(b, "--version", "", "the version");
        b.append('\n').append(Tools.usage());
        return b.toString();
    }

    /** One option: "  --flag VALUE   ENV_VAR" on its own line, the description wrapped below it at 100 columns. */
    private static void entry(StringBuilder b, String flag, String env, String description) {
        b.append("  ").append(flag.isEmpty() ? env : env.isEmpty() ? flag : flag + "   (" + env + ")").append('\n');
        StringBuilder line = new StringBuilder("      ");
        for (String word : description.split(" ")) {
            if (line.length() + word.length() + 1 > 100 && line.length() > 6) {
                b.append(line).append('\n');
                line = new StringBuilder("      ");
            }
            line.append(line.length() > 6 ? " " : "").append(word);
        }
        b.append(line).append('\n');
    }
}
