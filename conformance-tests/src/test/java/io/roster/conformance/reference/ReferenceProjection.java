package io.roster.conformance.reference;

import io.roster.conformance.reference.ReferenceSchema.Attr;
import io.roster.conformance.reference.ReferenceSchema.Resolved;
import io.roster.conformance.reference.ReferenceSchema.Schema;
import io.roster.conformance.reference.ReferenceSchema.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code attributes} and {@code excludedAttributes} parameters (RFC 7644 3.4.2.5, 3.9): with
 * attributes, only those named and the ones returned always (id, and the schemas of the message); with
 * excludedAttributes, all but those named, though an attribute returned always stays. Names follow RFC
 * 7644 3.10 and may name a sub-attribute or a whole extension; a name the type does not have is ignored.
 */
final class ReferenceProjection {
    private ReferenceProjection() {
    }

    /** Selected attributes per container ("" for core, else the extension URN); a null set means the whole attribute. */
    private static Map<String, Map<String, Set<String>>> select(Type type, List<String> names) {
        Map<String, Map<String, Set<String>>> out = new HashMap<>();
        for (String name : names) {
            Schema ext = type.schemaOf(name);
            if (ext != null && ext != type.schema()) {
                Map<String, Set<String>> all = out.computeIfAbsent(ext.id(), k -> new HashMap<>());
                ext.attributes().forEach(a -> all.put(a.name(), null));
                continue;
            }
            Resolved r;
            try {
                r = ReferenceSchema.resolve(type, name);
            } catch (IllegalArgumentException e) {
                r = null;
            }
            if (r == null) {
                continue;
            }
            Map<String, Set<String>> attrs = out.computeIfAbsent(r.core(type) ? "" : r.schema().id(), k -> new HashMap<>());
            if (r.sub() == null) {
                attrs.put(r.attr().name(), null);
            } else if (!attrs.containsKey(r.attr().name()) || attrs.get(r.attr().name()) != null) {
                attrs.computeIfAbsent(r.attr().name(), k -> new HashSet<>()).add(r.sub().name());
            }
        }
        return out;
    }

    /** The resource as answered, from its full view. */
    static Map<String, Object> apply(Type type, Map<String, Object> view, List<String> attributes, List<String> excluded) {
        if (attributes.isEmpty() && excluded.isEmpty()) {
            return view;
        }
        boolean include = !attributes.isEmpty();
        Map<String, Map<String, Set<String>>> chosen = select(type, include ? attributes : excluded);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : view.entrySet()) {
            String key = e.getKey();
            if (key.equals("schemas")) {
                out.put(key, e.getValue());
                continue;
            }
            Schema ext = type.schemaOf(key);
            if (ext != null && ext != type.schema()) {
                Map<String, Object> inner = container(type, ext, ReferenceJson.map(e.getValue()), chosen.get(ext.id()), include);
                if (!inner.isEmpty()) {
                    out.put(key, inner);
                }
                continue;
            }
            Map<String, Object> one = container(type, type.schema(), Map.of(key, e.getValue()), chosen.get(""), include);
            out.putAll(one);
        }
        return out;
    }

    private static Map<String, Object> container(Type type, Schema schema, Map<String, Object> values,
                                                 Map<String, Set<String>> chosen, boolean include) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Attr a = schema == type.schema() ? ReferenceSchema.coreAttr(type, e.getKey()) : schema.attr(e.getKey());
            boolean always = a != null && a.returned().equals("always");
            boolean named = chosen != null && chosen.containsKey(e.getKey());
            Set<String> subs = named ? chosen.get(e.getKey()) : null;
            if (always) {
                out.put(e.getKey(), e.getValue());
            } else if (include && named) {
                Object kept = subs == null ? e.getValue() : subs(e.getValue(), subs, true);
                if (kept != null) {
                    out.put(e.getKey(), kept);
                }
            } else if (!include && !named) {
                out.put(e.getKey(), e.getValue());
            } else if (!include && subs != null) {
                Object kept = subs(e.getValue(), subs, false);
                if (kept != null) {
                    out.put(e.getKey(), kept);
                }
            }
        }
        return out;
    }

    /** A complex value (or each of a multi-valued one) with only, or without, these sub-attributes. */
    private static Object subs(Object value, Set<String> subs, boolean keep) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object v : list) {
                Object one = subs(v, subs, keep);
                if (one != null) {
                    out.add(one);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (!(value instanceof Map<?, ?> m)) {
            return keep ? null : value;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ReferenceJson.map(m).forEach((k, v) -> {
            boolean named = subs.stream().anyMatch(s -> s.equalsIgnoreCase(k));
            if (named == keep) {
                out.put(k, v);
            }
        });
        return out.isEmpty() ? null : out;
    }
}
