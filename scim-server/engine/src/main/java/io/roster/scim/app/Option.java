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
    MAX_VALUES_PER_ATTRIBUTE("max-values-per-attribute", "1000",
            "most values one multi-valued attribute of a resource may hold, e.g. emails (Group members are not counted)"),
    METRICS("metrics", "token", "who may read /metrics (Prometheus format): token (an admin token, one that may use the SCIM "
            + "API beyond /Me), open (anyone; for a private network), off (not served, nothing measured)");

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
