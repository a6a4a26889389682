package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Collects a request body without holding a worker thread, before the request goes to Jersey.
 *
 * <p>Jersey reads bodies with blocking reads on Grizzly's worker threads, and Grizzly's read timeout
 * applies to each read, not to the body: 80 clients sending one byte every few seconds held all 64
 * workers and the server stopped answering. Here the response is suspended and Grizzly's non-blocking
 * input ({@code NIOInputStream.notifyAvailable}) buffers the body as it arrives; a worker is used only
 * for the moments bytes arrive. Once the body is complete the request is handed on, and Jersey's reads
 * find everything buffered. Two bounds hold while it arrives:
 * <ul>
 *   <li>the whole body must arrive within the deadline, else 408 (RFC 9110 section 15.5.9) and the
 *   connection is closed;</li>
 *   <li>the body may not exceed the payload limit, else 413 (RFC 9110 section 15.5.14) as soon as one
 *   byte more than the limit has arrived (a declared Content-Length over the limit is refused before
 *   anything is read). The rest of the body is then discarded as it arrives, so that a client still
 *   writing it can read the answer, and the connection is closed when it ends or the deadline passes.</li>
 * </ul>
 */
final class SlowBodyGuard implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SlowBodyGuard.class.getName());

    /** What to do with a request whose body has fully arrived. */
    interface Next {
        void handle(Request request, Response response);
    }

    private final long maxPayloadSize;
    private final Duration timeout;
    private final ScheduledThreadPoolExecutor deadlines;

    SlowBodyGuard(long maxPayloadSize, Duration timeout) {
        this.maxPayloadSize = maxPayloadSize;
        this.timeout = timeout;
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "roster-body-deadlines");
            t.setDaemon(true);
            return t;
        });
        this.deadlines.setRemoveOnCancelPolicy(true); // finished bodies do not leave their deadline queued
    }

    /** Whether the request carries a body to collect (a length above zero, or chunked). */
    static boolean hasBody(Request request) {
        return request.getContentLengthLong() > 0 || request.getRequest().isChunked();
    }

    /**
     * Collects the body of {@code request}, then calls {@code next} on a worker thread; or answers the
     * error and runs {@code abandoned} (the body was too large, too slow, broken, or its client left).
     */
    void collect(Request request, Response response, Next next, Runnable abandoned) {
        long declared = request.getContentLengthLong();
        if (declared > maxPayloadSize) {
            refuse(response, tooLarge());
            abandoned.run();
            return;
        }
        new Collection(request, response, next, abandoned).start();
    }

    /**
     * Answers {@code e} to a request whose body is not wanted, at once and without buffering it: the
     * connection says {@code Connection: close}, Grizzly discards the body as it arrives (so a client
     * still sending it reads the answer), and the connection is closed at the latest at the deadline.
     */
    void refuse(Response response, ScimException e) {
        Connection<?> connection = GrizzlyErrors.connection(response);
        GrizzlyErrors.write(response, e, true);
        GrizzlyErrors.closeLater(connection, deadlines, timeout.toMillis());
    }

    private ScimException tooLarge() {
        return ScimException.payloadTooLarge("The request body is larger than the server's limit of " + maxPayloadSize
                + " bytes (see maxPayloadSize in /ServiceProviderConfig); split the request.");
    }

    private ScimException tooSlow() {
        return ScimException.requestTimeout("The request body did not arrive within " + timeout.toSeconds()
                + " seconds; send the whole body promptly (the limit is the server's --request-body-timeout).");
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    /** One body being collected. Exactly one of handing on, 408, 413, error or abandonment happens. */
    private final class Collection implements ReadHandler {
        private final Request request;
        private final Response response;
        private final Next next;
        private final Runnable abandoned;
        private final AtomicBoolean settled = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        Collection(Request request, Response response, Next next, Runnable abandoned) {
            this.request = request;
            this.response = response;
            this.next = next;
            this.abandoned = abandoned;
        }

        void start() {
            FilterChainContext context = request.getContext();
            response.suspend(-1, TimeUnit.MILLISECONDS, new EmptyCompletionHandler<>() {
                @Override
                public void cancelled() {
                    // The client closed the connection: nothing to answer, but Grizzly only marks the response
                    // cancelled; the request stays in progress (and in memory, and counted by a graceful
                    // shutdown) until its filter chain goes on, as Response.cancel() would make it.
                    if (settle()) {
                        abandoned.run();
                        deadlines.execute(() -> {
                            try {
                                context.resume();
                            } catch (RuntimeException e) {
                                LOG.log(Level.FINE, "finishing an abandoned request", e);
                            }
                        });
                    }
                }
            });
            deadline = deadlines.schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
            // Called back once more than the limit is buffered, or when the body is complete: in between
            // the bytes only accumulate in Grizzly's input buffer.
            int threshold = (int) Math.min(Integer.MAX_VALUE - 1, maxPayloadSize + 1);
            request.getNIOInputStream().notifyAvailable(this, threshold);
        }

        @Override
        public void onDataAvailable() {
            if (request.getNIOInputStream().readyData() > maxPayloadSize) {
                refuse(tooLarge(), false);
            } else if (request.getNIOInputStream().isFinished()) {
                onAllDataRead();
            } else {
                request.getNIOInputStream().notifyAvailable(this, (int) Math.min(Integer.MAX_VALUE - 1, maxPayloadSize + 1));
            }
        }

        @Override
        public void onAllDataRead() {
            if (request.getNIOInputStream().readyData() > maxPayloadSize) {
                refuse(tooLarge(), false);
                return;
            }
            if (settle()) {
                next.handle(request, response); // Grizzly calls this on a worker thread
            }
        }

        @Override
        public void onError(Throwable t) {
            // A broken chunked encoding, or the connection closed before the body ended.
            LOG.log(Level.FINE, "request body could not be read", t);
            refuse(ScimException.badRequest("The request body could not be read to its end (a broken chunked "
                    + "encoding, or the connection closed early)."), true);
        }

        private void expire() {
            refuse(tooSlow(), true);
        }

        /**
         * Answers {@code e} and ends the connection: at once for a client too slow or broken to finish its
         * body, or, for one over the limit, once it has sent the rest (discarded as it arrives) or the
         * deadline passes, so that a client still writing a large body can read the 413.
         */
        private void refuse(ScimException e, boolean closeNow) {
            if (!settle()) {
                return;
            }
            Connection<?> connection = GrizzlyErrors.connection(response);
            try {
                GrizzlyErrors.write(response, e, true);
            } finally {
                abandoned.run(); // after the answer is written, so that it can be measured; before the response is recycled
            }
            resume();
            if (closeNow) {
                GrizzlyErrors.closeNow(connection);
            } else {
                GrizzlyErrors.closeLater(connection, deadlines, timeout.toMillis());
            }
        }

        /** True for the one caller that gets to finish this body. */
        private boolean settle() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
            return true;
        }

        private void resume() {
            try {
                if (response.isSuspended()) {
                    response.resume();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "could not finish a refused request", e);
            }
        }
    }
}
