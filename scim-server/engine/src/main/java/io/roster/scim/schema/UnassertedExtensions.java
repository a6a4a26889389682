package io.roster.scim.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which extensions a PUT body asserts. RFC 7644 section 3.5.1 lets a provider treat readWrite attributes a
 * PUT omits as "not asserted by the client" and keep their values; Roster does so for a whole extension
 * that the body neither lists in {@code schemas} nor sends any attribute of (as an extension object or a
 * URN-qualified key). So an IdP that knows only core and enterprise attributes (Okta's profile PUT, which
 * sends the full resource as Okta knows it) does not wipe the licenses, roles or rules an administrator
 * set in Roster's own extension. This is RFC behaviour chosen for such clients, not a quirk: Okta's PUT
 * is RFC-shaped. Listing the extension's URN in {@code schemas} with no values clears it.
 */
final class UnassertedExtensions {
    private final Set<String> mentioned;

    private UnassertedExtensions(Set<String> mentioned) {
        this.mentioned = mentioned;
    }

    /** The extensions a PUT body mentions: in "schemas", as an extension object key, or as a URN-qualified attribute. */
    static UnassertedExtensions of(JsonObject body) {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, JsonValue> entry : body.entrySet()) {
            String k = entry.getKey();
            if (k.equalsIgnoreCase("schemas") && entry.getValue() instanceof JsonArray schemas) {
                for (JsonValue v : schemas) {
                    if (v instanceof JsonString str) {
                        out.add(key(str.getString()));
                    }
                }
            } else if (k.regionMatches(true, 0, "urn:", 0, 4)) {
                out.add(key(k));
                String[] split = AttributeResolver.splitUrn(k);
                if (split[0] != null) {
                    out.add(key(split[0]));
                }
            }
        }
        return new UnassertedExtensions(out);
    }

    /** The stored values of {@code extension} the PUT keeps because it does not assert them; null when it asserts them or none are stored. */
    JsonObject kept(Schema extension, JsonObject existing) {
        if (mentioned.contains(key(extension.id()))) {
            return null;
        }
        return existing.get(extension.id()) instanceof JsonObject kept ? kept : null;
    }

    private static String key(String urn) {
        return urn.toLowerCase(Locale.ROOT);
    }
}
