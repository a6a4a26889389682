package io.roster.conformance.kit;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP exchanges of the running test, so that a failure in the report shows what was sent and what
 * came back. Every request the kit makes through {@code ScimTarget}'s specifications passes {@link #FILTER};
 * the kit's extension opens a recording around each test on its thread and hands it to the report.
 * Tokens are never recorded; bodies are cut at {@link #MAX_BODY} characters.
 */
public final class Exchanges {
    /** The last exchanges a test keeps (the one that failed is almost always among the last few). */
    static final int KEEP = 6;
    static final int MAX_BODY = 4000;

    /** One request and its response, as text. */
    public record Exchange(String request, String response) {
    }

    private static final ThreadLocal<Deque<Exchange>> CURRENT = new ThreadLocal<>();
    private static final Map<String, List<Exchange>> FINISHED = new ConcurrentHashMap<>();

    public static final Filter FILTER = new Filter() {
        @Override
        public Response filter(FilterableRequestSpecification req, FilterableResponseSpecification res, FilterContext ctx) {
            Response response = ctx.next(req, res);
            Cleanup.observe(req.getMethod(), response);
            Deque<Exchange> recording = CURRENT.get();
            if (recording != null) {
                recording.addLast(new Exchange(request(req), response(response)));
                while (recording.size() > KEEP) {
                    recording.removeFirst();
                }
            }
            return response;
        }
    };

    private Exchanges() {
    }

    static void start() {
        CURRENT.set(new ArrayDeque<>());
    }

    /** Ends the recording of this thread's test and keeps it for the report under the test's id. */
    static void finish(String uniqueId) {
        Deque<Exchange> recording = CURRENT.get();
        CURRENT.remove();
        if (recording != null && !recording.isEmpty()) {
            FINISHED.put(uniqueId, new ArrayList<>(recording));
        }
    }

    /** The recorded exchanges of a finished test, removed from here. */
    static List<Exchange> take(String uniqueId) {
        List<Exchange> list = FINISHED.remove(uniqueId);
        return list == null ? List.of() : list;
    }

    private static String request(FilterableRequestSpecification req) {
        StringBuilder sb = new StringBuilder();
        sb.append(req.getMethod()).append(' ').append(req.getURI()).append('\n');
        for (Header h : req.getHeaders()) {
            String value = h.getName().equalsIgnoreCase("Authorization") ? redact(h.getValue()) : h.getValue();
            sb.append(h.getName()).append(": ").append(value).append('\n');
        }
        Object body = req.getBody();
        if (body != null) {
            sb.append('\n').append(cut(String.valueOf(body)));
        }
        return sb.toString();
    }

    private static String response(Response r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.getStatusLine()).append('\n');
        for (Header h : r.getHeaders()) {
            sb.append(h.getName()).append(": ").append(h.getValue()).append('\n');
        }
        String body = r.asString();
        if (body != null && !body.isEmpty()) {
            sb.append('\n').append(cut(body));
        }
        return sb.toString();
    }

    private static String redact(String authorization) {
        int space = authorization.indexOf(' ');
        return (space < 0 ? "" : authorization.substring(0, space + 1)) + "<redacted>";
    }

    private static String cut(String s) {
        return s.length() <= MAX_BODY ? s : s.substring(0, MAX_BODY) + "... (" + (s.length() - MAX_BODY) + " more characters)";
    }
}
