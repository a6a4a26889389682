package io.roster.scim.patch;

import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Locale;

/**
 * Entra ID capitalises PATCH op names (CLIENTS.md): {@code {"op":"Replace","path":"active","value":"False"}},
 * {@code "Add"}, {@code "Remove"}. RFC 7644 section 3.5.2 says the "op" member's value "MAY be one of
 * "add", "remove", or "replace""; unlike attribute names (RFC 7643 section 2.1) and filter operators
 * (RFC 7644 section 3.4.2.2) it declares no case-insensitivity, and Microsoft lists the capitalised names
 * among its own SCIM compliance issues (fixed only behind the {@code aadOptscim062020} flag). So it is a
 * quirk: an op whose name, stripped of surrounding spaces, is one of the three in another case is read as
 * the lower-case name. Any other op is left for the reader to refuse.
 */
public final class EntraCapitalisedOps implements RequestQuirk {
    @Override
    public JsonObject rewrite(JsonObject operation) {
        String key = opKey(operation);
        if (key == null || !(operation.get(key) instanceof JsonString s)) {
            return operation;
        }
        String name = s.getString().strip().toLowerCase(Locale.ROOT);
        if (name.equals(s.getString()) || !(name.equals("add") || name.equals("remove") || name.equals("replace"))) {
            return operation;
        }
        return JsonSupport.object(operation).add(key, name).build();
    }

    /** The key the reader takes "op" from: "op" itself, else the first in another case (as {@link JsonSupport#member} reads). */
    private static String opKey(JsonObject operation) {
        if (operation.containsKey("op")) {
            return "op";
        }
        for (String k : operation.keySet()) {
            if (k.equalsIgnoreCase("op")) {
                return k;
            }
        }
        return null;
    }
}
