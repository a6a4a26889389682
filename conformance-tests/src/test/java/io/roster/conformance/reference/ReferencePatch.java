package io.roster.conformance.reference;

import io.roster.conformance.reference.ReferenceFilter.PatchPath;
import io.roster.conformance.reference.ReferenceSchema.Attr;
import io.roster.conformance.reference.ReferenceSchema.Schema;
import io.roster.conformance.reference.ReferenceSchema.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PATCH as RFC 7644 3.5.2 has it: add, replace and remove on attribute paths, value filters and
 * sub-attributes, applied one after another to a copy, so that one failing operation leaves the resource
 * as it was. The caller stores the result, which checks it whole.
 */
final class ReferencePatch {
    private final Type type;
    private final Map<String, Object> resource;

    private ReferencePatch(Type type, Map<String, Object> stored) {
        this.type = type;
        this.resource = ReferenceJson.copy(stored);
    }

    /** The resource after the request's operations; throws a {@link ReferenceFailure} for the first that fails. */
    static Map<String, Object> apply(Type type, Map<String, Object> stored, Map<String, Object> body) {
        if (!(ReferenceJson.get(body, "Operations") instanceof List<?> ops) || ops.isEmpty()) {
            throw new ReferenceFailure(400, "invalidSyntax", "a PATCH needs a non-empty 'Operations' array");
        }
        ReferencePatch p = new ReferencePatch(type, stored);
        for (Object o : ops) {
            p.operation(ReferenceJson.map(o));
        }
        return p.resource;
    }

