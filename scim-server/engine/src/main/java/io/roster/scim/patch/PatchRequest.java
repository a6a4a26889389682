package io.roster.scim.patch;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a PatchOp request body (RFC 7644 section 3.5.2) into operations, rejecting every malformed
 * operation before anything is applied, so that a PATCH is all or nothing.
 */
public final class PatchRequest {
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** The most operations one PATCH may carry; the request body limit bounds their size. */
    public static final int MAX_OPERATIONS = 10_000;

    private PatchRequest() {
    }

    /** Reads a body with the standard request quirks ({@link ClientQuirks}) applied to its operation objects. */
    public static List<PatchOperation> parse(JsonObject body, FilterParser filters) {
        return parse(body, filters, ClientQuirks.REQUEST_QUIRKS);
    }

    /** Reads a body, each operation object first rewritten by {@code quirks} in order. */
    public static List<PatchOperation> parse(JsonObject body, FilterParser filters, List<RequestQuirk> quirks) {
        JsonValue schemas = JsonSupport.member(body, "schemas");
        if (schemas != null && schemas.getValueType() != JsonValue.ValueType.NULL) {
            boolean ok = schemas.getValueType() == JsonValue.ValueType.ARRAY
                    ? schemas.asJsonArray().stream().anyMatch(PatchRequest::isPatchOpUrn)
                    : isPatchOpUrn(schemas);
            if (!ok) {
                throw ScimException.invalidSyntax("A PATCH body's \"schemas\" must be [\"" + PATCH_OP + "\"], not "
                        + JsonSupport.toText(schemas) + ".");
            }
        }
        JsonValue operations = JsonSupport.member(body, "Operations");
        if (operations == null || operations.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ScimException.invalidSyntax("A PATCH body needs \"Operations\": an array of {\"op\", \"path\", \"value\"} objects"
                    + (operations == null ? "" : ", not " + JsonSupport.describe(operations)) + ".");
        }
        if (operations.asJsonArray().isEmpty()) {
            throw ScimException.invalidSyntax("\"Operations\" is empty: a PATCH needs at least one operation.");
        }
        if (operations.asJsonArray().size() > MAX_OPERATIONS) {
            throw ScimException.invalidValue("A PATCH may carry at most " + MAX_OPERATIONS + " operations; this one has "
                    + operations.asJsonArray().size() + ". Split it into several requests.");
        }
        List<PatchOperation> out = new ArrayList<>();
        int index = 0;
        for (JsonValue v : operations.asJsonArray()) {
            index++;
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ScimException.invalidSyntax("Operation " + index + " must be an object with \"op\", \"path\" and \"value\", not "
                        + JsonSupport.describe(v) + ".");
            }
            JsonObject o = v.asJsonObject();
            for (RequestQuirk q : quirks) {
                o = q.rewrite(o);
            }
            out.add(operation(o, index, filters));
        }
        return out;
    }

    private static PatchOperation operation(JsonObject o, int index, FilterParser filters) {
        JsonValue opValue = JsonSupport.member(o, "op");
        PatchOperation.Op op = opValue instanceof JsonString s ? PatchOperation.Op.parse(s.getString()) : null;
        if (op == null) {
            throw ScimException.invalidSyntax("Operation " + index + " needs \"op\": \"add\", \"remove\" or \"replace\""
                    + (opValue == null ? "" : ", not " + JsonSupport.toText(opValue)) + ".");
        }
        JsonValue pathValue = JsonSupport.member(o, "path");
        PatchPath path = null;
        if (pathValue != null && pathValue.getValueType() != JsonValue.ValueType.NULL) {
            if (!(pathValue instanceof JsonString s)) {
                throw ScimException.invalidPath("Operation " + index + ": \"path\" must be a string, not " + JsonSupport.describe(pathValue) + ".");
            }
            try {
                path = PatchPath.parse(s.getString(), filters);
            } catch (ScimException e) {
                throw new ScimException(e.status(), e.scimType(), "Operation " + index + ": " + e.detail());
            }
        }
        JsonValue value = JsonSupport.member(o, "value");
        if (value != null && value.getValueType() == JsonValue.ValueType.NULL && op != PatchOperation.Op.REPLACE) {
            value = null;
        }
        // A replace with "value": null unassigns its target (null is "no value", RFC 7643 section 2.5);
        // the engine applies it as a remove, so required and immutable attributes stay protected.
        PatchOperation result = new PatchOperation(op, path, value, index);
        if (op != PatchOperation.Op.REMOVE && value == null) {
            throw ScimException.invalidValue("Operation " + index + " (" + op.keyword() + ") needs a \"value\".");
        }
        if (op == PatchOperation.Op.REMOVE && path == null) {
            throw ScimException.noTarget("Operation " + index + " (remove) needs a \"path\" naming what to remove (RFC 7644 section 3.5.2.2).");
        }
        if (path == null && value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ScimException.invalidValue("Operation " + index + " (" + op.keyword() + ") has no \"path\", so its \"value\" must be"
                    + " an object of attributes, not " + JsonSupport.describe(value) + ".");
        }
        return result;
    }

    private static boolean isPatchOpUrn(JsonValue v) {
        return v instanceof JsonString s && s.getString().equalsIgnoreCase(PATCH_OP);
    }
}
