package io.roster.scim.schema;

import java.util.List;

/**
 * The attributes every resource carries (RFC 7643 section 3.1). They belong to no schema, so no
 * {@code /Schemas} entry lists them, but filters, sorting and projection treat them like any other.
 */
public final class CommonAttributes {
    public static final AttributeDefinition ID = simple("id", AttributeType.STRING, true,
            Mutability.READ_ONLY, Returned.ALWAYS, Uniqueness.SERVER);
    public static final AttributeDefinition EXTERNAL_ID = simple("externalId", AttributeType.STRING, true,
            Mutability.READ_WRITE, Returned.DEFAULT, Uniqueness.NONE);
    public static final AttributeDefinition META = new AttributeDefinition("meta", AttributeType.COMPLEX, false,
            "Resource metadata", false, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE,
            List.of(), List.of(), List.of(
                    simple("resourceType", AttributeType.STRING, true, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE),
                    simple("created", AttributeType.DATE_TIME, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE),
                    simple("lastModified", AttributeType.DATE_TIME, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE),
                    new AttributeDefinition("location", AttributeType.REFERENCE, false, "", false, true,
                            Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE, List.of(), List.of("uri"), List.of()),
                    simple("version", AttributeType.STRING, true, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE)));

    public static final List<AttributeDefinition> ALL = List.of(ID, EXTERNAL_ID, META);

    private CommonAttributes() {
    }

    /** Case-insensitive lookup among id, externalId and meta; null when the name is none of them. */
    public static AttributeDefinition find(String name) {
        for (AttributeDefinition a : ALL) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }

    private static AttributeDefinition simple(String name, AttributeType type, boolean caseExact,
                                              Mutability mutability, Returned returned, Uniqueness uniqueness) {
        return new AttributeDefinition(name, type, false, "", false, caseExact, mutability, returned, uniqueness,
                List.of(), List.of(), List.of());
    }
}
