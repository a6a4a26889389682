package io.roster.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * Requests sent byte for byte over a plain socket, for what HTTP client libraries refuse to send (a raw
 * {@code |} or {@code ..} in the path, an encoded slash they would normalise). Plain http only: against
 * an https target the tests using it are skipped.
 */
final class RawHttp {

    /** A parsed response: status, raw header block (lower-cased names kept as sent) and body. */
    record Response(int status, String headers, String body) {
        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code method target} with these extra header lines (and body), with Connection: close. */
    static Response send(String method, String target, String body, String... headers) {
        URI server = ScimTarget.get().serverRoot();
        Assumptions.assumeTrue("http".equalsIgnoreCase(server.getScheme()), "raw requests need a plain-http target");
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getRawAuthority()).append("\r\nConnection: close\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        request.append("\r\n");
        if (body != null) {
            request.append(body);
        }
        try (Socket s = new Socket(server.getHost(), server.getPort() > 0 ? server.getPort() : 80)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no complete answer within 15 s to " + method + " " + target + ": " + out);
            }
            String text = out.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || end < 0) {
                throw new AssertionError("not an HTTP/1.1 response to " + method + " " + target + ": " + text);
            }
            String headerBlock = text.substring(0, end);
            String responseBody = text.substring(end + 4);
            if (headerBlock.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                responseBody = unchunk(responseBody);
            }
            return new Response(Integer.parseInt(text.substring(9, 12)), headerBlock, responseBody);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            b.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return b.toString();
    }
}
