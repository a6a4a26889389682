package io.roster.scim.patch;

import io.roster.scim.filter.Filter;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeResolver;

/**
 * One target of a PATCH operation inside the resource (RFC 7644 section 3.5.2 PATH): an attribute,
 * maybe a value filter selecting some of its values, maybe a sub-attribute.
 *
 * @param attribute the attribute and the schema it belongs to
 * @param filter    the value filter between brackets, or null
 * @param sub       the sub-attribute the path ends in, or null
 */
record PatchTarget(AttributeResolver.Resolved attribute, Filter filter, AttributeDefinition sub) {
    AttributeDefinition def() {
        return attribute.definition();
    }

    /** The target as error details name it: {@code urn:...:manager}, {@code emails[type eq "work"].value}. */
    String name() {
        String base = attribute.extension() ? attribute.schema().id() + ":" + def().name() : def().name();
        return base + (filter == null ? "" : "[" + filter + "]") + (sub == null ? "" : "." + sub.name());
    }
}
