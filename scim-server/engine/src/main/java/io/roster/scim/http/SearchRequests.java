package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaUrns;
import io.roster.scim.service.ListRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of POST /.search (RFC 7644 section 3.4.3, schema
 * {@code urn:ietf:params:scim:api:messages:2.0:SearchRequest}, plus RFC 9865's {@code cursor}) into the
 * same request a GET carries in its query string. Member names match in any case; {@code attributes}
 * and {@code excludedAttributes} may be arrays or comma-separated strings; numbers may come as strings.
 */
final class SearchRequests {

    /** The query and the projection lists (comma-separated, or null). */
    record Search(ListRequest request, String attributes, String excludedAttributes) {
    }

    private SearchRequests() {
    }

    static Search read(JsonObject body) {
        JsonValue schemas = member(body, "schemas");
        if (schemas != null) {
            boolean declared = schemas instanceof JsonArray arr && arr.stream()
                    .anyMatch(v -> v instanceof JsonString s && s.getString().equalsIgnoreCase(SchemaUrns.SEARCH_REQUEST));
            if (!declared) {
                throw ScimException.invalidSyntax("A search request's \"schemas\" must be [\"" + SchemaUrns.SEARCH_REQUEST
                        + "\"] (RFC 7644 section 3.4.3); got " + JsonSupport.toText(schemas) + ".");
            }
        }
        ListRequest request = new ListRequest(text(body, "filter"), integer(body, "startIndex"), integer(body, "count"),
                text(body, "sortBy"), text(body, "sortOrder"), cursor(body));
        return new Search(request, list(body, "attributes"), list(body, "excludedAttributes"));
    }

    /** The member in any case; JSON null counts as absent. */
    private static JsonValue member(JsonObject o, String name) {
        JsonValue v = JsonSupport.member(o, name);
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? null : v;
    }

    private static String text(JsonObject body, String name) {
        JsonValue v = member(body, name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw ScimException.invalidSyntax("\"" + name + "\" in a search request must be a string, not " + JsonSupport.toText(v) + ".");
    }

    /** RFC 9865: an empty or absent cursor value asks for the first page; present at all means cursor paging. */
    private static String cursor(JsonObject body) {
        JsonValue v = JsonSupport.member(body, "cursor");
        if (v == null) {
            return null;
        }
        if (v.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw ScimException.invalidSyntax("\"cursor\" in a search request must be a string.");
    }

    private static Integer integer(JsonObject body, String name) {
        JsonValue v = member(body, name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonNumber n) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n.bigDecimalValue().setScale(0,
                    java.math.RoundingMode.DOWN).max(java.math.BigDecimal.valueOf(Long.MIN_VALUE))
                    .min(java.math.BigDecimal.valueOf(Long.MAX_VALUE)).longValue()));
        }
        if (v instanceof JsonString s) {
            try {
                long n = Long.parseLong(s.getString().trim());
                return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw ScimException.invalidValue("\"" + name + "\" in a search request must be an integer, not " + JsonSupport.toText(v) + ".");
    }

    private static String list(JsonObject body, String name) {
        JsonValue v = member(body, name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonArray arr) {
            List<String> names = new ArrayList<>();
            for (JsonValue item : arr) {
                if (!(item instanceof JsonString s)) {
                    throw ScimException.invalidSyntax("\"" + name + "\" must list attribute names as strings.");
                }
                names.add(s.getString());
            }
            return String.join(",", names);
        }
        throw ScimException.invalidSyntax("\"" + name + "\" must be an array of attribute names.");
    }
}
