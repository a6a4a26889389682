package io.roster.conformance.reference;

import io.roster.conformance.reference.ReferenceSchema.Attr;
import io.roster.conformance.reference.ReferenceSchema.Resolved;
import io.roster.conformance.reference.ReferenceSchema.Schema;
import io.roster.conformance.reference.ReferenceSchema.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The reference server's resources, kept in memory in canonical form (attribute names as the schema spells them,
 * extensions under their URN): what a client sends is checked against the schema and converted here, and
 * what goes out is built here, with User.groups and the members' details computed at read time. Not
 * thread-safe: the server calls it under one lock, so every request is atomic.
 */
final class ReferenceResources {
    private final Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    private final Map<String, Type> typeOf = new HashMap<>();
    private final Map<String, Long> order = new HashMap<>();
    /** For each member id, the groups listing it, kept with every write: User.groups is read often. */
    private final Map<String, Set<String>> parentsOf = new HashMap<>();
    private long sequence;

    // ------------------------------------------------------------------ reading

    /** The stored resource, or a 404. */
    Map<String, Object> find(Type type, String id) {
        Map<String, Object> r = byId.get(id);
        if (r == null || typeOf.get(id) != type) {
            throw ReferenceFailure.notFound(type.name() + " " + id);
        }
        return r;
    }

    /** Every stored resource of the type, oldest first. */
    List<Map<String, Object>> all(Type type) {
        return byId.entrySet().stream().filter(e -> typeOf.get(e.getKey()) == type).map(Map.Entry::getValue).toList();
    }

    private static boolean isGroup(Type type) {
        return type.name().equals("Group");
    }

    /** The creation order of a resource: a total order that never changes, for cursors. */
    long order(String id) {
        return order.getOrDefault(id, Long.MAX_VALUE);
    }

