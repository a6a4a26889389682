package io.roster.scim.schema;

import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which attributes a response carries: RFC 7644 section 3.4.2.5 ({@code attributes},
 * {@code excludedAttributes}) combined with each attribute's {@code returned} characteristic
 * (RFC 7643 section 7): "never" is never returned, "always" always, "request" only when named in
 * {@code attributes}, "default" unless excluded or another list was asked for.
 */
public final class Projection {
    private enum Mode { DEFAULT, INCLUDE, EXCLUDE }

    private final Mode mode;
    /** Whole attributes named, as "container|attr" with container "" for top level or the extension URN. */
    private final Set<String> whole;
    /** Sub-attributes named, per "container|attr". */
    private final Map<String, Set<String>> subs;
    /** Extension URNs named as a whole. */
    private final Set<String> schemas;
    private final AttributeResolver resolver;
    private final ResourceType type;

    private Projection(Mode mode, Set<String> whole, Map<String, Set<String>> subs, Set<String> schemas,
                       AttributeResolver resolver, ResourceType type) {
        this.mode = mode;
        this.whole = whole;
        this.subs = subs;
        this.schemas = schemas;
        this.resolver = resolver;
        this.type = type;
    }

    /** The default projection of a resource type. */
    public static Projection defaults(SchemaRegistry registry, ResourceType type) {
        return new Projection(Mode.DEFAULT, Set.of(), Map.of(), Set.of(), new AttributeResolver(registry), type);
    }

    /**
     * Builds a projection from the two comma-separated lists (either may be null or blank). Names that
     * match no attribute are ignored. When both lists are given, {@code attributes} wins (RFC 7644
     * section 3.4.2.5 lets a server pick; this is the more useful choice).
     */
    public static Projection of(SchemaRegistry registry, ResourceType type, String attributes, String excludedAttributes) {
        AttributeResolver resolver = new AttributeResolver(registry);
        List<String> include = split(attributes);
        List<String> exclude = split(excludedAttributes);
        Mode mode = !include.isEmpty() ? Mode.INCLUDE : !exclude.isEmpty() ? Mode.EXCLUDE : Mode.DEFAULT;
        Set<String> whole = new HashSet<>();
        Map<String, Set<String>> subs = new HashMap<>();
        Set<String> schemas = new HashSet<>();
        for (String path : mode == Mode.INCLUDE ? include : exclude) {
            Schema asSchema = registry.schema(path);
            if (asSchema != null) {
                schemas.add(asSchema.id().toLowerCase(Locale.ROOT));
                continue;
            }
            String[] urn = AttributeResolver.splitUrn(path);
            String rest = urn[1];
            int dot = rest.indexOf('.');
            String attr = dot < 0 ? rest : rest.substring(0, dot);
            String sub = dot < 0 ? null : rest.substring(dot + 1);
            AttributeResolver.Resolved r = resolver.resolve(type, urn[0], attr);
            if (r == null) {
                continue;
            }
            String key = key(r);
            if (sub == null) {
                whole.add(key);
            } else {
                AttributeDefinition subDef = r.definition().subAttribute(sub);
                if (subDef != null) {
                    subs.computeIfAbsent(key, k -> new HashSet<>()).add(subDef.name());
                }
            }
        }
        return new Projection(mode, whole, subs, schemas, resolver, type);
    }

