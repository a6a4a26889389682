package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.ContentEncoding;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.utils.DelayedExecutor;

/**
 * Grizzly's HTTP/1.1 codec with two changes at the wire level, where no handler can reach:
 * <ul>
 *   <li><b>Upgrade is ignored</b> (RFC 9110 section 7.8 lets a server do so). Java's HttpClient sends
 *   {@code Upgrade: h2c} on its first plain-http request; Grizzly's codec then treats everything after
 *   the headers as the new protocol's stream: a POST's body never ends, and the next request on the
 *   connection is never parsed. Ignored, the request is an ordinary HTTP/1.1 request and the connection
 *   stays usable.</li>
 *   <li><b>Requests refused while parsing</b> (a malformed request line or header, an invalid
 *   Content-Length, a broken chunk, an unsupported HTTP version) get the RFC 7644 section 3.12 error
 *   object instead of an empty body.</li>
 * </ul>
 * Installed by replacing the listener's codec, with the settings Grizzly's HttpServer gives its own
 * (8 KB of headers unless the listener says otherwise), through {@link #addOn}.
 */
final class EdgeCodec extends HttpServerFilter {

    /** Grizzly's default for the request line and headers together, which the listener keeps. */
    static final int HEADER_LIMIT = 8192;

    private EdgeCodec(NetworkListener listener, HttpServerFilter original, DelayedExecutor executor) {
        super(listener.isChunkingEnabled(), listener.getMaxHttpHeaderSize() == -1 ? HEADER_LIMIT : listener.getMaxHttpHeaderSize(),
                original.getDefaultResponseContentType(),
                listener.getKeepAlive(), executor, listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders());
        for (ContentEncoding e : original.getContentEncodings()) {
            addContentEncoding(e);
        }
        setAllowPayloadForUndefinedHttpMethods(original.isAllowPayloadForUndefinedHttpMethods());
        setMaxPayloadRemainderToSkip(original.getMaxPayloadRemainderToSkip());
        setPreserveHeaderCase(original.isPreserveHeaderCase());
        setRemoveHandledContentEncodingHeaders(original.isRemoveHandledContentEncodingHeaders());
    }

    @Override
    protected void onIncomingUpgrade(FilterChainContext ctx, HttpHeader httpHeader) {
        httpHeader.getUpgradeDC().recycle(); // an ordinary request from here on; Grizzly's own behaviour is never called
    }

    @Override
    protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
        int status = response.getStatus();
        if (status == 505) {
            // Mostly a request line with a raw space in its target ("?filter=userName eq x"): the client's
            // error, and no input may earn a 5xx. A real HTTP/2 or HTTP/3 client never speaks plain HTTP/1.x.
            status = 400;
            response.setStatus(400);
            response.setReasonPhrase("Bad Request");
        } else if (response.getRequest() != null && response.getRequest().getProtocolDC().isNull()) {
            // Refused inside its request line (one longer than the header limit): with no protocol parsed,
            // Grizzly answers as to HTTP/0.9 and leaves out the headers, Content-Type among them.
            response.getRequest().setProtocol(Protocol.HTTP_1_1);
        }
        ScimException e = new ScimException(status, null, detail(status));
        byte[] body = GrizzlyErrors.json(e);
        response.setContentType(ScimMediaType.SCIM_JSON);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        return HttpContent.builder(response)
                .content(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, body))
                .last(true)
                .build();
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is not valid HTTP/1.1, or its request line and headers are over " + HEADER_LIMIT
                    + " bytes (send a long filter in the body of POST .../.search); check the request line (spaces in the target "
                    + "must be sent as %20), the headers, the Content-Length or the chunked body.";
            case 414 -> "The request target is too long.";
            case 431 -> "The request headers are too large.";
            default -> "The request could not be parsed (HTTP " + status + ").";
        };
    }

    /**
     * The add-on that swaps the listener's codec for this one. It owns the delayed executor the codec's
     * keep-alive timeouts run on (Grizzly's own is private to its server); {@link #close} stops it.
     */
    static final class Installer implements AddOn, AutoCloseable {
        private final ExecutorService timers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "roster-http-keepalive");
            t.setDaemon(true);
            return t;
        });
        private final DelayedExecutor executor = new DelayedExecutor(timers);

        @Override
        public void setup(NetworkListener listener, FilterChainBuilder builder) {
            int i = builder.indexOfType(HttpServerFilter.class);
            if (i < 0) {
                throw new IllegalStateException("no HTTP codec in the filter chain");
            }
            executor.start();
            builder.set(i, new EdgeCodec(listener, (HttpServerFilter) builder.get(i), executor));
        }

        @Override
        public void close() {
            executor.destroy();
            timers.shutdownNow();
        }
    }

    static Installer addOn() {
        return new Installer();
    }
}
