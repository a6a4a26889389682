package io.roster.conformance.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bulk (RFC 7644 3.7): operations run one by one as if sent alone; one that refers by "bulkId:x" to a
 * later POST has that POST run first (3.7.2), a reference that cannot be met (unknown, failed, or a cycle,
 * which 3.7.1 lets a server refuse) fails that operation with 409. Unlike Roster, each status is a
 * number. failOnErrors stops the run after that many errors (3.7.3).
 */
final class ReferenceBulk {
    static final String REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    private static final String RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    static final int MAX_OPERATIONS = 10;
    static final int MAX_PAYLOAD = 1_048_576;
    private static final Pattern REFERENCE = Pattern.compile("bulkId:([A-Za-z0-9._~-]+)");

    /** Runs one operation as if it were its own request. */
    interface Dispatcher {
        ReferenceServer.Answer dispatch(String method, String path, Map<String, Object> body, String ifMatch);
    }

    private final Dispatcher dispatcher;
    private final String base;
    private final List<Map<String, Object>> ops = new ArrayList<>();
    private final Map<String, Integer> declared = new HashMap<>();
    private final Map<String, String> created = new HashMap<>();
    private final Map<Integer, Map<String, Object>> results = new TreeMap<>();
    private int errors;

    private ReferenceBulk(Dispatcher dispatcher, String base) {
        this.dispatcher = dispatcher;
        this.base = base;
    }

    static ReferenceServer.Answer run(Map<String, Object> request, Dispatcher dispatcher, String base) {
        if (!(ReferenceJson.get(request, "schemas") instanceof List<?> schemas) || !schemas.contains(REQUEST)) {
            throw new ReferenceFailure(400, "invalidSyntax", "a Bulk request's 'schemas' must be [\"" + REQUEST + "\"]");
        }
        if (!(ReferenceJson.get(request, "Operations") instanceof List<?> list) || list.isEmpty()) {
            throw new ReferenceFailure(400, "invalidSyntax", "a Bulk request needs a non-empty 'Operations' array");
        }
        if (list.size() > MAX_OPERATIONS) {
            throw new ReferenceFailure(413, null, "more than " + MAX_OPERATIONS + " operations (bulk.maxOperations)");
        }
        Object limit = ReferenceJson.get(request, "failOnErrors");
        if (limit != null && !(limit instanceof Integer n && n > 0)) {
            throw ReferenceFailure.invalidValue("failOnErrors must be a positive integer");
        }
        ReferenceBulk bulk = new ReferenceBulk(dispatcher, base);
        for (Object o : list) {
            bulk.ops.add(ReferenceJson.map(o));
        }
        for (int i = 0; i < bulk.ops.size(); i++) {
            if (bulk.ops.get(i).get("bulkId") instanceof String id && "POST".equalsIgnoreCase(String.valueOf(bulk.ops.get(i).get("method")))) {
                bulk.declared.putIfAbsent(id, i);
            }
        }
        int failOnErrors = limit == null ? Integer.MAX_VALUE : (Integer) limit;
        for (int i = 0; i < bulk.ops.size() && bulk.errors < failOnErrors; i++) {
            bulk.process(i, new LinkedHashSet<>());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schemas", List.of(RESPONSE));
        out.put("Operations", new ArrayList<>(bulk.results.values()));
        return ReferenceServer.Answer.of(200, out);
    }

    private void process(int i, Set<Integer> waiting) {
        if (results.containsKey(i)) {
            return;
        }
        Map<String, Object> op = ops.get(i);
        String method = String.valueOf(op.get("method")).toUpperCase(Locale.ROOT);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("method", method);
        if (op.get("bulkId") != null) {
            result.put("bulkId", op.get("bulkId"));
        }
        results.put(i, result);
        String path = op.get("path") instanceof String p ? p : null;
        if (!Set.of("POST", "PUT", "PATCH", "DELETE").contains(method) || path == null || !path.startsWith("/")) {
            fail(result, new ReferenceFailure(400, "invalidSyntax", "an operation needs a method (POST, PUT, PATCH or DELETE) and a path"));
            return;
        }
        if (method.equals("POST") && !(op.get("bulkId") instanceof String)) {
            // RFC 7644 3.7: bulkId is REQUIRED with POST
            fail(result, new ReferenceFailure(400, "invalidSyntax", "a POST operation needs a bulkId"));
            return;
        }
        waiting.add(i);
        for (String ref : references(op)) {
            Integer j = declared.get(ref);
            if (j != null && !created.containsKey(ref) && !waiting.contains(j)) {
                process(j, waiting);
            }
            if (!created.containsKey(ref)) {
                String why = j == null ? "no POST in this request has bulkId \"" + ref + "\""
                        : waiting.contains(j) ? "bulkId \"" + ref + "\" is part of a circular reference"
                        : "the POST with bulkId \"" + ref + "\" failed";
                fail(result, new ReferenceFailure(409, null, why));
                if (!method.equals("POST")) {
                    result.put("location", base + path);
                }
                waiting.remove(i);
                return;
            }
        }
        waiting.remove(i);
        String resolvedPath = substitute(path).toString();
        Object data = substitute(op.get("data"));
        ReferenceServer.Answer a;
        try {
            a = dispatcher.dispatch(method, resolvedPath, data instanceof Map<?, ?> m ? ReferenceJson.map(m) : null,
                    op.get("version") instanceof String v ? v : null);
        } catch (ReferenceFailure f) {
            a = ReferenceServer.error(f);
        }
        result.put("status", a.status());
        if (a.status() >= 400) {
            errors++;
            result.put("response", a.body());
            if (!method.equals("POST")) {
                // RFC 7644 3.7.3: location is REQUIRED except for a failed POST
                result.put("location", base + resolvedPath);
            }
            return;
        }
        if (a.headers().get("ETag") != null) {
            result.put("version", a.headers().get("ETag"));
        }
        if (method.equals("POST")) {
            String id = (String) ReferenceJson.map(a.body()).get("id");
            created.put((String) op.get("bulkId"), id);
            result.put("location", a.headers().get("Location"));
        } else {
            result.put("location", base + resolvedPath);
        }
    }

    private void fail(Map<String, Object> result, ReferenceFailure f) {
        errors++;
        ReferenceServer.Answer a = ReferenceServer.error(f);
        result.put("status", a.status());
        result.put("response", a.body());
    }

    /** The bulkIds an operation refers to, in its path and anywhere in its data. */
    private static Set<String> references(Map<String, Object> op) {
        Set<String> out = new LinkedHashSet<>();
        collect(op.get("path"), out);
        collect(op.get("data"), out);
        return out;
    }

    private static void collect(Object v, Set<String> out) {
        if (v instanceof String s) {
            Matcher m = REFERENCE.matcher(s);
            while (m.find()) {
                out.add(m.group(1));
            }
        } else if (v instanceof Map<?, ?> map) {
            map.values().forEach(x -> collect(x, out));
        } else if (v instanceof List<?> list) {
            list.forEach(x -> collect(x, out));
        }
    }

    private Object substitute(Object v) {
        if (v instanceof String s) {
            Matcher m = REFERENCE.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, Matcher.quoteReplacement(created.get(m.group(1))));
            }
            m.appendTail(b);
            return b.toString();
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ReferenceJson.map(map).forEach((k, x) -> out.put(k, substitute(x)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(substitute(x)));
            return out;
        }
        return v;
    }
}
