package io.roster.scim.app;

/**
 * One configuration option: its flag ({@code --port}), environment variable ({@code ROSTER_PORT}),
 * config-file key ({@code port}), default and description. The README's table is this list.
 */
public enum Option {
    PORT("port", "8080", "TCP port to listen on (0 picks a free one)"),
    HOST("host", "0.0.0.0", "interface to bind"),
    DATA_DIR("data-dir", "./data", "where the store lives; created if missing"),
    STORE("store", "mapdb", "storage backend, by the name of its provider (bundled: mapdb)"),
    BASE_URL("base-url", "", "public URL of the SCIM root used in meta.location and Location, e.g. https://scim.example.com/scim/v2; default: derived from each request"),
    MAX_PAYLOAD_SIZE("max-payload-size", "4194304", "largest request body in bytes (larger: 413)"),
    MAX_RESULTS("max-results", "1000", "largest page a list returns (count is clamped to it)"),
    DEFAULT_COUNT("default-count", "100", "page size when a list request gives no count"),
    PASSWORD_ITERATIONS("password-iterations", "100000", "PBKDF2-HMAC-SHA256 iterations for stored password hashes"),
    HTTP_THREADS("http-threads", "64", "maximum HTTP worker threads"),
    REQUEST_BODY_TIMEOUT("request-body-timeout", "30", "seconds a client has to send a whole request body; slower: 408 and the "
            + "connection is closed (bodies are collected without holding a worker thread)"),
    MAX_REQUESTS_PER_CLIENT("max-requests-per-client", "", "requests one authenticated caller (one bearer token) may have in "
            + "progress at once; more: 429 with Retry-After", "3/4 of --http-threads, 48 with 64 threads"),
    MAX_REQUESTS_PER_SECOND("max-requests-per-second", "0", "requests per second one authenticated caller (one bearer "
            + "token) may send on average, with a burst of as many; more: 429 with Retry-After; 0: no rate limit"),
    MAX_VALUES_PER_ATTRIBUTE("max-values-per-attribute", "1000",
            "most values one multi-valued attribute of a resource may hold, e.g. emails (Group members are not counted)"),
    ACCESS_LOG("access-log", "off", "access log, one record per request through the application log: off, common "
            + "(Apache common log format, UTC) or json (time, remote, caller, method, path, query, status, bytes, ms)"),
    LOG_FORMAT("log-format", "plain", "application log format on stderr: plain (one line per record) or json (one JSON object "
            + "per line); ignored when -Djava.util.logging.config.file or .class gives your own logging configuration"),
    PLUGINS_DIR("plugins-dir", "./plugins", "folder of plugin jars: at start every *.jar in it (by name, not in subfolders) "
            + "is loaded beside the bundled plugins; the default folder may be missing, a folder given must exist"),
    TLS_CERT("tls-cert", "", "PEM certificate chain (server certificate first); with --tls-key the port serves HTTPS only"),
    TLS_KEY("tls-key", "", "PEM private key of --tls-cert, unencrypted PKCS#8 (BEGIN PRIVATE KEY), RSA or EC"),
    TLS_KEYSTORE("tls-keystore", "", "PKCS12 keystore with the server's key and certificate chain, instead of --tls-cert and "
            + "--tls-key; the port serves HTTPS only"),
    TLS_KEYSTORE_PASSWORD("tls-keystore-password", "", "password of --tls-keystore (and of its key); prefer the environment "
            + "variable or the config file: a flag shows in process listings"),
    METRICS("metrics", "token", "who may read /metrics (Prometheus format): token (an admin token, one that may use the SCIM "
            + "API beyond /Me), open (anyone; for a private network), off (not served, nothing measured)"),
    ADMIN_PORT("admin-port", "", "port of a second listener for operators: /health, /metrics and /backups are served there "
            + "and no longer on --port, which keeps only the SCIM API (and /health); bind it where only operators reach it",
            "none: everything on --port"),
    BACKUP_DIR("backup-dir", "./backups", "folder where POST /backups writes online backups (one folder each, named by "
            + "time); restore one with `roster.jar restore`");

    private final String key;
    private final String defaultValue;
    private final String description;
    private final String defaultShown;

    Option(String key, String defaultValue, String description) {
        this(key, defaultValue, description, defaultValue.isEmpty() ? "none" : defaultValue);
    }

    /** @param defaultShown how --help states the default when it is derived rather than a fixed value */
    Option(String key, String defaultValue, String description, String defaultShown) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.defaultShown = defaultShown;
    }

    public String key() {
        return key;
    }

    public String flag() {
        return "--" + key;
    }

    public String env() {
        return "ROSTER_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The default as --help states it. */
    public String defaultShown() {
        return defaultShown;
    }
}
