package io.roster.scim.spi;

import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One change to one resource, as hooks receive it: what happened, the attributes before and after (as
 * stored: canonical names, extensions under their URN, never {@code members}, and without the password
 * hash, whose change shows only in {@link #changedAttributes}), and the membership delta of a group.
 *
 * @param kind              what happened
 * @param resourceType      the resource type's name, e.g. {@code "Group"}
 * @param id                the resource's id
 * @param before            the attributes before; null for {@link Kind#CREATED}
 * @param after             the attributes after; null for {@link Kind#DELETED}
 * @param changedAttributes the attributes whose value differs between before and after: top-level names,
 *                          and {@code "<extension urn>:<name>"} inside an extension
 * @param membersAdded      ids that became members of this group, in the order they were added
 * @param membersRemoved    ids that stopped being members of this group; when the group itself is deleted,
 *                          all of its members
 * @param source            null when a client's request made the change; otherwise the id of the plugin whose
 *                          hook or background work made it (a membership change made through {@link ResourceWriter})
 */
public record Change(Kind kind, String resourceType, String id, JsonObject before, JsonObject after,
                     Set<String> changedAttributes, List<String> membersAdded, List<String> membersRemoved,
                     String source) {

    public enum Kind {
        /** POST. */
        CREATED,
        /** PUT. */
        REPLACED,
        /** PATCH that changed something (a PATCH that changes nothing is no change). */
        PATCHED,
        /** DELETE. */
        DELETED,
        /** A group whose membership changed because a member was deleted; {@link #membersRemoved} names it. */
        MEMBERS_CHANGED
    }

    public Change {
        before = strip(before);
        after = strip(after);
        changedAttributes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(changedAttributes));
        membersAdded = List.copyOf(membersAdded);
        membersRemoved = List.copyOf(membersRemoved);
    }

    /** A change of attributes (and possibly members); the changed attribute names are computed here. */
    public static Change of(Kind kind, String resourceType, String id, JsonObject before, JsonObject after,
                            Collection<String> membersAdded, Collection<String> membersRemoved) {
        return new Change(kind, resourceType, id, before, after, changed(before, after),
                new ArrayList<>(membersAdded), new ArrayList<>(membersRemoved), null);
    }

    /** The same change, marked as made by plugin {@code pluginId} rather than by a request. */
    public Change by(String pluginId) {
        return new Change(kind, resourceType, id, before, after, changedAttributes, membersAdded, membersRemoved, pluginId);
    }

    /** True when a client's request made the change (not a plugin's derived write). */
    public boolean byRequest() {
        return source == null;
    }

    public boolean membersChanged() {
        return !membersAdded.isEmpty() || !membersRemoved.isEmpty();
    }

    public boolean changed(String attribute) {
        return changedAttributes.contains(attribute);
    }

    private static Set<String> changed(JsonObject before, JsonObject after) {
        JsonObject b = before == null ? JsonValue.EMPTY_JSON_OBJECT : before;
        JsonObject a = after == null ? JsonValue.EMPTY_JSON_OBJECT : after;
        Set<String> out = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(a.keySet());
        for (String key : keys) {
            JsonValue x = b.get(key);
            JsonValue y = a.get(key);
            if (java.util.Objects.equals(x, y)) {
                continue;
            }
            if (isExtension(key, x, y)) {
                JsonObject xo = x instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
                JsonObject yo = y instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
                for (String sub : changed(xo, yo)) {
                    out.add(key + ":" + sub);
                }
            } else {
                out.add(key);
            }
        }
        return out;
    }

    /** Extension attributes live in an object under the extension's URN (RFC 7643 section 3.3). */
    private static boolean isExtension(String key, JsonValue x, JsonValue y) {
        return key.startsWith("urn:") && (x == null || x instanceof JsonObject) && (y == null || y instanceof JsonObject);
    }

    private static JsonObject strip(JsonObject attrs) {
        if (attrs == null || !attrs.containsKey("password")) {
            return attrs;
        }
        JsonObjectBuilder b = JsonSupport.object(attrs);
        b.remove("password");
        return b.build();
    }
}