    static String version(Map<String, Object> resource) {
        return (String) meta(resource).get("version");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> meta(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("meta");
    }

    /**
     * The resource as a client may see it, before projection: the stored attributes but those returned
     * never, User.groups and the members' $ref, type and display. Filters and sorting read this too.
     */
    Map<String, Object> view(Type type, Map<String, Object> stored, String base) {
        Map<String, Object> out = ReferenceJson.copy(stored);
        out.remove("password"); // RFC 7643 4.1.1: returned never
        List<String> schemas = new ArrayList<>();
        schemas.add(type.schema().id());
        for (Schema e : type.extensions()) {
            if (out.containsKey(e.id())) {
                schemas.add(e.id());
            }
        }
        out.put("schemas", schemas);
        if (isGroup(type) && out.get("members") instanceof List<?> members) {
            List<Object> detailed = new ArrayList<>();
            for (Object m : members) {
                Map<String, Object> member = ReferenceJson.map(m);
                String id = (String) member.get("value");
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("value", id);
                d.put("$ref", base + typeOf.get(id).endpoint() + "/" + id);
                d.put("type", typeOf.get(id).name());
                d.put("display", display(id));
                detailed.add(d);
            }
            out.put("members", detailed);
        }
        if (type.name().equals("User")) {
            List<Object> groups = groupsOf((String) stored.get("id"), base);
            if (groups.isEmpty()) {
                out.remove("groups");
            } else {
                out.put("groups", groups);
            }
        }
        out.put("meta", out.remove("meta")); // last, as the RFC's examples have it
        return out;
    }

    private String display(String id) {
        Map<String, Object> r = byId.get(id);
        Object d = r.get("displayName");
        return d != null ? (String) d : (String) r.get("userName");
    }

    /** RFC 7643 4.1.2: the groups a user is in, "direct" or "indirect" through nested groups; each once. */
    private List<Object> groupsOf(String userId, String base) {
        Map<String, String> how = new LinkedHashMap<>();
        Set<String> frontier = new LinkedHashSet<>(parents(userId));
        frontier.forEach(g -> how.put(g, "direct"));
        while (!frontier.isEmpty()) {
            Set<String> next = new LinkedHashSet<>();
            for (String g : frontier) {
                for (String parent : parents(g)) {
                    if (how.putIfAbsent(parent, "indirect") == null) {
                        next.add(parent);
                    }
                }
            }
            frontier = next;
        }
        List<Object> out = new ArrayList<>();
        how.forEach((g, kind) -> {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("value", g);
            ref.put("$ref", base + "/Groups/" + g);
            ref.put("display", display(g));
            ref.put("type", kind);
            out.add(ref);
        });
        return out;
    }

    /** The groups that list this resource as a member. */
    private Set<String> parents(String id) {
        return parentsOf.getOrDefault(id, Set.of());
    }

    /** Stores a resource, keeping the parents index in step with a group's members. */
    private void put(String id, Map<String, Object> resource) {
        Map<String, Object> old = byId.put(id, resource);
        if (old != null) {
            for (String m : memberIds(old)) {
                Set<String> p = parentsOf.get(m);
                if (p != null) {
                    p.remove(id);
                }
            }
        }
        for (String m : memberIds(resource)) {
            parentsOf.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(id);
        }
    }

    static List<String> memberIds(Map<String, Object> group) {
        List<String> ids = new ArrayList<>();
        if (group.get("members") instanceof List<?> members) {
            for (Object m : members) {
                ids.add((String) ReferenceJson.map(m).get("value"));
            }
        }
        return ids;
    }

    // ------------------------------------------------------------------ writing

    /** Creates a resource from a client's body (RFC 7644 3.3). */
    Map<String, Object> create(Type type, Map<String, Object> body, String base) {
        Map<String, Object> r = fromClient(type, body);
        String id = UUID.randomUUID().toString();
        String now = Instant.now().toString();
        r.put("id", id);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceType", type.name());
        meta.put("created", now);
        meta.put("lastModified", now);
        // relative: RFC 7643 3.1 asks for the resource's URI, and a relative reference is one
        meta.put("location", type.endpoint().substring(1) + "/" + id);
        meta.put("version", "\"1\"");
        r.put("meta", meta);
        canonicalMembers(type, r);
        check(type, r, id);
        put(id, r);
        typeOf.put(id, type);
        order.put(id, ++sequence);
        return r;
    }

    /** Replaces a resource with a client's body (RFC 7644 3.5.1); a writeOnly password not sent is kept. */
    Map<String, Object> replace(Type type, String id, Map<String, Object> body) {
        Map<String, Object> old = find(type, id);
        Map<String, Object> r = fromClient(type, body);
        if (old.containsKey("password") && !r.containsKey("password")) {
            r.put("password", old.get("password"));
        }
        r.put("id", id);
        r.put("meta", ReferenceJson.copy(meta(old)));
        return save(type, id, r);
    }

    /**
     * Stores a changed resource after checking it whole; its version and lastModified move only when
     * something changed (RFC 7644 3.14). Returns what is stored.
     */
    Map<String, Object> save(Type type, String id, Map<String, Object> candidate) {
        Map<String, Object> old = find(type, id);
        canonicalMembers(type, candidate);
        check(type, candidate, id);
        if (candidate.equals(old)) {
            return old;
        }
        bump(candidate);
        put(id, candidate);
        return candidate;
    }

    private static void bump(Map<String, Object> resource) {
        Map<String, Object> meta = meta(resource);
        String v = (String) meta.get("version");
        meta.put("version", "\"" + (Long.parseLong(v.substring(1, v.length() - 1)) + 1) + "\"");
        meta.put("lastModified", Instant.now().toString());
    }

    /** Deletes a resource and takes it out of the groups that list it (which changes their versions). */
    void delete(Type type, String id) {
        find(type, id);
        Map<String, Object> gone = byId.remove(id);
        typeOf.remove(id);
        order.remove(id);
        for (String m : memberIds(gone)) {
            parentsOf.getOrDefault(m, new LinkedHashSet<>()).remove(id);
        }
        for (String parent : new ArrayList<>(parents(id))) {
            Map<String, Object> changed = ReferenceJson.copy(byId.get(parent));
            List<Object> kept = new ArrayList<>(ReferenceJson.list(changed.get("members")));
            kept.removeIf(m -> id.equals(ReferenceJson.map(m).get("value")));
            if (kept.isEmpty()) {
                changed.remove("members");
            } else {
                changed.put("members", kept);
            }
            bump(changed);
            put(parent, changed);
        }
        parentsOf.remove(id);
    }

    /** What the whole resource must satisfy: required attributes, one primary, unique userName, known members. */
    private void check(Type type, Map<String, Object> r, String id) {
        for (Schema s : ReferenceSchema.allOf(type)) {
            Map<?, ?> container = s == type.schema() ? r : r.get(s.id()) instanceof Map<?, ?> m ? m : Map.of();
            for (Attr a : s.attributes()) {
                Object v = container.get(a.name());
                if (a.required() && (v == null || v instanceof String str && str.isBlank())) {
                    throw new ReferenceFailure(400, "invalidValue", "'" + a.name() + "' is required");
                }
                if (a.multiValued() && a.sub("primary") != null && v instanceof List<?> values
                        && values.stream().filter(x -> Boolean.TRUE.equals(ReferenceJson.map(x).get("primary"))).count() > 1) {
                    throw new ReferenceFailure(400, "invalidValue", "more than one of '" + a.name() + "' is primary");
                }
            }
        }
        if (type.name().equals("User")) {
            String userName = (String) r.get("userName");
            for (Map<String, Object> other : all(type)) {
                if (!other.get("id").equals(id) && userName.equalsIgnoreCase((String) other.get("userName"))) {
                    throw new ReferenceFailure(409, "uniqueness", "userName '" + userName + "' is taken");
                }
            }
        }
        if (isGroup(type)) {
            for (String member : memberIds(r)) {
                Type t = typeOf.get(member);
                if (member == null || t == null || member.equals(id)) {
                    throw ReferenceFailure.invalidValue("member '" + member + "' is no User or other Group here");
                }
            }
        }
    }

    // ------------------------------------------------------------------ what clients send

    /**
     * A client's resource body in canonical form: names as the schema spells them, values checked against
     * their types, readOnly attributes (id, meta, groups, members' display) ignored as RFC 7644 3.3 and
     * 3.5.1 say, attributes the type does not have ignored, unassigned values (null, [], {}) dropped.
     */
    Map<String, Object> fromClient(Type type, Map<String, Object> body) {
        Object schemas = ReferenceJson.get(body, "schemas");
        if (!(schemas instanceof List<?> list) || list.stream().noneMatch(s -> type.schema().id().equalsIgnoreCase(String.valueOf(s)))) {
            throw new ReferenceFailure(400, "invalidSyntax", "'schemas' must list " + type.schema().id());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String key = e.getKey();
            if (key.equalsIgnoreCase("schemas")) {
                continue;
            }
            Schema ext = type.schemaOf(key);
            if (ext != null && ext != type.schema()) {
                if (e.getValue() == null) {
                    continue;
                }
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw ReferenceFailure.invalidValue("'" + ext.id() + "' must be an object");
                }
                Map<String, Object> converted = new LinkedHashMap<>();
                ReferenceJson.map(m).forEach((k, v) -> {
                    Attr a = ext.attr(k);
                    if (a != null) {
                        put(converted, a, convert(a, v, k));
                    }
                });
                if (!converted.isEmpty()) {
                    out.put(ext.id(), converted);
                }
                continue;
            }
            Resolved r = key.contains(":") ? resolveOrNull(type, key) : null;
            Attr a = r != null && r.sub() == null ? r.attr() : ReferenceSchema.coreAttr(type, key);
            if (r != null && r.sub() == null && !r.core(type)) {
                Map<String, Object> ex = ReferenceJson.map(out.computeIfAbsent(r.schema().id(), k -> new LinkedHashMap<>()));
                put(ex, a, convert(a, e.getValue(), key));
                continue;
            }
            if (a != null && !a.readOnly()) {
                put(out, a, convert(a, e.getValue(), key));
            }
        }
        return out;
    }

