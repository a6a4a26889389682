package io.roster.scim.query;

import io.roster.scim.schema.ResourceType;

/** The two resource types whose derived attributes (groups, members) need the membership index. */
final class ResourceTypes {
    static final String USER = "User";
    static final String GROUP = "Group";

    private ResourceTypes() {
    }

    static boolean isUser(ResourceType type) {
        return USER.equals(type.name());
    }

    static boolean isGroup(ResourceType type) {
        return GROUP.equals(type.name());
    }
}
