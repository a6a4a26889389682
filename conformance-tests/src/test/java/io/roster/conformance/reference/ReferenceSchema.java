package io.roster.conformance.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference server's schemas (RFC 7643 4 and 8.7.1): User with the enterprise extension, and Group. Every other
 * part of the server reads attribute characteristics from here, so what /Schemas says is what the server
 * does: caseExact decides comparisons, mutability what a client may write, returned what is answered.
 */
final class ReferenceSchema {
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** ATTRNAME of RFC 7643 2.1 (ALPHA *(nameChar)), and "$ref". */
    static final String ATTRNAME = "\\$ref|[A-Za-z][A-Za-z0-9_-]*";

    /** An attribute definition with its characteristics (RFC 7643 2.2, 7). */
    record Attr(String name, String type, boolean multiValued, boolean required, boolean caseExact, String mutability,
                String returned, String uniqueness, List<Attr> subAttributes, List<String> referenceTypes) {

        Attr sub(String subName) {
            for (Attr a : subAttributes) {
                if (a.name.equalsIgnoreCase(subName)) {
                    return a;
                }
            }
            return null;
        }

        boolean complex() {
            return type.equals("complex");
        }

        boolean readOnly() {
            return mutability.equals("readOnly");
        }

        Attr mandatory() {
            return new Attr(name, type, multiValued, true, caseExact, mutability, returned, uniqueness, subAttributes, referenceTypes);
        }

        Attr exact() {
            return new Attr(name, type, multiValued, required, true, mutability, returned, uniqueness, subAttributes, referenceTypes);
        }

        Attr mutability(String m) {
            return new Attr(name, type, multiValued, required, caseExact, m, returned, uniqueness, subAttributes, referenceTypes);
        }

        Attr returned(String r) {
            return new Attr(name, type, multiValued, required, caseExact, mutability, r, uniqueness, subAttributes, referenceTypes);
        }

        Attr unique() {
            return new Attr(name, type, multiValued, required, caseExact, mutability, returned, "server", subAttributes, referenceTypes);
        }

        Attr many() {
            return new Attr(name, type, true, required, caseExact, mutability, returned, uniqueness, subAttributes, referenceTypes);
        }

        Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("type", type);
            d.put("multiValued", multiValued);
            d.put("required", required);
            d.put("caseExact", caseExact);
            d.put("mutability", mutability);
            d.put("returned", returned);
            d.put("uniqueness", uniqueness);
            if (!referenceTypes.isEmpty()) {
                d.put("referenceTypes", referenceTypes);
            }
            if (!subAttributes.isEmpty()) {
                d.put("subAttributes", subAttributes.stream().map(Attr::describe).toList());
            }
            return d;
        }
    }

    /** A schema: its URN, its name and its attributes. */
    record Schema(String id, String name, List<Attr> attributes) {
        Attr attr(String attrName) {
            for (Attr a : attributes) {
                if (a.name.equalsIgnoreCase(attrName)) {
                    return a;
                }
            }
            return null;
        }

        Map<String, Object> describe(String base) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Schema"));
            d.put("id", id);
            d.put("name", name);
            d.put("attributes", attributes.stream().map(Attr::describe).toList());
            d.put("meta", Map.of("resourceType", "Schema", "location", base + "/Schemas/" + id));
            return d;
        }
    }

    /** A resource type (RFC 7643 6): its endpoint, core schema and extensions. */
    record Type(String name, String endpoint, Schema schema, List<Schema> extensions) {
        Map<String, Object> describe(String base) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:ResourceType"));
            d.put("id", name);
            d.put("name", name);
            d.put("endpoint", endpoint);
            d.put("schema", schema.id());
            d.put("schemaExtensions", extensions.stream().map(e -> Map.of("schema", e.id(), "required", false)).toList());
            d.put("meta", Map.of("resourceType", "ResourceType", "location", base + "/ResourceTypes/" + name));
            return d;
        }

        /** The schema with this URN among the type's (core first), ignoring case, or null. */
        Schema schemaOf(String urn) {
            if (schema.id().equalsIgnoreCase(urn)) {
                return schema;
            }
            for (Schema e : extensions) {
                if (e.id().equalsIgnoreCase(urn)) {
                    return e;
                }
            }
            return null;
        }
    }

    private static Attr simple(String name, String type) {
        return new Attr(name, type, false, false, false, "readWrite", "default", "none", List.of(), List.of());
    }

    static Attr string(String name) {
        return simple(name, "string");
    }

    private static Attr reference(String name, String... types) {
        return new Attr(name, "reference", false, false, false, "readWrite", "default", "none", List.of(), List.of(types));
    }

    private static Attr complex(String name, Attr... subs) {
        return new Attr(name, "complex", false, false, false, "readWrite", "default", "none", List.of(subs), List.of());
    }

    /** A multi-valued complex attribute of the usual value/display/type/primary shape. */
    private static Attr plural(String name, String valueType) {
        return complex(name, simple("value", valueType), string("display"), string("type"), simple("primary", "boolean")).many();
    }

    /** id, externalId and meta, common to every resource (RFC 7643 3.1). */
    static final List<Attr> COMMON = List.of(
            string("id").exact().mutability("readOnly").returned("always").unique(),
            string("externalId").exact(),
            complex("meta", string("resourceType").exact().mutability("readOnly"),
                    simple("created", "dateTime").mutability("readOnly"),
                    simple("lastModified", "dateTime").mutability("readOnly"),
                    reference("location", "uri").exact().mutability("readOnly"),
                    string("version").exact().mutability("readOnly")).mutability("readOnly"));

    static final Schema USER_SCHEMA = new Schema(USER, "User", List.of(
            string("userName").mandatory().unique(),
            complex("name", string("formatted"), string("familyName"), string("givenName"), string("middleName"),
                    string("honorificPrefix"), string("honorificSuffix")),
            string("displayName"), string("nickName"), reference("profileUrl", "external"), string("title"),
            string("userType"), string("preferredLanguage"), string("locale"), string("timezone"),
            simple("active", "boolean"),
            string("password").exact().mutability("writeOnly").returned("never"),
            plural("emails", "string"), plural("phoneNumbers", "string"), plural("ims", "string"),
            plural("photos", "reference"),
            complex("addresses", string("formatted"), string("streetAddress"), string("locality"), string("region"),
                    string("postalCode"), string("country"), string("type"), simple("primary", "boolean")).many(),
            complex("groups", string("value").mutability("readOnly"), reference("$ref", "User", "Group").mutability("readOnly"),
                    string("display").mutability("readOnly"), string("type").mutability("readOnly")).many().mutability("readOnly"),
            plural("entitlements", "string"), plural("roles", "string"), plural("x509Certificates", "binary")));

    static final Schema ENTERPRISE_SCHEMA = new Schema(ENTERPRISE, "EnterpriseUser", List.of(
            string("employeeNumber"), string("costCenter"), string("organization"), string("division"),
            string("department"),
            complex("manager", string("value"), reference("$ref", "User"), string("displayName").mutability("readOnly"))));

    static final Schema GROUP_SCHEMA = new Schema(GROUP, "Group", List.of(
            string("displayName").mandatory(),
            complex("members", string("value").mutability("immutable"), reference("$ref", "User", "Group").mutability("immutable"),
                    string("display").mutability("readOnly"), string("type").mutability("immutable")).many()));

    /** The User type, with or without the enterprise extension and the groups attribute. */
    static Type users(boolean enterprise, boolean groups) {
        Schema core = groups ? USER_SCHEMA
                : new Schema(USER, "User", USER_SCHEMA.attributes().stream().filter(a -> !a.name().equals("groups")).toList());
        return new Type("User", "/Users", core, enterprise ? List.of(ENTERPRISE_SCHEMA) : List.of());
    }

    static final Type GROUPS = new Type("Group", "/Groups", GROUP_SCHEMA, List.of());

    /** An attribute reached by a path: the schema it is in, the attribute, and a sub-attribute or null. */
    record Resolved(Schema schema, Attr attr, Attr sub) {
        boolean core(Type type) {
            return schema == type.schema();
        }

        /** The value at this path in a stored resource: a list of sub-values when the attribute is multi-valued. */
        Object read(Type type, Map<String, Object> resource) {
            Object container = core(type) ? resource : resource.get(schema.id());
            if (!(container instanceof Map<?, ?> c)) {
                return null;
            }
            Object v = c.get(attr.name());
            if (sub == null || v == null) {
                return v;
            }
            if (v instanceof List<?> list) {
                List<Object> out = new ArrayList<>();
                for (Object item : list) {
                    if (item instanceof Map<?, ?> m && m.get(sub.name()) != null) {
                        out.add(m.get(sub.name()));
                    }
                }
                return out.isEmpty() ? null : out;
            }
            return v instanceof Map<?, ?> m ? m.get(sub.name()) : null;
        }
    }

    private ReferenceSchema() {
    }

    /** The common or core attribute of this name, ignoring case, or null. */
    static Attr coreAttr(Type type, String name) {
        for (Attr a : COMMON) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        return type.schema().attr(name);
    }

    /**
     * Resolves {@code [urn:]attr[.sub]} on a type (RFC 7644 3.10): names ignore case; a name without a URN
     * is a common or core attribute. Returns null for an attribute the type does not have; throws
     * IllegalArgumentException for a path that cannot be one (a sub-attribute of a simple attribute, a
     * second dot, a name that is not ATTRNAME).
     */
    static Resolved resolve(Type type, String path) {
        Schema schema = type.schema();
        String rest = path;
        if (path.regionMatches(true, 0, "urn:", 0, 4)) {
            schema = null;
            for (Schema s : allOf(type)) {
                if (path.length() > s.id().length() && path.regionMatches(true, 0, s.id(), 0, s.id().length())
                        && path.charAt(s.id().length()) == ':') {
                    schema = s;
                    rest = path.substring(s.id().length() + 1);
                }
            }
            if (schema == null) {
                return null;
            }
        }
        String[] parts = rest.split("\\.", -1);
        for (String part : parts) {
            if (!part.matches(ATTRNAME)) {
                throw new IllegalArgumentException("'" + path + "' is not an attribute path");
            }
        }
        if (parts.length > 2) {
            throw new IllegalArgumentException("'" + path + "' has more than one sub-attribute");
        }
        Attr attr = schema == type.schema() ? coreAttr(type, parts[0]) : schema.attr(parts[0]);
        if (attr == null) {
            return null;
        }
        if (parts.length == 1) {
            return new Resolved(schema, attr, null);
        }
        if (!attr.complex()) {
            throw new IllegalArgumentException("'" + attr.name() + "' has no sub-attributes");
        }
        Attr sub = attr.sub(parts[1]);
        return sub == null ? null : new Resolved(schema, attr, sub);
    }

    static List<Schema> allOf(Type type) {
        List<Schema> all = new ArrayList<>();
        all.add(type.schema());
        all.addAll(type.extensions());
        return all;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
