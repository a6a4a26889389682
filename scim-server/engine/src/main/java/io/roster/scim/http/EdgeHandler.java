package io.roster.scim.http;

import io.roster.scim.error.ScimException;
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
        Authentication.Admission admission;
        try {
            check(request);
            admission = authentication.admit(request.getRequestURI(), request.getHeader("Authorization"));
        } catch (ScimException refused) {
            if (SlowBodyGuard.hasBody(request)) {
                bodies.refuse(response, refused); // answered now; the body is discarded as it arrives, never buffered
            } else {
                refuse(response, refused);
            }
            return;
        }
        Runnable release = admission == null ? () -> { } : admission::close;
        if (admission != null) {
            request.setAttribute(Authentication.PRINCIPAL_ATTRIBUTE, admission.principal());
        }
        SlowBodyGuard.Next next = (rq, rs) -> {
            try {
                dispatch(rq, rs);
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
    private void dispatch(Request request, Response response) {
        try {
            jersey.service(request, response);
        } catch (Throwable t) {
            if (t instanceof Error err && !(t instanceof StackOverflowError)) {
                LOG.log(Level.SEVERE, "fatal error serving a request", t);
            }
            GrizzlyErrors.write(response, GrizzlyErrors.internal(t, "request outside the JAX-RS application"), false);
        } finally {
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
