package io.roster.scim.patch;

import io.roster.scim.filter.Filter;
import jakarta.json.JsonArray;
import java.util.List;

/**
 * A change to a Group's membership requested by a PATCH. Membership lives in index entries, not in the
 * group's record, so these are applied entry by entry: a change of k members costs k index writes
 * whatever the group's size.
 */
public sealed interface MemberChange {
    /** Adds members given as {@code {"value": id, ...}} objects; members already present are left as they are. */
    record Add(JsonArray members) implements MemberChange {
    }

    /** Removes these member ids; ids that are not members are ignored. */
    record Remove(List<String> ids) implements MemberChange {
    }

    /** Removes every member matching a value filter that does not reduce to a list of ids. */
    record RemoveMatching(Filter filter) implements MemberChange {
    }

    /** Removes every member. */
    record RemoveAll() implements MemberChange {
    }

    /** Makes the membership exactly these members. */
    record Replace(JsonArray members) implements MemberChange {
    }
}
