package io.roster.scim.service;

import io.roster.scim.spi.Authorizer;
import io.roster.scim.spi.Principal;
import io.roster.scim.spi.SelfService;
import io.roster.scim.error.ScimException;
import io.roster.scim.spi.Change;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * The engine's own write rule for callers without admin rights ({@link Authorizer#mayUseApi} false: a
 * user's own token): on their own User they may change only {@link SelfService#ATTRIBUTES}. Checked inside
 * the write, against the stored state, before anything is stored, so a PUT that repeats a value unchanged
 * passes, and a refused change is answered 403 before any uniqueness or hook check could say more. It holds
 * with or without the roles plugin installed.
 */
final class SelfServiceGuard {
    private final Authorizer authorizer;

    SelfServiceGuard(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** Throws 403 naming the first attribute a self-service caller may not change from {@code before} to {@code after}. */
    void check(StoredResource before, JsonObject after, RequestContext ctx) {
        Principal caller = ctx.principal();
        if (caller.isSystem() || authorizer.mayUseApi(caller) || !Authorizer.isSelf(caller, before.type(), before.id())) {
            return; // administrators are checked by the plugin's hooks; anything else was refused before the write
        }
        String refused = SelfService.firstRefused(
                Change.of(Change.Kind.REPLACED, before.type(), before.id(), before.attributes(), after, List.of(), List.of())
                        .changedAttributes());
        if (refused != null) {
            throw ScimException.forbidden(SelfService.denied(caller, refused));
        }
    }
}
