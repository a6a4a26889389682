package io.roster.scim.schema;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;

/**
 * One attribute of a schema with its RFC 7643 section 7 characteristics. Sub-attributes only for
 * {@link AttributeType#COMPLEX}; RFC 7643 section 2.3.8 forbids complex sub-attributes.
 */
public record AttributeDefinition(
        String name,
        AttributeType type,
        boolean multiValued,
        String description,
        boolean required,
        boolean caseExact,
        Mutability mutability,
        Returned returned,
        Uniqueness uniqueness,
        List<String> canonicalValues,
        List<String> referenceTypes,
        List<AttributeDefinition> subAttributes) {

    public AttributeDefinition {
        canonicalValues = List.copyOf(canonicalValues);
        referenceTypes = List.copyOf(referenceTypes);
        subAttributes = List.copyOf(subAttributes);
        if (type != AttributeType.COMPLEX && !subAttributes.isEmpty()) {
            throw new IllegalArgumentException(name + ": only complex attributes have sub-attributes");
        }
    }

    /** Attribute names are case-insensitive (RFC 7643 section 2.1). Null when there is no such sub-attribute. */
    public AttributeDefinition subAttribute(String subName) {
        for (AttributeDefinition sub : subAttributes) {
            if (sub.name.equalsIgnoreCase(subName)) {
                return sub;
            }
        }
        return null;
    }

    public boolean isComplex() {
        return type == AttributeType.COMPLEX;
    }

    /** The canonical spelling of {@code value} among the canonical values, or null when it is not one. */
    public String canonicalValue(String value) {
        for (String c : canonicalValues) {
            if (c.equalsIgnoreCase(value)) {
                return c;
            }
        }
        return null;
    }

    /** The RFC 7643 section 7 representation, as served by {@code /Schemas}. */
    public JsonObject toJson() {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("name", name)
                .add("type", type.json())
                .add("multiValued", multiValued)
                .add("description", description == null ? "" : description)
                .add("required", required);
        if (!subAttributes.isEmpty()) {
            JsonArrayBuilder subs = Json.createArrayBuilder();
            subAttributes.forEach(s -> subs.add(s.toJson()));
            b.add("subAttributes", subs);
        }
        if (!canonicalValues.isEmpty()) {
            b.add("canonicalValues", Json.createArrayBuilder(canonicalValues));
        }
        if (type == AttributeType.STRING || type == AttributeType.REFERENCE || type == AttributeType.BINARY) {
            b.add("caseExact", caseExact);
        }
        b.add("mutability", mutability.json())
                .add("returned", returned.json())
                .add("uniqueness", uniqueness.json());
        if (type == AttributeType.REFERENCE) {
            b.add("referenceTypes", Json.createArrayBuilder(referenceTypes));
        }
        return b.build();
    }
}
