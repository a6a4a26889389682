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
 *   <li>A body is collected without holding a worker ({@link SlowBodyGuard}), then the request goes to
 *   Jersey.</li>
 *   <li>Anything that still escapes Jersey becomes a SCIM 500 with an error id, never Grizzly's page.</li>
 * </ol>
 */
final class EdgeHandler extends HttpHandler {
    private static final Logger LOG = Logger.getLogger(EdgeHandler.class.getName());

    private final HttpHandler jersey;
    private final SlowBodyGuard bodies;
    private final AutoCloseable[] resources;
    private final ErrorPageGenerator errorPages = new ScimErrorPages();

    /** @param resources closed with the handler, when the server stops */
    EdgeHandler(HttpHandler jersey, SlowBodyGuard bodies, AutoCloseable... resources) {
        super("roster");
        this.jersey = jersey;
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
        ScimException refused = check(request);
        SlowBodyGuard.Next next = refused == null ? this::dispatch : (rq, rs) -> refuse(rs, refused);
        if (SlowBodyGuard.hasBody(request)) {
            // Even a refused request's body is read first (within the same limits): answering while the
            // client is still sending would reset the connection under the answer.
            bodies.collect(request, response, next);
        } else {
            next.handle(request, response);
        }
    }

    /** Null when the request may go on, else why not. Cleans the target and media type headers in place. */
    private static ScimException check(Request request) {
        try {
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
            return null;
        } catch (ScimException e) {
            return e;
        }
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
