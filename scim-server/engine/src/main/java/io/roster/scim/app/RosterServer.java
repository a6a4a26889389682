package io.roster.scim.app;

import io.roster.scim.backup.Backups;
import io.roster.scim.hook.Hooks;
import io.roster.scim.hook.OutboxDispatcher;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.http.AccessLog;
import io.roster.scim.http.BaseUrl;
import io.roster.scim.http.HttpEdge;
import io.roster.scim.http.PrincipalLimiter;
import io.roster.scim.http.ScimApplication;
import io.roster.scim.metrics.Health;
import io.roster.scim.metrics.MetricsMode;
import io.roster.scim.metrics.RosterMetrics;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.service.AccessTokens;
import io.roster.scim.store.ResourceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;

/**
 * A running Roster: store, services and the HTTP server. {@link Main} runs one from the command line;
 * the conformance kit embeds one per test run.
 */
public final class RosterServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RosterServer.class.getName());

    private final Engine engine;
    private final ResourceStore store;
    private final OutboxDispatcher outbox;
    private final HttpServer http;
    private final int port;
    private final int adminPort;
    private final String host;
    private final boolean https;
    private final Optional<String> generatedToken;
    private final Map<String, Long> counts;
    private final PluginFolder pluginFolder;
    private final Health health;
    private final RosterMetrics metrics;
    private volatile boolean closed;

    private RosterServer(Engine engine, OutboxDispatcher outbox, HttpServer http, int port, int adminPort, String host, boolean https,
                         Optional<String> generatedToken, Map<String, Long> counts, PluginFolder pluginFolder, Health health,
                         RosterMetrics metrics) {
        this.engine = engine;
        this.store = engine.store();
        this.outbox = outbox;
        this.http = http;
        this.port = port;
        this.adminPort = adminPort;
        this.host = host;
        this.https = https;
        this.generatedToken = generatedToken;
        this.counts = counts;
        this.pluginFolder = pluginFolder;
        this.health = health;
        this.metrics = metrics;
    }

    /**
     * Opens the store and starts serving, with the plugins ServiceLoader finds on the class path and in
     * the configured plugins folder ({@link Config#pluginsDir()}).
     *
     * @throws IllegalStateException with a user-facing message when the store, the port or the plugins
     *                               folder is unusable
     */
    public static RosterServer start(Config config) {
        PluginFolder folder = PluginFolder.open(config.pluginsDir(), RosterServer.class.getClassLoader());
        try {
            return start(config, folder.discover(), folder);
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /**
     * Opens the store and starts serving with exactly these plugins (tests and embedders choose them;
     * {@link #start(Config)} finds them with ServiceLoader). Plugins register before the store opens, so
     * their resource types get tables and their indexes are built.
     *
     * @throws IllegalStateException also when the plugins are unusable: a missing dependency, a cycle,
     *                               two plugins with one id, or a plugin failing to register
     */
    public static RosterServer start(Config config, List<RosterPlugin> plugins) {
        return start(config, plugins, null);
    }

    private static RosterServer start(Config config, List<RosterPlugin> plugins, PluginFolder pluginFolder) {
        SSLContext tls = config.tls() == null ? null : config.tls().sslContext(); // before the store opens: bad files fail fast
        PluginSettings pluginSettings = PluginSettings.of(config.plugins());
        Engine engine = Engine.open(config.dataDir(), config.store(), plugins, config.settings(), Clock.systemUTC(), pluginSettings);
        ResourceStore store = engine.store();
        Hooks hooks = engine.hooks();
        OutboxDispatcher outbox = null;
        RosterMetrics metrics = null;
        try {
            Map<String, Long> counts = engine.counts();
            outbox = hooks.startDelivery(store);
            engine.start();
            AccessTokens tokens = new AccessTokens(store, hooks.authorizer());
            Optional<String> generated = tokens.initialise(config.adminToken());
            Health health = new Health();
            OutboxDispatcher delivery = outbox;
            metrics = config.metrics() == MetricsMode.OFF ? null : new RosterMetrics(store,
                    engine.registry().resourceTypes().stream().map(ResourceType::name).toList(),
                    delivery == null ? () -> 0 : delivery::pending);
            Backups backups = new Backups(config.operations().backupDir(), store, config.store(), Main.version(), hooks.authorizer(),
                    Clock.systemUTC());
            ScimApplication app = new ScimApplication(engine.registry(), engine.service(), engine.bulk(), config.baseUrl(),
                    config.maxPayloadSize(), metrics, config.metrics(), backups);
            HttpEdge.Monitoring monitoring = new HttpEdge.Monitoring(health, metrics == null ? null : metrics.requests(),
                    config.metrics() == MetricsMode.OPEN,
                    engine.registry().resourceTypes().stream().map(ResourceType::endpointSegment).toList());
            HttpServer http = HttpEdge.create(app, new HttpEdge.Settings(config.host(), config.port(), config.httpThreads(),
                    config.maxPayloadSize(), config.requestBodyTimeout(), tls, config.operations().adminPort()), tokens, new PrincipalLimiter(config.maxRequestsPerClient(),
                    config.maxRequestsPerSecond()), monitoring);
            AccessLog.install(http, config.accessLog());
            NetworkListener listener = http.getListener("roster");
            NetworkListener adminListener = http.getListener("roster-admin");
            try {
                http.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage()
                        + " (is another server using the port? choose one with --port)", e);
            }
            health.ready(); // the store is open and recovered and the plugins started before the port was bound
            return new RosterServer(engine, outbox, http, listener.getPort(), adminListener == null ? -1 : adminListener.getPort(),
                    config.host(), tls != null, generated, counts, pluginFolder, health, metrics);
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            if (outbox != null) {
                outbox.close();
            }
            engine.close();
            throw e;
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return port;
    }

    /** The admin listener's port (see {@code --admin-port}), or -1 when there is none. */
    public int adminPort() {
        return adminPort;
    }

    /** Where clients reach the SCIM root, e.g. http://localhost:8080/scim/v2 (https:// with TLS). */
    public URI scimRoot() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        return URI.create((https ? "https://" : "http://") + h + ":" + port + "/" + BaseUrl.SCIM_ROOT);
    }

    /** The administrator token generated at this start (first start without ROSTER_ADMIN_TOKEN). */
    public Optional<String> generatedToken() {
        return generatedToken;
    }

    /** Resource counts per type when the store was opened. */
    public Map<String, Long> countsAtStart() {
        return counts;
    }

    public String describeCounts() {
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey() + (e.getValue() == 1 ? "" : "s"))
                .collect(Collectors.joining(", "));
    }

    /** How the store was opened: "new store", "clean", "replayed ..." or "rebuilt ...". */
    public String storeRecovery() {
        return store.recovery();
    }

    public long storeSizeBytes() {
        return store.sizeOnDisk();
    }

    /** How the store's writer has batched writes since start. */
    public String describeWriter() {
        return store.describeActivity();
    }

    /** Whether {@code /health/ready} answers 200 (false once {@link #close} has begun). */
    public boolean ready() {
        return health.isReady();
    }

    /** Stops accepting requests, lets running ones finish (up to 10 s), then closes the store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.notReady("shutting down"); // load balancers stop sending new requests while running ones finish
        try {
            http.shutdown(10, TimeUnit.SECONDS).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.shutdownNow();
        } catch (Exception e) {
            LOG.warning("HTTP server did not stop in time; stopping it now (" + e + ")");
            http.shutdownNow();
        }
        if (metrics != null) {
            metrics.close();
        }
        engine.hooks().stop(); // plugins' background work must leave what it has not done resumable
        if (outbox != null) {
            outbox.close(); // what it has not delivered stays in the store and is delivered after the next start
        }
        try {
            engine.close();
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("closing the store failed: " + e.getMessage(), e));
        } finally {
            if (pluginFolder != null) {
                pluginFolder.close(); // after the plugins have stopped: their classes are needed until then
            }
        }
    }
}
