package io.roster.scim.patch;

/**
 * Entra ID replaces a user's work email through a value filter whether or not the user has one yet
 * (CLIENTS.md; Microsoft's documented request):
 * {@code {"op":"Replace","path":"emails[type eq \"work\"].value","value":"TestBcwqnm@test.microsoft.com"}},
 * meaning "the work email is now this one". RFC 7644 section 3.5.2.3 says a replace whose value filter
 * matches no value "SHALL indicate failure by returning ... 400 and a "scimType" error code of
 * "noTarget"", which is what the engine answers. Entra would then never provision the email. So it is a
 * quirk: a replace with a value filter creates the value from the filter's {@code eq} terms when none
 * matches, exactly as an add does (RFC 7644 section 3.5.2.1: a target that does not exist is added),
 * here {@code {"type":"work","value":"..."}}; values that match are replaced as the RFC says.
 */
public final class EntraFilteredReplaceCreates implements OperationQuirk {
    @Override
    public EngineOperation rewrite(EngineOperation operation, PatchContext context) {
        if (operation.op() != PatchOperation.Op.REPLACE || operation.path() == null || operation.path().filter() == null
                || operation.createWhenNoMatch()) {
            return operation;
        }
        return operation.creatingWhenNoMatch();
    }
}
