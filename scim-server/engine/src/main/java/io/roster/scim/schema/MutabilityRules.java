package io.roster.scim.schema;

import io.roster.scim.error.ScimException;

/**
 * The mutability and required rules of RFC 7643 section 2.2 and section 7, as every write applies them:
 * what a PATCH may target and remove (RFC 7644 section 3.5.2), and, for the normaliser, which stored
 * values a POST, PUT or PATCH result keeps and which attributes it must hold.
 */
public final class MutabilityRules {
    private MutabilityRules() {
    }

    /**
     * A PATCH may not add, replace or remove a readOnly attribute or sub-attribute (RFC 7644 section
     * 3.5.2: "mutability"); {@code name} names the target in the error, {@code op} the operation.
     */
    public static void checkWritable(AttributeDefinition def, AttributeDefinition sub, String name, String op) {
        if (def.mutability() == Mutability.READ_ONLY || (sub != null && sub.mutability() == Mutability.READ_ONLY)) {
            throw ScimException.mutability("'" + name + "' is readOnly: the server maintains it, clients cannot " + op + " it.");
        }
    }

    /**
     * RFC 7644 section 3.5.2.2: unassigning a required attribute, or changing a set immutable one, is
     * mutability.
     *
     * @param set       whether the target has a value now (removing nothing is never an error)
     * @param unassigns whether the removal leaves the attribute without any value
     */
    public static void checkRemovable(AttributeDefinition def, AttributeDefinition sub, String name, boolean set, boolean unassigns) {
        if (!set) {
            return;
        }
        if (def.mutability() == Mutability.IMMUTABLE || (sub != null && sub.mutability() == Mutability.IMMUTABLE)) {
            throw ScimException.mutability("'" + name + "' is immutable: once set it cannot be removed.");
        }
        if (unassigns && def.required()) {
            throw ScimException.mutability("'" + def.name() + "' is required, so it cannot be removed; replace it instead.");
        }
    }
}
