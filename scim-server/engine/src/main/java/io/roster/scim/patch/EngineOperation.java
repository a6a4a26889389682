package io.roster.scim.patch;

import jakarta.json.JsonValue;

/**
 * A PATCH operation as the engine applies it: the request's {@link PatchOperation} after the
 * {@link OperationQuirk}s rewrote it (RFC 7644 section 3.5.2). Beyond the RFC's op, path and value it can
 * carry two instructions no RFC operation expresses. Only a named quirk sets them, so what the engine
 * does with an operation no quirk touched is what the RFC says.
 *
 * @param op                what to do
 * @param path              the target, or null for the whole resource
 * @param value             what add and replace set; the engine ignores it for remove, which the RFC gives no value
 * @param only              for remove: the values to remove, as a value or a list of them; the engine then removes
 *                          those rather than the whole target. Null for the RFC's remove
 * @param createWhenNoMatch for replace with a value filter: a filter that matches no value creates one from the
 *                          filter's {@code eq} terms, as add does, instead of 400 noTarget (RFC 7644 section 3.5.2.3)
 * @param source            the operation as the request gave it, which error details name
 */
public record EngineOperation(PatchOperation.Op op, PatchPath path, JsonValue value, JsonValue only, boolean createWhenNoMatch,
                              PatchOperation source) {

    /** The request's operation as it is, read the RFC's way. */
    public static EngineOperation of(PatchOperation operation) {
        return new EngineOperation(operation.op(), operation.path(), operation.value(), null, false, operation);
    }

    public EngineOperation withValue(JsonValue newValue) {
        return new EngineOperation(op, path, newValue, only, createWhenNoMatch, source);
    }

    /** A remove of just {@code values} (a value or a list of them) instead of the whole target. */
    public EngineOperation removingOnly(JsonValue values) {
        return new EngineOperation(op, path, null, values, createWhenNoMatch, source);
    }

    /** A replace whose value filter creates the value when it matches none. */
    public EngineOperation creatingWhenNoMatch() {
        return new EngineOperation(op, path, value, only, true, source);
    }
}
