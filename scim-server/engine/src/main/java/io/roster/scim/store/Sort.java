package io.roster.scim.store;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Returned;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The order of a query (RFC 7644 section 3.4.2.3): by the value of one attribute, ascending or
 * descending, or, without sortBy, by id (creation order, as ids are UUIDv7). Values compare by the
 * attribute's type: strings and references case-insensitively unless caseExact (as the indexes store
 * them), numbers numerically, dateTimes as instants, booleans false before true. A multi-valued
 * attribute sorts by its primary value, else its first. Ties, and resources without a value, are
 * ordered by id, so every position is unique and paging is stable. Resources without a value "are
 * sorted via the sortOrder parameter, i.e., they are ordered last if ascending and first if
 * descending" (RFC 7644 section 3.4.2.3): the descending order is exactly the ascending one reversed,
 * ascending being (value, id) then the resources without a value by id.
 *
 * @param path       the attribute path as canonically named ("name.familyName"), or null for id order
 * @param definition the attribute (top level), null for id order or an unknown attribute
 * @param sub        the sub-attribute compared, or null
 * @param container  the extension URN holding the attribute, or null for the top level
 * @param descending whether the order is reversed (missing values and ties included)
 */
public record Sort(String path, AttributeDefinition definition, AttributeDefinition sub, String container,
                   boolean descending) {

    public static final Sort BY_ID = new Sort(null, null, null, null, false);

    /**
     * Resolves {@code sortBy} and {@code sortOrder} as a client sent them (either may be null). An
     * unknown attribute is no error: nobody has a value, so the order is by id.
     */
    public static Sort parse(AttributeResolver resolver, ResourceType type, String sortBy, String sortOrder) {
        boolean descending = descending(sortOrder);
        if (sortBy == null || sortBy.isBlank()) {
            return BY_ID;
        }
        AttrPath p;
        try {
            p = FilterParser.parseAttrPath(sortBy.trim());
        } catch (ScimException e) {
            throw ScimException.invalidValue("sortBy must be an attribute path such as userName or name.familyName: "
                    + e.detail().replace("invalid attribute path", "invalid sortBy"));
        }
        AttributeResolver.Resolved r = resolver.resolve(type, p.schemaUrn(), p.attribute());
        if (r == null) {
            return new Sort(sortBy.trim(), null, null, null, descending);
        }
        AttributeDefinition def = r.definition();
        AttributeDefinition sub = null;
        if (p.subAttribute() != null) {
            if (!def.isComplex()) {
                throw ScimException.invalidValue("sortBy '" + sortBy.trim() + "' asks for a sub-attribute of '" + def.name()
                        + "', which has none.");
            }
            sub = def.subAttribute(p.subAttribute());
            if (sub == null) {
                return new Sort(sortBy.trim(), null, null, null, descending);
            }
        } else if (def.isComplex()) {
            sub = def.subAttribute("value");
            if (sub == null || !def.multiValued()) {
                throw ScimException.invalidValue("sortBy '" + sortBy.trim() + "' names the complex attribute '" + def.name()
                        + "'; sort by one of its sub-attributes, such as " + def.name() + "."
                        + def.subAttributes().get(0).name() + ".");
            }
        }
        if (def.returned() == Returned.NEVER || (sub != null && sub.returned() == Returned.NEVER)) {
            // RFC 7643 section 7: a "never" attribute (password) is never disclosed, and a sort would disclose
            // it: the order itself ranks the hidden values, and a cursor has to carry the last value it saw.
            // RFC 7644 section 3.4.2.3 defines no error for sortBy; invalidValue (section 3.12: "the value
            // specified was not compatible with the operation") is the one its GET and .search may answer.
            throw ScimException.invalidValue("sortBy '" + sortBy.trim() + "' names '" + (sub != null && sub.returned() == Returned.NEVER
                    ? def.name() + "." + sub.name() : def.name()) + "', which is never returned (RFC 7643 section 7), so it "
                    + "cannot order results either; sort by another attribute.");
        }
        String path = (r.extension() ? r.schema().id() + ":" : "") + def.name() + (sub == null ? "" : "." + sub.name());
        return new Sort(path, def, sub, r.container(), descending);
    }

    /** RFC 7644: "ascending" (the default) or "descending"; accepted in any case. */
    public static boolean descending(String sortOrder) {
        if (sortOrder == null || sortOrder.isBlank() || sortOrder.trim().equalsIgnoreCase("ascending")) {
            return false;
        }
        if (sortOrder.trim().equalsIgnoreCase("descending")) {
            return true;
        }
        throw ScimException.invalidValue("sortOrder must be \"ascending\" or \"descending\", not \"" + sortOrder + "\".");
    }

    /** The order of an index walk over a single-valued string attribute, for filters answered from it. */
    public static Sort byIndex(AttributeResolver resolver, ResourceType type, String indexPath) {
        return parse(resolver, type, indexPath, null);
    }

    public boolean byId() {
        return definition == null;
    }

    /** The leaf attribute whose values are compared. */
    public AttributeDefinition leaf() {
        return sub != null ? sub : definition;
    }

    /** The index path this order would walk ("userName", "emails.value"), or null. */
    public String indexPath() {
        if (definition == null || container != null) {
            return null;
        }
        return sub == null ? definition.name() : definition.name() + "." + sub.name();
    }

    /** Text identifying the order, for cursor fingerprints. */
    public String fingerprint() {
        return (path == null ? "id" : path.toLowerCase(Locale.ROOT)) + (descending ? " desc" : " asc");
    }

    /** The sort key of a resource in its full representation, or null when it has no value. */
    public Object key(JsonObject resource) {
        if (definition == null) {
            return null;
        }
        JsonValue holder = container == null ? resource : JsonSupport.member(resource, container);
        if (!(holder instanceof JsonObject h)) {
            return null;
        }
        JsonValue v = JsonSupport.member(h, definition.name());
        if (v == null) {
            return null;
        }
        if (definition.multiValued()) {
            v = primaryOrFirst(v);
            if (v == null) {
                return null;
            }
        }
        if (sub != null) {
            if (!(v instanceof JsonObject o)) {
                return null;
            }
            v = JsonSupport.member(o, sub.name());
            if (v == null) {
                return null;
            }
        }
        return typed(leaf(), v);
    }

    /** RFC 7644 section 3.4.2.3: the primary value of a multi-valued attribute, if any, else the first. */
    private static JsonValue primaryOrFirst(JsonValue v) {
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            return v;
        }
        List<JsonValue> items = v.asJsonArray();
        for (JsonValue item : items) {
            if (item instanceof JsonObject o && o.get("primary") == JsonValue.TRUE) {
                return item;
            }
        }
        return items.isEmpty() ? null : items.get(0);
    }

    /** The comparable form of a value, matching the evaluator and the index normalisation. */
    static Object typed(AttributeDefinition leaf, JsonValue v) {
        switch (leaf.type()) {
            case BOOLEAN -> {
                if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
                    return v == JsonValue.TRUE;
                }
                return null;
            }
            case INTEGER, DECIMAL -> {
                return v instanceof JsonNumber n ? n.bigDecimalValue() : null;
            }
            case DATE_TIME -> {
                if (!(v instanceof JsonString s)) {
                    return null;
                }
                try {
                    return OffsetDateTime.parse(s.getString()).toInstant();
                } catch (DateTimeException e) {
                    try {
                        return Instant.parse(s.getString());
                    } catch (DateTimeException e2) {
                        return null;
                    }
                }
            }
            default -> {
                if (!(v instanceof JsonString s) || s.getString().isEmpty()) {
                    return null;
                }
                String text = s.getString();
                return leaf.caseExact() || leaf.type() == io.roster.scim.schema.AttributeType.BINARY
                        ? text : text.toLowerCase(Locale.ROOT);
            }
        }
    }

    /**
     * The total order of rows: ascending, by key then id, the rows without a key after every other,
     * by id; descending, that order reversed (rows without a key first, by id descending).
     */
    public Comparator<Row> comparator() {
        if (definition == null) {
            return Comparator.comparing(Row::id);
        }
        Comparator<Row> ascending = (a, b) -> {
            Object ka = a.key();
            Object kb = b.key();
            int c;
            if (ka == null || kb == null) {
                c = ka == kb ? 0 : ka == null ? 1 : -1;
            } else {
                c = compareKeys(ka, kb);
            }
            return c != 0 ? c : a.id().compareTo(b.id());
        };
        return descending ? ascending.reversed() : ascending;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareKeys(Object a, Object b) {
        if (a.getClass() != b.getClass()) {
            return a.getClass().getName().compareTo(b.getClass().getName()); // root searches mixing types
        }
        return ((Comparable) a).compareTo(b);
    }
}
