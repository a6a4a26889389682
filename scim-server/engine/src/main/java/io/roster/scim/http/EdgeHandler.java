package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import io.roster.scim.metrics.Health;
import io.roster.scim.metrics.RequestMetrics;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Grizzly's handler in front of Jersey's container: what must hold before any JAX-RS code runs
 * ({@link EdgeCodec} deals with what must hold before a request is even parsed).
 * <ol>
 *   <li>The request target is checked and cleaned ({@link RequestTargets}) before authentication and
 *   routing decide anything on it, and so are the media type headers Jersey parses while routing
 *   ({@link MediaTypeHeaders}).</li>
 *   <li>The caller is authenticated and takes a concurrency permit ({@link Authentication}) before the
 *   body is collected: a request that is refused never makes the server buffer its body (the answer is
 *   sent at once and Grizzly discards the body as it arrives).</li>
 *   <li>A body is collected without holding a worker ({@link SlowBodyGuard}), then the request goes to
 *   Jersey; the permit is given back when Jersey is done, or when the body never completes.</li>
 *   <li>The health probes ({@link HealthProbe}) and the admin console's static files ({@link ConsoleAssets})
 *   are answered before authentication.</li>
 *   <li>Anything that still escapes Jersey becomes a SCIM 500 with an error id, never Grizzly's page.</li>
 * </ol>
 */
final class EdgeHandler extends HttpHandler {
    private static final Logger LOG = Logger.getLogger(EdgeHandler.class.getName());

    private final HttpHandler jersey;
    private final Authentication authentication;
    private final SlowBodyGuard bodies;
    private final AutoCloseable[] resources;
    private final ErrorPageGenerator errorPages = new ScimErrorPages();
    private final ConsoleAssets console = new ConsoleAssets();
    private HealthProbe health = new HealthProbe(readyHealth());
    private RequestMetrics requests;
    private EndpointLabels labels;
    private PortRoles ports = new PortRoles(null);

    /** @param resources closed with the handler, when the server stops */
    EdgeHandler(HttpHandler jersey, Authentication authentication, SlowBodyGuard bodies, AutoCloseable... resources) {
        super("roster");
        this.jersey = jersey;
        this.authentication = authentication;
        this.bodies = bodies;
        this.resources = resources;
        // Decoding is checked by RequestTargets; let Grizzly's mapper pass %2F through to be refused there
        // with a SCIM error rather than answer an empty 400 itself.
        setAllowEncodedSlash(true);
    }

    /** Answers the health probes with {@code probe}; counts and times requests in {@code metrics} unless it is null. */
    void monitor(HealthProbe probe, RequestMetrics metrics, EndpointLabels endpointLabels) {
        this.health = probe;
        this.requests = metrics;
        this.labels = endpointLabels;
    }

    /** Serves each path only on the listener {@code roles} gives it. */
    void ports(PortRoles roles) {
        this.ports = roles;
    }

    private static Health readyHealth() {
        Health h = new Health();
        h.ready();
        return h;
    }

    @Override
    public void start() {
        jersey.start();
    }

