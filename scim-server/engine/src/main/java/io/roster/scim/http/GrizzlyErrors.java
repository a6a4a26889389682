package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.Connection;
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
     * Answers {@code e} unless the response is already committed. {@code close} adds
     * {@code Connection: close}: needed whenever the request body was not read to its end. Grizzly then
     * reads and discards the rest of the body before closing, so a client still sending it can finish
     * and read the answer; callers bound that with {@link #closeLater} or end it with {@link #closeNow}.
     */
    static void write(Response response, ScimException e, boolean close) {
        if (response.isCommitted()) {
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
        } catch (IOException | RuntimeException ex) {
            LOG.log(Level.FINE, "could not answer " + e.status() + " (the client has probably gone)", ex);
            Connection<?> c = connection(response);
            if (c != null) {
                c.closeSilently();
            }
        }
    }

    /** The response's connection (null once the request is over); take it before resuming the response. */
    static Connection<?> connection(Response response) {
        try {
            var ctx = response.getRequest().getContext();
            return ctx == null ? null : ctx.getConnection();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Closes the connection once what was written to it is sent (Grizzly's close is graceful). */
    static void closeNow(Connection<?> connection) {
        if (connection != null) {
            connection.closeSilently();
        }
    }

    /**
     * Closes the connection after {@code delay} unless it is closed before: bounds the time Grizzly
     * spends discarding the rest of a refused body. The connection is not reused meanwhile (the answer
     * said {@code Connection: close}), so the close can hit nothing else.
     */
    static void closeLater(Connection<?> connection, ScheduledExecutorService timer, long delayMillis) {
        if (connection != null && connection.isOpen()) {
            timer.schedule(() -> closeNow(connection), delayMillis, TimeUnit.MILLISECONDS);
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

}