    private void operation(Map<String, Object> op) {
        String kind = op.get("op") instanceof String s ? s.toLowerCase(Locale.ROOT) : "";
        if (!Set.of("add", "remove", "replace").contains(kind)) {
            throw new ReferenceFailure(400, "invalidSyntax", "'op' must be add, remove or replace");
        }
        Object rawPath = ReferenceJson.get(op, "path");
        if (rawPath != null && !(rawPath instanceof String)) {
            throw new ReferenceFailure(400, "invalidPath", "'path' must be a string");
        }
        String path = (String) rawPath;
        boolean hasValue = op.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("value"));
        Object value = ReferenceJson.get(op, "value");
        if (kind.equals("remove")) {
            if (path == null) {
                throw new ReferenceFailure(400, "noTarget", "remove needs a 'path' (RFC 7644 3.5.2.2)");
            }
            remove(parse(path), hasValue ? value : null);
            return;
        }
        if (kind.equals("replace") && hasValue && value == null && path != null) {
            // RFC 7643 2.5: null is the same as unassigned, so replacing with null removes
            remove(parse(path), null);
            return;
        }
        if (!hasValue || value == null) {
            throw ReferenceFailure.invalidValue(kind + " needs a 'value' (RFC 7644 3.5.2.1)");
        }
        if (path != null) {
            set(parse(path), value, kind.equals("add"));
            return;
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw ReferenceFailure.invalidValue(kind + " without a path needs an object of attributes as its 'value'");
        }
        // RFC 7644 3.5.2.1 and 3.5.2.3: without a path the value holds attributes of the resource itself
        ReferenceJson.map(m).forEach((k, v) -> {
            Schema ext = type.schemaOf(k);
            if (k.equalsIgnoreCase("schemas")) {
                return;
            }
            if (ext != null && ext != type.schema() && v instanceof Map<?, ?> inner) {
                ReferenceJson.map(inner).forEach((k2, v2) -> setKnown(ext.id() + ":" + k2, v2, kind.equals("add")));
            } else {
                setKnown(k, v, kind.equals("add"));
            }
        });
    }

    /** An attribute of a path-less value: one the type does not have is ignored, as in a POST or PUT body. */
    private void setKnown(String name, Object value, boolean add) {
        PatchPath p;
        try {
            p = ReferenceFilter.parsePath(name, type);
        } catch (ReferenceFilter.Invalid e) {
            throw new ReferenceFailure(400, "invalidPath", e.getMessage());
        }
        if (p.target() != null) {
            set(parse(name), value, add);
        }
    }

    private PatchPath parse(String path) {
        PatchPath p;
        try {
            p = ReferenceFilter.parsePath(path, type);
        } catch (ReferenceFilter.Invalid e) {
            throw new ReferenceFailure(400, "invalidPath", e.getMessage());
        }
        if (p.target() == null) {
            throw new ReferenceFailure(400, "invalidPath", "'" + path + "' is no attribute of " + type.name());
        }
        Attr written = p.subAfterFilter() != null ? p.subAfterFilter() : p.target().sub() != null ? p.target().sub() : p.target().attr();
        if (p.target().attr().readOnly() || written.readOnly()) {
            throw new ReferenceFailure(400, "mutability", "'" + path + "' is readOnly");
        }
        return p;
    }

    private Map<String, Object> container(PatchPath p, boolean create) {
        if (p.target().core(type)) {
            return resource;
        }
        String urn = p.target().schema().id();
        if (create) {
            return ReferenceJson.map(resource.computeIfAbsent(urn, k -> new LinkedHashMap<>()));
        }
        return resource.get(urn) instanceof Map<?, ?> m ? ReferenceJson.map(m) : new LinkedHashMap<>();
    }

    /** The values of a multi-valued complex attribute that the path's filter selects (all without one). */
    private List<Map<String, Object>> selected(PatchPath p, List<?> values) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object v : values) {
            if (p.valueFilter() == null || ReferenceFilter.matchesValue(p.valueFilter(), type, ReferenceJson.map(v))) {
                out.add(ReferenceJson.map(v));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ add and replace

    private void set(PatchPath p, Object value, boolean add) {
        Attr attr = p.target().attr();
        Attr sub = p.subAfterFilter() != null ? p.subAfterFilter() : p.target().sub();
        Map<String, Object> container = container(p, true);
        Object current = container.get(attr.name());
        Set<Object> primaryBefore = primaries(current);
        if (p.valueFilter() == null && sub == null) {
            Object converted = ReferenceResources.convert(attr, attr.multiValued() && !(value instanceof List<?>) ? List.of(value) : value, attr.name());
            if (attr.multiValued() && add && current instanceof List<?> existing && converted instanceof List<?> more) {
                // RFC 7644 3.5.2.1: add to a multi-valued attribute adds values; one already there is no change
                List<Object> merged = new ArrayList<>(existing);
                more.stream().filter(v -> !merged.contains(v)).forEach(merged::add);
                converted = merged;
            } else if (attr.complex() && !attr.multiValued() && current instanceof Map<?, ?> old && converted instanceof Map<?, ?> given) {
                // RFC 7644 3.5.2.3: sub-attributes not in the value are left unchanged
                Map<String, Object> merged = ReferenceJson.copy(ReferenceJson.map(old));
                merged.putAll(ReferenceJson.map(given));
                converted = merged;
            }
            ReferenceResources.put(container, attr, converted);
        } else if (!attr.multiValued()) {
            Map<String, Object> complex = current instanceof Map<?, ?> m ? ReferenceJson.map(m) : new LinkedHashMap<>();
            ReferenceResources.put(complex, sub, ReferenceResources.convert(sub, value, attr.name() + "." + sub.name()));
            ReferenceResources.put(container, attr, complex.isEmpty() ? null : complex);
        } else {
            List<?> values = ReferenceJson.list(current);
            List<Map<String, Object>> targets = selected(p, values);
            if (targets.isEmpty()) {
                // RFC 7644 3.5.2.3: a value filter that selects nothing is noTarget
                throw new ReferenceFailure(400, "noTarget", "no value of '" + attr.name() + "' matches the filter");
            }
            for (Map<String, Object> t : targets) {
                if (sub != null) {
                    ReferenceResources.put(t, sub, ReferenceResources.convert(sub, value, attr.name() + "." + sub.name()));
                } else {
                    Object one = ReferenceResources.convertOne(attr, value, attr.name());
                    Map<String, Object> replacement = one == null ? Map.of() : ReferenceJson.map(one);
                    if (!add) {
                        t.clear();
                    }
                    t.putAll(replacement);
                }
            }
        }
        onePrimary(container, attr, primaryBefore);
    }

    private static Set<Object> primaries(Object values) {
        Set<Object> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object v : ReferenceJson.list(values)) {
            if (v instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("primary"))) {
                out.add(v);
            }
        }
        return out;
    }

    /** RFC 7644 3.5.2: a value made primary takes primary from the others. */
    private static void onePrimary(Map<String, Object> container, Attr attr, Set<Object> before) {
        Object now = container.get(attr.name());
        Set<Object> after = primaries(now);
        if (after.size() > 1) {
            for (Object v : after) {
                if (before.contains(v)) {
                    ReferenceJson.map(v).put("primary", false);
                }
            }
        }
    }

    // ------------------------------------------------------------------ remove

    private void remove(PatchPath p, Object value) {
        Attr attr = p.target().attr();
        Attr sub = p.subAfterFilter() != null ? p.subAfterFilter() : p.target().sub();
        if (p.valueFilter() == null && sub == null && attr.required() && p.target().core(type)) {
            throw new ReferenceFailure(400, "mutability", "'" + attr.name() + "' is required and cannot be removed");
        }
        if (sub != null && sub.required()) {
            throw new ReferenceFailure(400, "mutability", "'" + attr.name() + "." + sub.name() + "' is required");
        }
        Map<String, Object> container = container(p, false);
        Object current = container.get(attr.name());
        if (current == null) {
            return;
        }
        if (!attr.multiValued()) {
            if (sub == null) {
                container.remove(attr.name());
            } else {
                Map<String, Object> complex = ReferenceJson.map(current);
                complex.remove(sub.name());
                if (complex.isEmpty()) {
                    container.remove(attr.name());
                }
            }
        } else {
            List<Object> kept = new ArrayList<>(ReferenceJson.list(current));
            if (p.valueFilter() == null && sub == null && value != null) {
                // a remove that lists the values to take out (as Entra sends for members): those go, by value
                List<Object> gone = new ArrayList<>();
                for (Object v : value instanceof List<?> l ? l : List.of(value)) {
                    gone.add(v instanceof Map<?, ?> m ? ReferenceJson.map(m).get("value") : v);
                }
                kept.removeIf(v -> gone.contains(v instanceof Map<?, ?> m ? m.get("value") : v));
            } else {
                List<Map<String, Object>> targets = selected(p, kept);
                if (sub == null) {
                    kept.removeIf(v -> targets.stream().anyMatch(t -> t == v));
                } else {
                    targets.forEach(t -> t.remove(sub.name()));
                    kept.removeIf(v -> v instanceof Map<?, ?> m && m.isEmpty());
                }
            }
            ReferenceResources.put(container, attr, kept.isEmpty() ? null : kept);
        }
        if (!p.target().core(type) && container.isEmpty()) {
            resource.remove(p.target().schema().id());
        }
    }
}
