package io.roster.scim.http;

import io.roster.scim.metrics.Health;
import io.roster.scim.metrics.RequestMetrics;
import io.roster.scim.service.AccessTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import java.util.List;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Builds the Grizzly HTTP server around the JAX-RS application: Jersey's container behind
 * {@link EdgeHandler}, Grizzly's codec replaced by {@link EdgeCodec}, SCIM error pages instead of
 * Grizzly's HTML ones, the worker pool, and TLS when configured.
 */
public final class HttpEdge {

    /**
     * What the edge needs to know; the rest of the configuration stays with the application.
     *
     * @param tls       the server's TLS context: the port then serves HTTPS only; null for plain HTTP
     * @param adminPort the port of the admin listener ({@link PortRoles}), which shares the main one's
     *                  workers and TLS; -1 for none
     */
    public record Settings(String host, int port, int workerThreads, long maxPayloadSize, Duration bodyTimeout, SSLContext tls,
                           int adminPort) {
        /** Plain HTTP. */
        public Settings(String host, int port, int workerThreads, long maxPayloadSize, Duration bodyTimeout) {
            this(host, port, workerThreads, maxPayloadSize, bodyTimeout, null);
        }

        /** Without an admin listener. */
        public Settings(String host, int port, int workerThreads, long maxPayloadSize, Duration bodyTimeout, SSLContext tls) {
            this(host, port, workerThreads, maxPayloadSize, bodyTimeout, tls, -1);
        }
    }

    /**
     * What the edge does for monitoring.
     *
     * @param health      answers {@code /health/live} and {@code /health/ready} (never null)
     * @param requests    where each request is counted and timed, or null when metrics are off
     * @param openMetrics {@code /metrics} needs no token
     * @param endpoints   the resource types' endpoint segments ("Users"): the metrics' endpoint labels
     */
    public record Monitoring(Health health, RequestMetrics requests, boolean openMetrics, List<String> endpoints) {
        /** Health probes only, always ready; nothing measured. */
        public static Monitoring none() {
            Health health = new Health();
            health.ready();
            return new Monitoring(health, null, false, List.of());
        }
    }

    private HttpEdge() {
    }

    /** A server not yet started; {@link HttpServer#start()} binds it. */
    public static HttpServer create(ResourceConfig app, Settings settings, AccessTokens tokens, PrincipalLimiter limiter) {
        return create(app, settings, tokens, limiter, Monitoring.none());
    }

    /** As {@link #create(ResourceConfig, Settings, AccessTokens, PrincipalLimiter)}, monitored. */
    public static HttpServer create(ResourceConfig app, Settings settings, AccessTokens tokens, PrincipalLimiter limiter,
                                    Monitoring monitoring) {
        HttpServer server = new HttpServer();
        EdgeCodec.Installer codec = EdgeCodec.addOn();
        NetworkListener listener = listener("roster", settings.port(), settings, codec);
        server.addListener(listener);
        NetworkListener admin = null;
        if (settings.adminPort() >= 0) {
            // Operators' requests are few: a small pool of their own, so a busy API never starves a probe or a scrape.
            admin = listener("roster-admin", settings.adminPort(), new Settings(settings.host(), settings.adminPort(), 4,
                    settings.maxPayloadSize(), settings.bodyTimeout(), settings.tls()), codec);
            server.addListener(admin);
        }

        ServerConfiguration config = server.getServerConfiguration();
        ScimErrorPages errorPages = new ScimErrorPages();
        config.setDefaultErrorPageGenerator(errorPages);
        listener.setDefaultErrorPageGenerator(errorPages);
        // Grizzly names itself only on its own error pages, which are replaced; say nothing anyway.
        config.setHttpServerName("");
        config.setHttpServerVersion("");
        // Some clients send a body ({} or more) with GET and DELETE; it is read and ignored rather than
        // answered with Grizzly's bare 400 (RFC 9110 sections 9.3.1 and 9.3.5: such a body has no meaning).
        config.setAllowPayloadForUndefinedHttpMethods(true);
        // TRACE goes to the application, which answers 405 like any other method it does not serve.
        config.setPassTraceRequest(true);
        config.setDefaultQueryEncoding(StandardCharsets.UTF_8);

        GrizzlyHttpContainer jersey = ContainerFactory.createContainer(GrizzlyHttpContainer.class, app);
        SlowBodyGuard bodies = new SlowBodyGuard(settings.maxPayloadSize(), settings.bodyTimeout());
        EdgeHandler edge = new EdgeHandler(jersey, new Authentication(tokens, limiter, monitoring.openMetrics()), bodies, codec);
        edge.monitor(new HealthProbe(monitoring.health()), monitoring.requests(), new EndpointLabels(monitoring.endpoints()));
        edge.ports(new PortRoles(admin));
        config.addHttpHandler(edge, "/");
        return server;
    }

    private static NetworkListener listener(String name, int port, Settings settings, EdgeCodec.Installer codec) {
        NetworkListener listener = new NetworkListener(name, settings.host(), port);
        // Workers block while their write waits for the group commit, so there must be enough of them
        // for many writes to share one commit. Bodies are collected without them (SlowBodyGuard).
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName(name + "-http")
                .setCorePoolSize(Math.min(16, settings.workerThreads()))
                .setMaxPoolSize(settings.workerThreads())
                .setQueueLimit(-1));
        if (settings.tls() != null) {
            // Grizzly puts its SSL filter below the HTTP codec, so EdgeCodec (swapped in by type) sees plain HTTP as before.
            listener.setSecure(true);
            listener.setSSLEngineConfig(new SSLEngineConfigurator(settings.tls(), false, false, false));
        }
        listener.registerAddOn(codec);
        return listener;
    }
}
