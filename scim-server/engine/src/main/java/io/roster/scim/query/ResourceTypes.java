package io.roster.scim.query;

import io.roster.scim.schema.ResourceType;
import io.roster.scim.spi.ResourceTypeNames;

/** The two resource types whose derived attributes (groups, members) need the membership index. */
final class ResourceTypes {
    private ResourceTypes() {
    }

    static boolean isUser(ResourceType type) {
        return ResourceTypeNames.USER.equals(type.name());
    }

    static boolean isGroup(ResourceType type) {
        return ResourceTypeNames.GROUP.equals(type.name());
    }
}
