package io.roster.scim.patch;

import io.roster.scim.schema.AttributeResolver;

/**
 * Entra ID removes group members by listing them in the value of a remove without a filter (CLIENTS.md):
 * {@code {"op":"Remove","path":"members","value":[{"value":"<id>"}]}}, meaning "remove only these".
 * RFC 7644 section 3.5.2.2 gives remove no value and says that for a multi-valued attribute without a
 * filter "the attribute and all values are removed", so read the RFC's way this body would empty the
 * group; the RFC's form is {@code "path":"members[value eq \"<id>\"]"}, which Microsoft's own list of
 * its SCIM compliance issues names as the fix (behind the {@code aadOptscim062020} flag). So it is a
 * quirk: a remove with a value on a multi-valued attribute, without a filter or sub-attribute, removes
 * only the listed values (for members, the listed ids; for other attributes, the values equal to a
 * listed one or with the same {@code value}). A remove without a value still clears the attribute.
 */
public final class EntraRemoveByValueList implements OperationQuirk {
    @Override
    public EngineOperation rewrite(EngineOperation operation, PatchContext context) {
        if (operation.op() != PatchOperation.Op.REMOVE || operation.value() == null || operation.path() == null
                || operation.path().filter() != null || operation.path().attribute().subAttribute() != null) {
            return operation;
        }
        AttributeResolver.Resolved attribute = context.attribute(operation.path());
        return attribute != null && attribute.definition().multiValued() ? operation.removingOnly(operation.value()) : operation;
    }
}
