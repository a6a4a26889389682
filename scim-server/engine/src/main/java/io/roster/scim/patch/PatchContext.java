package io.roster.scim.patch;

import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceType;

/**
 * What an {@link OperationQuirk} may know about the resource a PATCH applies to: its type, its id, and
 * which attribute a path names. It cannot see the resource's values: a quirk rewrites the request,
 * never reads the data.
 */
public final class PatchContext {
    private final ResourceType type;
    private final String id;
    private final AttributeResolver resolver;

    public PatchContext(ResourceType type, String id, AttributeResolver resolver) {
        this.type = type;
        this.id = id;
        this.resolver = resolver;
    }

    public ResourceType type() {
        return type;
    }

    public String id() {
        return id;
    }

    /** The attribute {@code path} names (its sub-attribute and filter aside); null when it names none, or a whole extension. */
    public AttributeResolver.Resolved attribute(PatchPath path) {
        return resolver.resolve(type, path.attribute().schemaUrn(), path.attribute().attribute());
    }
}
