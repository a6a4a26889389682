package io.roster.conformance.reference;

import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reference server's JSON: parsed into maps and lists (Groovy's parser, on the kit's class path), copied deeply. */
final class ReferenceJson {
    private ReferenceJson() {
    }

    /** A request body that must be one JSON object; anything else is invalidSyntax (RFC 7644 3.12). */
    static Map<String, Object> object(byte[] body) {
        Object parsed;
        try {
            parsed = new JsonSlurper().parseText(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new ReferenceFailure(400, "invalidSyntax", "the body is not JSON");
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new ReferenceFailure(400, "invalidSyntax", "the body must be a JSON object");
        }
        return copy(map(m));
    }

    static byte[] write(Object value) {
        return JsonOutput.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw ReferenceFailure.invalidValue("expected an object, found " + (o == null ? "null" : JsonOutput.toJson(o)));
        }
        return (Map<String, Object>) o;
    }

    static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    /** A member of an object by name ignoring case (RFC 7643 2.1), or null. */
    static Object get(Map<String, Object> m, String name) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    static Map<String, Object> copy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, copyValue(v)));
        return out;
    }

    static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return copy(map(m));
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(copyValue(x)));
            return out;
        }
        return v;
    }
}
