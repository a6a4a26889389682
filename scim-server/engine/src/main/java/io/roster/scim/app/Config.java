package io.roster.scim.app;

import io.roster.scim.http.AccessLog;
import io.roster.scim.metrics.MetricsMode;
import io.roster.scim.service.ServiceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The server's configuration, resolved. {@code adminToken} comes only from the environment
 * (ROSTER_ADMIN_TOKEN): a token on the command line would show in process listings.
 *
 * @param requestBodyTimeout   how long a client has to send a whole request body (408 after)
 * @param maxRequestsPerClient requests one authenticated caller may have in progress (429 beyond)
 * @param store                the storage backend's name ({@link io.roster.scim.store.StoreProvider})
 * @param plugins              the plugin settings given (plugin id to name to value; see {@link PluginSettings})
 * @param pluginsDir           the folder of plugin jars loaded at start, or null for none (see {@link PluginFolder})
 * @param tls                  the listener's key and certificate, or null to serve plain HTTP
 * @param logFormat            {@code plain} or {@code json} (see {@link Logging})
 * @param maxRequestsPerSecond requests per second one caller may send (a burst of as many), 0 for no limit
 * @param accessLog            {@code off}, {@code common} or {@code json} (see {@link AccessLog})
 * @param metrics              who may read /metrics ({@code --metrics})
 * @param operations           the admin listener and the backup folder
 */
public record Config(int port, String host, Path dataDir, String baseUrl, long maxPayloadSize,
                     ServiceSettings settings, int httpThreads, String adminToken,
                     Duration requestBodyTimeout, int maxRequestsPerClient, String store,
                     Map<String, Map<String, String>> plugins, PluginsDir pluginsDir, Tls tls,
                     String logFormat, int maxRequestsPerSecond, String accessLog, MetricsMode metrics,
                     Operations operations) {

    /**
     * What operators reach beside the SCIM API.
     *
     * @param adminPort the port of a second listener serving only {@code /health}, {@code /metrics} and
     *                  {@code /backups} (which the main port then no longer serves); -1 for none, 0 for a free one
     * @param backupDir where {@code POST /backups} writes backups
     */
    public record Operations(int adminPort, Path backupDir) {
        public static final int NO_ADMIN_PORT = -1;

        public static Operations defaults() {
            return new Operations(NO_ADMIN_PORT, Path.of(Option.BACKUP_DIR.defaultValue()));
        }

        public boolean hasAdminPort() {
            return adminPort != NO_ADMIN_PORT;
        }
    }

    /**
     * A folder of plugin jars. {@code given}: named by the user, so it must exist; the default folder
     * may be missing.
     */
    public record PluginsDir(Path path, boolean given) {
    }

    public Config {
        plugins = Map.copyOf(plugins);
    }

    /** Without a plugins folder or TLS, plain logs, no rate limit, no access log, metrics for admin tokens. */
    public Config(int port, String host, Path dataDir, String baseUrl, long maxPayloadSize, ServiceSettings settings,
                  int httpThreads, String adminToken, Duration requestBodyTimeout, int maxRequestsPerClient, String store,
                  Map<String, Map<String, String>> plugins) {
        this(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken, requestBodyTimeout,
                maxRequestsPerClient, store, plugins, null, null, Logging.PLAIN, 0, AccessLog.OFF, MetricsMode.TOKEN,
                Operations.defaults());
    }

    /** With the default store backend. */
    public Config(int port, String host, Path dataDir, String baseUrl, long maxPayloadSize, ServiceSettings settings,
                  int httpThreads, String adminToken, Duration requestBodyTimeout, int maxRequestsPerClient) {
        this(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken, requestBodyTimeout,
                maxRequestsPerClient, io.roster.scim.store.StoreProvider.DEFAULT, Map.of());
    }

    /** Defaults with the given data directory and port, for embedding (tests). */
    public static Config embedded(Path dataDir, int port, String adminToken) {
        int threads = Integer.parseInt(Option.HTTP_THREADS.defaultValue());
        return new Config(port, "127.0.0.1", dataDir, null, Long.parseLong(Option.MAX_PAYLOAD_SIZE.defaultValue()),
                ServiceSettings.defaults(), threads, adminToken,
                Duration.ofSeconds(Long.parseLong(Option.REQUEST_BODY_TIMEOUT.defaultValue())), defaultRequestsPerClient(threads));
    }

    /** Three quarters of the workers: enough for an identity provider's initial cycle, never all of them. */
    public static int defaultRequestsPerClient(int httpThreads) {
        return Math.max(1, httpThreads * 3 / 4);
    }

    public Config withSettings(ServiceSettings newSettings) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, newSettings, httpThreads, adminToken,
                requestBodyTimeout, maxRequestsPerClient, store, plugins, pluginsDir, tls, logFormat, maxRequestsPerSecond, accessLog, metrics, operations);
    }

    public Config withRequestBodyTimeout(Duration timeout) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken, timeout,
                maxRequestsPerClient, store, plugins, pluginsDir, tls, logFormat, maxRequestsPerSecond, accessLog, metrics, operations);
    }

    public Config withMaxRequestsPerClient(int max) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken,
                requestBodyTimeout, max, store, plugins, pluginsDir, tls, logFormat, maxRequestsPerSecond, accessLog, metrics, operations);
    }

    public Config withPluginsDir(PluginsDir dir) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken,
                requestBodyTimeout, maxRequestsPerClient, store, plugins, dir, tls, logFormat, maxRequestsPerSecond, accessLog, metrics, operations);
    }

    public Config withTls(Tls newTls) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken,
                requestBodyTimeout, maxRequestsPerClient, store, plugins, pluginsDir, newTls, logFormat, maxRequestsPerSecond, accessLog, metrics, operations);
    }

    public Config withStore(String name) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken,
                requestBodyTimeout, maxRequestsPerClient, name, plugins, pluginsDir, tls, logFormat, maxRequestsPerSecond, accessLog, metrics, operations);
    }

    public Config withMaxRequestsPerSecond(int perSecond) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken,
                requestBodyTimeout, maxRequestsPerClient, store, plugins, pluginsDir, tls, logFormat, perSecond, accessLog, metrics, operations);
    }

    public Config withAccessLog(String format) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken,
                requestBodyTimeout, maxRequestsPerClient, store, plugins, pluginsDir, tls, logFormat, maxRequestsPerSecond, format, metrics, operations);
    }

    public Config withDataDir(Path dir) {
        return new Config(port, host, dir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken,
                requestBodyTimeout, maxRequestsPerClient, store, plugins, pluginsDir, tls, logFormat, maxRequestsPerSecond, accessLog, metrics,
                operations);
    }

    public Config withOperations(Operations ops) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken,
                requestBodyTimeout, maxRequestsPerClient, store, plugins, pluginsDir, tls, logFormat, maxRequestsPerSecond, accessLog, metrics, ops);
    }

    public Config withMetrics(MetricsMode mode) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, settings, httpThreads, adminToken,
                requestBodyTimeout, maxRequestsPerClient, store, plugins, pluginsDir, tls, logFormat, maxRequestsPerSecond, accessLog, mode, operations);
    }
}
