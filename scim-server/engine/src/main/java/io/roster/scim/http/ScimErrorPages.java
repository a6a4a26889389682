package io.roster.scim.http;

import io.roster.scim.error.Details;
import io.roster.scim.error.ScimException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/**
 * Replaces Grizzly's HTML error page (which names the server and its version and prints stack traces)
 * with the RFC 7644 section 3.12 error object. Grizzly uses it for everything it refuses itself and for
 * a {@code sendError} from Jersey's container (a request Jersey could not answer at all). Grizzly sets
 * {@code text/html} only when no content type is set yet, so setting ours here wins.
 */
final class ScimErrorPages implements ErrorPageGenerator {

    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        ScimException e;
        if (status == 503) {
            e = new ScimException(503, null, "The server is shutting down or cannot take the request now; retry shortly.");
        } else if (status >= 500) {
            e = GrizzlyErrors.internal(exception != null ? exception
                    : new IllegalStateException(status + " " + reasonPhrase + ": " + description), "HTTP server");
            e = new ScimException(status, null, e.detail());
        } else {
            e = new ScimException(status, null, detail(status, reasonPhrase, description));
        }
        if (request != null && request.getResponse() != null) {
            GrizzlyErrors.prepare(request.getResponse());
            request.getResponse().setContentLength(-1);
        }
        return new String(GrizzlyErrors.json(e), StandardCharsets.UTF_8);
    }

    private static String detail(int status, String reasonPhrase, String description) {
        String text = description != null && !description.isBlank() ? description : reasonPhrase;
        if (text == null || text.isBlank()) {
            text = "The request was refused (HTTP " + status + ").";
        }
        return Details.excerpt(text.replaceAll("[\\p{Cntrl}<>]", " "));
    }
}
