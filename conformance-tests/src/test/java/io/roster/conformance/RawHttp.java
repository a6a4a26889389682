package io.roster.conformance;

import io.roster.conformance.kit.Exchanges;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * A minimal HTTP/1.1 client over one kept-alive socket that sends exactly the bytes it is given: an
 * illegal character in the path, a raw {@code ..}, a malformed header or a lying Content-Type go out as
 * they are, which {@code java.net.http.HttpClient} and REST-assured refuse to do. It reconnects when the
 * server closes. Plain http only: against an https target the tests using it are skipped. Each exchange
 * goes to {@link Exchanges#record}, so a failing kit test's report shows it (the body as bytes may be
 * anything) and what it creates is cleaned up.
 */
public final class RawHttp implements AutoCloseable {
    /** The longest body this client reads back; a fuzz answer bigger than this is itself a finding. */
    private static final int MAX_RESPONSE = 16 * 1024 * 1024;

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    /** The status line of the last answer read, for the report. */
    private String statusLine;

    public RawHttp(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** One request: method, raw request-target, extra header lines, body (may be null). */
    public record Request(String method, String target, List<String> headers, byte[] body, boolean addLength) {
        public Request(String method, String target, List<String> headers, byte[] body) {
            this(method, target, headers, body, true);
        }

        byte[] bytes(String hostHeader) {
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(hostHeader).append("\r\n");
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            if (addLength && body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
            if (body == null) {
                return h;
            }
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            return all;
        }

        /** How many bytes the request line and headers take. */
        public int headBytes() {
            return bytes("h").length - (body == null ? 0 : body.length);
        }

        /** The request as text for a failure report, its body cut to a readable length. */
        public String describe() {
            String b = body == null ? "" : new String(body, 0, Math.min(body.length, 2000), StandardCharsets.UTF_8)
                    + (body.length > 2000 ? "... (" + body.length + " bytes)" : "");
            String t = target.length() > 2000 ? target.substring(0, 2000) + "... (" + target.length() + " chars)" : target;
            return method + " " + t + "\n" + String.join("\n", headers) + "\n\n" + b;
        }
    }

    /** An answer; {@code status} 0 means the server closed the connection without answering. */
    public record Response(int status, List<String[]> headers, byte[] body, long nanos) {
        public String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The header lines as received, for failure messages and searches. */
        public String headerText() {
            StringBuilder b = new StringBuilder();
            for (String[] h : headers) {
                b.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            return b.toString();
        }
    }

    /**
     * One request on a connection of its own, to the target under test (skipped unless it is plain http):
     * {@code method target} with these header lines and, if not null, this body.
     */
    public static Response send(String method, String target, String body, String... headers) {
        URI server = ScimTarget.get().serverRoot();
        Assumptions.assumeTrue("http".equalsIgnoreCase(server.getScheme()), "raw requests need a plain-http target");
        try (RawHttp http = new RawHttp(server.getHost(), server.getPort() > 0 ? server.getPort() : 80, 15_000)) {
            Response r = http.send(new Request(method, target, List.of(headers),
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
            if (r.status() == 0) {
                throw new AssertionError("no answer to " + method + " " + target);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the request and reads the answer; the exchange goes to the kit's report and cleanup as any other. */
    public Response send(Request request) throws IOException {
        Response r;
        try {
            r = exchange(request);
        } catch (IOException e) {
            if (Exchanges.wanted()) {
                record(request, new Exchanges.Received(0, "(no answer: " + e + ")", List.of(), new byte[0]));
            }
            throw e;
        }
        if (Exchanges.wanted()) { // the fuzzer sends thousands of requests nobody records
            record(request, new Exchanges.Received(r.status(), r.status() == 0 ? "(connection closed without an answer)"
                    : statusLine, r.headers().stream().map(h -> new Exchanges.Header(h[0], h[1])).toList(), r.body()));
        }
        return r;
    }

    private void record(Request request, Exchanges.Received response) {
        List<Exchanges.Header> headers = new ArrayList<>();
        headers.add(new Exchanges.Header("Host", host + ":" + port));
        for (String line : request.headers()) {
            int colon = line.indexOf(':');
            headers.add(colon < 0 ? new Exchanges.Header(line, null)
                    : new Exchanges.Header(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        if (request.addLength() && request.body() != null) {
            headers.add(new Exchanges.Header("Content-Length", String.valueOf(request.body().length)));
        }
        Exchanges.record(new Exchanges.Sent(request.method(), request.target(), headers, request.body()), response);
    }

    private Response exchange(Request request) throws IOException {
        byte[] bytes = request.bytes(host + ":" + port);
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            boolean reused = ensureOpen();
            Response r;
            try {
                out.write(bytes);
                out.flush();
                r = read(request.method().equals("HEAD"), start);
            } catch (SocketTimeoutException e) {
                closeQuietly();
                throw e;
            } catch (IOException e) {
                closeQuietly();
                if (reused && attempt == 0) {
                    continue; // a kept-alive socket the server had closed before our request: send again on a fresh one
                }
                return new Response(0, List.of(), new byte[0], System.nanoTime() - start);
            }
            if (r.status() == 0 && reused && attempt == 0) {
                closeQuietly();
                continue;
            }
            String connection = r.header("Connection");
            if (r.status() == 0 || (connection != null && connection.toLowerCase(Locale.ROOT).contains("close"))) {
                closeQuietly();
            }
            return r;
        }
    }

    /** Opens a socket if none is open; true when the open one had served earlier requests (the server may have closed it). */
    private boolean ensureOpen() throws IOException {
        if (socket != null) {
            return true;
        }
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
        out = socket.getOutputStream();
        return false;
    }

    private Response read(boolean head, long start) throws IOException {
        Response r = readOne(head, start);
        while (r.status() / 100 == 1 && r.status() != 101) {
            r = readOne(head, start); // an interim answer (100 Continue): the final one follows (RFC 9110 section 15.2)
        }
        return r;
    }

    private Response readOne(boolean head, long start) throws IOException {
        statusLine = line();
        if (statusLine == null) {
            return new Response(0, List.of(), new byte[0], System.nanoTime() - start);
        }
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        List<String[]> headers = new ArrayList<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.add(colon < 0 ? new String[] {l, ""} : new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
        }
        Response partial = new Response(status, headers, new byte[0], 0);
        byte[] body;
        if (head || status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(partial.header("Transfer-Encoding"))) {
            body = chunked();
        } else if (partial.header("Content-Length") != null) {
            body = exactly(Integer.parseInt(partial.header("Content-Length").trim()));
        } else {
            body = untilClose();
            closeQuietly();
        }
        return new Response(status, headers, body, System.nanoTime() - start);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            if (sizeLine == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                    // trailers
                }
                return buf.toByteArray();
            }
            if (buf.size() + size > MAX_RESPONSE) {
                throw new IOException("response body over " + MAX_RESPONSE + " bytes");
            }
            buf.write(exactly(size));
            line();
        }
    }

    private byte[] exactly(int n) throws IOException {
        if (n > MAX_RESPONSE) {
            throw new IOException("response body of " + n + " bytes");
        }
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("connection closed after " + b.length + " of " + n + " body bytes");
        }
        return b;
    }

    private byte[] untilClose() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            buf.write(chunk, 0, n);
            if (buf.size() > MAX_RESPONSE) {
                throw new IOException("response body over " + MAX_RESPONSE + " bytes");
            }
        }
        return buf.toByteArray();
    }

    /** A CRLF-terminated line, or null at end of stream before any byte. */
    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                String s = buf.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (buf.size() > 65536) {
                throw new IOException("header line over 64 KB");
            }
            buf.write(b);
        }
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        socket = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