    private static List<String> split(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String key(AttributeResolver.Resolved r) {
        String container = r.extension() ? r.schema().id() : "";
        return (container + "|" + r.definition().name()).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether any part of a top-level (core or common) attribute is returned. Lets callers skip work
     * for derived attributes nobody asked for, such as a group's members.
     */
    public boolean wants(String attributeName) {
        AttributeResolver.Resolved r = resolver.resolve(type, null, attributeName);
        return r != null && decide(r.definition(), key(r), r.extension() ? r.schema().id() : null) != Decision.DROP;
    }

    private enum Decision { DROP, WHOLE, PARTIAL }

    private Decision decide(AttributeDefinition def, String key, String extensionUrn) {
        if (def.returned() == Returned.NEVER) {
            return Decision.DROP;
        }
        if (def.returned() == Returned.ALWAYS) {
            return Decision.WHOLE;
        }
        boolean schemaNamed = extensionUrn != null && schemas.contains(extensionUrn.toLowerCase(Locale.ROOT));
        switch (mode) {
            case INCLUDE:
                if (whole.contains(key) || schemaNamed) {
                    return Decision.WHOLE;
                }
                return subs.containsKey(key) ? Decision.PARTIAL : Decision.DROP;
            case EXCLUDE:
                if (whole.contains(key) || schemaNamed) {
                    return Decision.DROP;
                }
                if (def.returned() == Returned.REQUEST) {
                    return Decision.DROP;
                }
                return subs.containsKey(key) ? Decision.PARTIAL : Decision.WHOLE;
            default:
                return def.returned() == Returned.REQUEST ? Decision.DROP : Decision.WHOLE;
        }
    }

    /**
     * Applies the projection to a full representation (schemas, id, externalId, meta, core attributes,
     * URN-keyed extension objects). Attributes the representation does not have stay absent.
     */
    public JsonObject apply(JsonObject full) {
        JsonObjectBuilder out = JsonSupport.object();
        for (Map.Entry<String, JsonValue> e : full.entrySet()) {
            String name = e.getKey();
            if (name.equals("schemas")) {
                out.add(name, e.getValue());
                continue;
            }
            if (e.getValue().getValueType() == JsonValue.ValueType.OBJECT && type.hasExtension(name)) {
                JsonObjectBuilder ext = JsonSupport.object();
                int n = 0;
                for (Map.Entry<String, JsonValue> inner : e.getValue().asJsonObject().entrySet()) {
                    AttributeResolver.Resolved r = resolver.resolve(type, name, inner.getKey());
                    if (r != null) {
                        JsonValue v = project(r, inner.getValue());
                        if (v != null) {
                            ext.add(inner.getKey(), v);
                            n++;
                        }
                    }
                }
                if (n > 0) {
                    out.add(name, ext);
                }
                continue;
            }
            AttributeResolver.Resolved r = resolver.resolve(type, null, name);
            if (r == null) {
                continue;
            }
            JsonValue v = project(r, e.getValue());
            if (v != null) {
                out.add(name, v);
            }
        }
        return out.build();
    }

    /** The value of one attribute after projection, or null when it is not returned. */
    public JsonValue project(AttributeResolver.Resolved r, JsonValue value) {
        Decision d = decide(r.definition(), key(r), r.extension() ? r.schema().id() : null);
        if (d == Decision.DROP) {
            return null;
        }
        AttributeDefinition def = r.definition();
        if (!def.isComplex()) {
            return value;
        }
        Set<String> wanted = d == Decision.PARTIAL ? subs.get(key(r)) : null;
        boolean excluding = mode == Mode.EXCLUDE;
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArrayBuilder arr = JsonSupport.array();
            int n = 0;
            for (JsonValue item : value.asJsonArray()) {
                JsonObject p = projectElement(def, item.asJsonObject(), wanted, excluding);
                if (!p.isEmpty()) {
                    arr.add(p);
                    n++;
                }
            }
            return n == 0 ? null : arr.build();
        }
        JsonObject p = projectElement(def, value.asJsonObject(), wanted, excluding);
        return p.isEmpty() ? null : p;
    }

    /** One complex value (e.g. a single member) projected for the given top-level attribute. */
    public JsonObject projectElement(String attributeName, JsonObject element) {
        AttributeResolver.Resolved r = resolver.resolve(type, null, attributeName);
        Decision d = decide(r.definition(), key(r), null);
        Set<String> wanted = d == Decision.PARTIAL ? subs.get(key(r)) : null;
        return projectElement(r.definition(), element, wanted, mode == Mode.EXCLUDE);
    }

    private JsonObject projectElement(AttributeDefinition def, JsonObject element, Set<String> named, boolean excluding) {
        JsonObjectBuilder b = JsonSupport.object();
        for (Map.Entry<String, JsonValue> e : element.entrySet()) {
            AttributeDefinition sub = def.subAttribute(e.getKey());
            if (sub == null || sub.returned() == Returned.NEVER) {
                continue;
            }
            boolean keep;
            if (sub.returned() == Returned.ALWAYS) {
                keep = true;
            } else if (named == null) {
                keep = sub.returned() != Returned.REQUEST;
            } else if (excluding) {
                keep = !named.contains(sub.name()) && sub.returned() != Returned.REQUEST;
            } else {
                keep = named.contains(sub.name());
            }
            if (keep) {
                b.add(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }
}