    @Override
    public void destroy() {
        try {
            jersey.destroy();
        } finally {
            bodies.close();
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception e) {
                    LOG.log(Level.FINE, "closing " + r, e);
                }
            }
        }
    }

    @Override
    protected ErrorPageGenerator getErrorPageGenerator(Request request) {
        return errorPages;
    }

    @Override
    public void service(Request request, Response response) {
        long started = System.nanoTime();
        Authentication.Admission admission;
        try {
            check(request);
            ports.check(request);
            if (MonitoringPaths.isHealth(request.getRequestURI())) {
                // Before authentication and the permits: probes need no token and never wait for a busy caller.
                health.answer(request, response);
                return;
            }
            if (ConsoleAssets.handles(request.getRequestURI())) {
                // The console's static files hold no data and need no token (it signs in to the API itself).
                console.answer(request, response);
                return;
            }
            admission = authentication.admit(request.getRequestURI(), request.getHeader("Authorization"));
        } catch (ScimException refused) {
            measure(request, refused.status(), started); // first: once answered, Grizzly may recycle the request
            if (SlowBodyGuard.hasBody(request)) {
                bodies.refuse(response, refused); // answered now; the body is discarded as it arrives, never buffered
            } else {
                refuse(response, refused);
            }
            return;
        } catch (IOException e) {
            LOG.log(Level.FINE, "health probe or console file not answered", e);
            return;
        }
        Finish finish = requests == null ? null : new Finish(admission, request, response, started);
        Runnable release = finish != null ? finish : admission == null ? () -> { } : admission::close;
        if (admission != null) {
            request.setAttribute(Authentication.PRINCIPAL_ATTRIBUTE, admission.principal());
        }
        if (finish != null) {
            request.setAttribute(ResponseStatusProbe.ATTRIBUTE, finish);
        }
        SlowBodyGuard.Next next = (rq, rs) -> {
            try {
                dispatch(rq, rs, finish);
            } finally {
                release.run(); // Jersey serves synchronously: the response is written when dispatch returns
            }
        };
        if (SlowBodyGuard.hasBody(request)) {
            bodies.collect(request, response, next, release);
        } else {
            next.handle(request, response);
        }
    }

    private void measure(Request request, int status, long started) {
        if (requests != null) {
            requests.record(labels.of(request.getRequestURI()), request.getMethod().getMethodString(), status,
                    System.nanoTime() - started);
        }
    }

    /** Gives the permit back and measures the request, once, whichever way it ends. */

    private final class Finish extends AtomicBoolean implements Runnable, IntConsumer {
        private static final long serialVersionUID = 1L;
        private final transient Authentication.Admission admission;
        private final transient Response response;
        private final String endpoint;
        private final String method;
        private final long started;
        /** The status answered, once Jersey is done; 0 while unknown. */
        volatile int status;

        /** Reads what it needs of the request now: Grizzly recycles it once the response is finished. */
        Finish(Authentication.Admission admission, Request request, Response response, long started) {
            this.admission = admission;
            this.response = response;
            this.endpoint = labels.of(request.getRequestURI());
            this.method = request.getMethod().getMethodString();
            this.started = started;
        }

        /** The status Jersey answers with ({@link ResponseStatusProbe}). */
        @Override
        public void accept(int answered) {
            status = answered;
        }

        @Override
        public void run() {
            if (!compareAndSet(false, true)) {
                return;
            }
            if (admission != null) {
                admission.close();
            }
            int answered = status;
            if (answered == 0) {
                // Ended while its body was collected: the refusal (408, 413, 400) is written by then; a client
                // that went away got no response (0).
                try {
                    answered = response.isCommitted() ? response.getStatus() : 0;
                } catch (RuntimeException e) {
                    answered = 0;
                }
            }
            requests.record(endpoint, method, answered, System.nanoTime() - started);
        }
    }

    /** Throws why the request may not go on; cleans the target and media type headers in place. */
    private static void check(Request request) {
        String path = RequestTargets.path(request.getRequestURI());
        if (!path.equals(request.getRequestURI())) {
            request.getRequest().setRequestURI(path);
        }
        String query = request.getQueryString();
        String cleanQuery = RequestTargets.query(query);
        if (query != null && !query.equals(cleanQuery)) {
            request.getRequest().setQueryString(cleanQuery);
        }
        MediaTypeHeaders.check(request, SlowBodyGuard.hasBody(request));
    }

    private static void refuse(Response response, ScimException e) {
        GrizzlyErrors.write(response, e, false);
        if (response.isSuspended()) {
            response.resume();
        }
    }

    /** Runs Jersey; whatever escapes it is answered here, and a response left suspended is finished. */
    private void dispatch(Request request, Response response, Finish finish) {
        try {
            jersey.service(request, response);
        } catch (Throwable t) {
            if (t instanceof Error err && !(t instanceof StackOverflowError)) {
                LOG.log(Level.SEVERE, "fatal error serving a request", t);
            }
            if (finish != null) {
                finish.status = 500;
            }
            GrizzlyErrors.write(response, GrizzlyErrors.internal(t, "request outside the JAX-RS application"), false);
        } finally {
            if (finish != null && finish.status == 0 && response.isSuspended()) {
                finish.status = response.getStatus(); // now: once resumed, Grizzly may recycle the response
            }
            if (response.isSuspended()) {
                try {
                    response.resume();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "response already finished", e);
                }
            }
        }
    }
}