    /**
     * Members as stored: each once, with its value and the type of what it names (so that a filter on
     * {@code members[type eq "Group"]} can select it); $ref and display are computed when read.
     */
    private void canonicalMembers(Type type, Map<String, Object> group) {
        if (!isGroup(type) || !(group.get("members") instanceof List<?> members)) {
            return;
        }
        Map<Object, Map<String, Object>> byValue = new LinkedHashMap<>();
        for (Object m : members) {
            Object value = ReferenceJson.map(m).get("value");
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("value", value);
            Type t = typeOf.get(value);
            if (t != null) {
                member.put("type", t.name());
            }
            byValue.putIfAbsent(value, member);
        }
        group.put("members", new ArrayList<>(byValue.values()));
    }

    private static Resolved resolveOrNull(Type type, String path) {
        try {
            return ReferenceSchema.resolve(type, path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static void put(Map<String, Object> container, Attr a, Object value) {
        if (value == null) {
            container.remove(a.name());
        } else {
            container.put(a.name(), value);
        }
    }

    /**
     * One attribute's value checked against its definition (RFC 7643 2.3) and converted to canonical form;
     * null when unassigned. A value of the wrong type is invalidValue naming the attribute.
     */
    static Object convert(Attr a, Object value, String name) {
        if (value == null) {
            return null;
        }
        if (a.multiValued()) {
            if (!(value instanceof List<?> list)) {
                throw ReferenceFailure.invalidValue("'" + name + "' is multi-valued: send an array");
            }
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object one = convertOne(a, item, name);
                if (one != null) {
                    out.add(one);
                }
            }
            return out.isEmpty() ? null : out;
        }
        return convertOne(a, value, name);
    }

    /** One value of the attribute (one element of a multi-valued one) checked and converted; null when empty. */
    static Object convertOne(Attr a, Object value, String name) {
        if (value == null) {
            return null;
        }
        if (a.complex()) {
            if (!(value instanceof Map<?, ?> m)) {
                throw ReferenceFailure.invalidValue("'" + name + "' is complex: send an object");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            ReferenceJson.map(m).forEach((k, v) -> {
                Attr sub = a.sub(k);
                if (sub != null && !sub.readOnly()) {
                    put(out, sub, convertOne(sub, v, name + "." + k));
                }
            });
            return out.isEmpty() ? null : out;
        }
        boolean fits = switch (a.type()) {
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
            case "decimal" -> value instanceof Number;
            case "dateTime" -> value instanceof String s && ReferenceFilter.instant(s) != null;
            case "binary" -> value instanceof String s && base64(s);
            default -> value instanceof String;
        };
        if (!fits) {
            throw ReferenceFailure.invalidValue("'" + name + "' must be of type " + a.type());
        }
        return value;
    }

    private static boolean base64(String s) {
        try {
            Base64.getDecoder().decode(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
