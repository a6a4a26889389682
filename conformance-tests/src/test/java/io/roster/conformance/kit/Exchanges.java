package io.roster.conformance.kit;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The HTTP exchanges of the running test, so that a failure in the report shows what was sent and what
 * came back. Whichever client a kit test speaks through hands each exchange to {@link #record}:
 * {@code ScimTarget}'s REST-assured specifications through {@link #FILTER}, the raw socket client
 * ({@code RawHttp}) itself and {@code java.net.http.HttpClient} through {@link RecordingHttpClient}.
 * Every exchange is also shown to {@link Cleanup}, so that what a test creates through any of them is
 * deleted at the end of a standalone run. The kit's extension opens a recording around each test on its
 * thread (and the threads the test starts) and hands it to the report. Shown as text, tokens and
 * credential members are redacted, bodies are cut at {@link #MAX_BODY} characters, and bytes that are no
 * UTF-8, or control characters, are escaped.
 */
public final class Exchanges {
    /** The last exchanges a test keeps (the one that failed is almost always among the last few). */
    static final int KEEP = 6;
    static final int MAX_BODY = 4000;
    /** JSON members that carry a credential: a report is shared, the server's secrets are not. */
    private static final Pattern SECRET = Pattern.compile(
            "(\"(?i:secret|clientSecret|password|access_token|refresh_token|token)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

    /**
     * One request and its response as the client saw them, shown as text only when a report needs it:
     * nearly every test passes, and its exchanges are never read.
     */
    public record Exchange(Sent sent, Received received) {
        /** The request as text: the token redacted, the body cut and escaped. */
        public String request() {
            return render(sent);
        }

        /** The response as text, the body cut and escaped. */
        public String response() {
            return render(received);
        }
    }

    /** A header as sent or received; {@code value} is null for a header line without a colon. */
    public record Header(String name, String value) {
    }

    /** A request as a client sent it: {@code target} is the URI or the raw request-target; body may be null. */
    public record Sent(String method, String target, List<Header> headers, byte[] body) {
    }

    /**
     * A response as a client received it: {@code status} 0 and a {@code statusLine} saying why when no
     * answer came; body may be empty, never null.
     */
    public record Received(int status, String statusLine, List<Header> headers, byte[] body) {
        /** The first header of that name, or null. */
        public String header(String name) {
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    return h.value();
                }
            }
            return null;
        }

        /** The body decoded as UTF-8 (SCIM's charset, RFC 7644 section 3.8), malformed bytes replaced. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * The exchanges of one running test. Threads the test starts (a pool of concurrent writers) inherit
     * it and record into it while the test runs; a thread that outlives the test (a shared fixture pool)
     * finds it closed and records nothing there.
     */
    private static final class Recording {
        private final Deque<Exchange> exchanges = new ArrayDeque<>();
        private boolean open = true;

        synchronized void add(Exchange x) {
            if (open) {
                exchanges.addLast(x);
                while (exchanges.size() > KEEP) {
                    exchanges.removeFirst();
                }
            }
        }

        synchronized boolean isOpen() {
            return open;
        }

        synchronized List<Exchange> close() {
            open = false;
            return new ArrayList<>(exchanges);
        }
    }

    private static final InheritableThreadLocal<Recording> CURRENT = new InheritableThreadLocal<>();
    private static final Map<String, List<Exchange>> FINISHED = new ConcurrentHashMap<>();

    public static final Filter FILTER = new Filter() {
        @Override
        public Response filter(FilterableRequestSpecification req, FilterableResponseSpecification res, FilterContext ctx) {
            Response response = ctx.next(req, res);
            if (wanted()) {
                record(sent(req), received(response));
            }
            return response;
        }
    };

    private Exchanges() {
    }

    /**
     * Records one exchange for the report of the test running on this thread (if a kit test runs on it)
     * and shows it to {@link Cleanup}. Every client the kit uses calls this, once per request.
     */
    public static void record(Sent request, Received response) {
        Cleanup.observe(request.method(), response);
        Recording recording = CURRENT.get();
        if (recording != null && recording.isOpen()) {
            recording.add(new Exchange(request, response));
        }
    }

    /** Whether an exchange made now would be kept by anyone: a client may skip building it otherwise. */
    public static boolean wanted() {
        Recording recording = CURRENT.get();
        return (recording != null && recording.isOpen()) || Cleanup.watching();
    }

    /** Opens the recording of the test starting on this thread (and on the threads it starts). */
    static void start() {
        CURRENT.set(new Recording());
    }

    /** Ends the recording of this thread's test and keeps it for the report under the test's id. */
    static void finish(String uniqueId) {
        Recording recording = CURRENT.get();
        CURRENT.remove();
        if (recording != null) {
            List<Exchange> exchanges = recording.close();
            if (!exchanges.isEmpty()) {
                FINISHED.put(uniqueId, exchanges);
            }
        }
    }

    /** The recorded exchanges of a finished test, removed from here. */
    static List<Exchange> take(String uniqueId) {
        List<Exchange> list = FINISHED.remove(uniqueId);
        return list == null ? List.of() : list;
    }

    // ------------------------------------------------------------------ REST-assured

    private static Sent sent(FilterableRequestSpecification req) {
        List<Header> headers = new ArrayList<>();
        for (io.restassured.http.Header h : req.getHeaders()) {
            headers.add(new Header(h.getName(), h.getValue()));
        }
        Object body = req.getBody();
        byte[] bytes = body == null ? null
                : body instanceof byte[] b ? b : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
        return new Sent(req.getMethod(), req.getURI(), headers, bytes);
    }

    private static Received received(Response r) {
        List<Header> headers = new ArrayList<>();
        for (io.restassured.http.Header h : r.getHeaders()) {
            headers.add(new Header(h.getName(), h.getValue()));
        }
        byte[] body = r.asByteArray();
        return new Received(r.statusCode(), r.getStatusLine(), headers, body == null ? new byte[0] : body);
    }

    // ------------------------------------------------------------------ rendering

    static String render(Sent request) {
        StringBuilder sb = new StringBuilder();
        sb.append(printable(request.method())).append(' ').append(printable(cut(request.target()))).append('\n');
        headers(sb, request.headers());
        if (request.body() != null && request.body().length > 0) {
            sb.append('\n').append(body(request.body()));
        }
        return sb.toString();
    }

    static String render(Received response) {
        StringBuilder sb = new StringBuilder();
        sb.append(printable(response.statusLine())).append('\n');
        headers(sb, response.headers());
        if (response.body().length > 0) {
            sb.append('\n').append(body(response.body()));
        }
        return sb.toString();
    }

    private static void headers(StringBuilder sb, List<Header> headers) {
        for (Header h : headers) {
            sb.append(printable(h.name()));
            if (h.value() != null) {
                String value = h.name().trim().equalsIgnoreCase("Authorization") ? redact(h.value()) : h.value();
                sb.append(": ").append(printable(cut(value)));
            }
            sb.append('\n');
        }
    }

    /**
     * A body as text: UTF-8 when it is, control characters but tab and line ends escaped; otherwise
     * its length and its printable ASCII, every other byte as {@code \xNN}. Cut at {@link #MAX_BODY}.
     */
    static String body(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            StringBuilder sb = new StringBuilder("(" + bytes.length + " bytes, not UTF-8)\n");
            int shown = 0;
            for (; shown < bytes.length && sb.length() < MAX_BODY; shown++) {
                int b = bytes[shown] & 0xff;
                if ((b >= 0x20 && b < 0x7f) || b == '\t' || b == '\n' || b == '\r') {
                    sb.append((char) b);
                } else {
                    sb.append(String.format(Locale.ROOT, "\\x%02x", b));
                }
            }
            return shown < bytes.length ? sb + "... (" + (bytes.length - shown) + " more bytes)" : sb.toString();
        }
        return printable(cut(redactSecrets(text)));
    }

    /** The values of credential members (an API client's secret, a password) as {@code <redacted>}. */
    static String redactSecrets(String json) {
        return SECRET.matcher(json).replaceAll("$1\"<redacted>\"");
    }

    /** Control characters (but tab and line ends) as {@code \xNN}, so that no report shows raw ones. */
    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
            if (control && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (control) {
                    sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String redact(String authorization) {
        String value = authorization.trim();
        int space = value.indexOf(' ');
        return (space < 0 ? "" : value.substring(0, space + 1)) + "<redacted>";
    }

    private static String cut(String s) {
        if (s == null || s.length() <= MAX_BODY) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX_BODY - 1)) ? MAX_BODY - 1 : MAX_BODY;
        return s.substring(0, end) + "... (" + (s.length() - end) + " more characters)";
    }
}
