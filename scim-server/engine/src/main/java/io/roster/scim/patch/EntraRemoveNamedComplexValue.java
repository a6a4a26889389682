package io.roster.scim.patch;

import io.roster.scim.schema.AttributeResolver;

/**
 * Entra ID removes a user's manager naming the manager in the value (CLIENTS.md):
 * {@code {"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":[{"value":"<id>"}]}}
 * (also as {@code {"value":"<id>"}} or the bare id), meaning "unassign the manager if it is still this
 * one". RFC 7644 section 3.5.2.2 gives remove no value: "the attribute and its associated value is
 * removed", whoever the manager is now, and the RFC's way to say "only this one" is a filter,
 * {@code "path":"...:manager[value eq \"<id>\"]"}. So it is a quirk: a remove with a value on a
 * singular complex attribute, without a filter or sub-attribute, unassigns it only when the value names
 * the current one (by its {@code value} sub-attribute); Entra sends it for {@code manager}, and the same
 * reading keeps any such remove from unassigning a value it did not name.
 */
public final class EntraRemoveNamedComplexValue implements OperationQuirk {
    @Override
    public EngineOperation rewrite(EngineOperation operation, PatchContext context) {
        if (operation.op() != PatchOperation.Op.REMOVE || operation.value() == null || operation.path() == null
                || operation.path().filter() != null || operation.path().attribute().subAttribute() != null) {
            return operation;
        }
        AttributeResolver.Resolved attribute = context.attribute(operation.path());
        return attribute != null && !attribute.definition().multiValued() && attribute.definition().isComplex()
                ? operation.removingOnly(operation.value()) : operation;
    }
}
