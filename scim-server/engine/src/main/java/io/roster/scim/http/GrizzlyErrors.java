package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.http.server.Response;

/**
 * Writes RFC 7644 section 3.12 errors straight into a Grizzly response, for what is refused before
 * Jersey runs (a slow or oversized body, a bad request target) or fails outside it. Same body as
 * {@link ErrorResponses}, so a client cannot tell which layer answered.
 */
final class GrizzlyErrors {
    private static final Logger LOG = Logger.getLogger(GrizzlyErrors.class.getName());

    private GrizzlyErrors() {
    }

    /**
     * Answers {@code e} unless the response is already committed. {@code close} also closes the
     * connection after it: needed whenever the request body was not read to its end, since the next
     * bytes on the connection would be the rest of that body rather than a request.
     */
    static void write(Response response, ScimException e, boolean close) {
        if (response.isCommitted()) {
            if (close) {
                closeQuietly(response);
            }
            return;
        }
        try {
            response.reset();
            response.setStatus(e.status(), reasonPhrase(e.status()));
            prepare(response);
            for (Map.Entry<String, String> h : e.headers().entrySet()) {
                response.setHeader(h.getKey(), h.getValue());
            }
            if (close) {
                response.setHeader("Connection", "close");
            }
            byte[] body = json(e);
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            out.flush();
            if (close) {
                // Grizzly keeps a connection whose request body it has not finished reading open after a
                // "Connection: close" response; close it once what was written is sent.
                response.getRequest().getContext().getConnection().close();
            }
        } catch (IOException | RuntimeException ex) {
            LOG.log(Level.FINE, "could not answer " + e.status() + " (the client has probably gone)", ex);
            closeQuietly(response);
        }
    }

    /** A 500 for a failure no mapper saw, logged with the id the client is given. */
    static ScimException internal(Throwable cause, String where) {
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected error " + errorId + " (" + where + ")", cause);
        return new ScimException(500, null, "Internal server error (error id " + errorId
                + "). The server log has the details under this id.");
    }

    /** Sets the SCIM media type on a response whose body the caller writes. */
    static void prepare(Response response) {
        response.setContentType(ScimMediaType.SCIM_JSON);
        response.setCharacterEncoding("UTF-8");
    }

    static byte[] json(ScimException e) {
        return ErrorResponses.JSONB.toJson(ScimError.of(e)).getBytes(StandardCharsets.UTF_8);
    }

    /** Grizzly knows no reason phrase for some statuses (429); HTTP/1.1 clients ignore it anyway. */
    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    private static void closeQuietly(Response response) {
        try {
            var ctx = response.getRequest().getContext();
            if (ctx != null && ctx.getConnection() != null) {
                ctx.getConnection().closeSilently();
            }
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
