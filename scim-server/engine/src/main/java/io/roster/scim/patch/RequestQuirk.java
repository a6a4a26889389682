package io.roster.scim.patch;

import jakarta.json.JsonObject;

/**
 * A named rewrite of one operation object of a PatchOp body, as the client sent it, before it is read
 * (RFC 7644 section 3.5.2), for a client shape that would not even read as an operation. Like an
 * {@link OperationQuirk}, each is one class naming its client and tested with that client's exact body.
 */
public interface RequestQuirk {

    /** The operation object to read instead of {@code operation}; {@code operation} itself when the quirk does not apply. */
    JsonObject rewrite(JsonObject operation);
}
