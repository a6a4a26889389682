package io.roster.applications;

import static io.roster.scim.spi.ResourceTypeNames.APPLICATION;
import static io.roster.scim.spi.ResourceTypeNames.APP_ROLE_ASSIGNMENT;
import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.ResourceTypeNames.USER;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.Jobs;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applications and app access inside the write that changes anything (DOMAIN.md 4.1 and 4.2).
 * {@link #validate} checks applications and new assignments; {@link #apply} sets the server's values and
 * keeps every reached user's {@code appRoleAssignments} exact in the same write (staging only a group
 * too large to do at once, see {@link AccessProcessing}), and removes the assignments of a deleted user,
 * group, application or removed app role in that same write. Who may make the change is the roles
 * plugin's check, which runs first.
 */
final class ApplicationsHook implements Hook {
    private final ApplicationsConfig config;
    private final AccessProcessing processing;

    ApplicationsHook(ApplicationsConfig config, AccessProcessing processing) {
        this.config = config;
        this.processing = processing;
    }

    @Override
    public void validate(Change change, HookContext ctx) {
        switch (change.resourceType()) {
            case APPLICATION -> {
                if (change.after() != null) {
                    Registrations.validate(change, ctx.resources());
                }
            }
            case APP_ROLE_ASSIGNMENT -> {
                if (change.kind() == Change.Kind.CREATED) {
                    Assignments.validateCreated(change, ctx.resources(), config.maxPerPrincipal());
                } else if (change.after() != null) {
                    Assignments.validateUnchanged(change);
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void apply(Change change, HookContext ctx) {
        ResourceWriter w = ctx.resources();
        switch (change.resourceType()) {
            case APPLICATION -> applyApplication(change, ctx);
            case APP_ROLE_ASSIGNMENT -> applyAssignment(change, ctx);
            case USER -> {
                if (change.kind() == Change.Kind.DELETED) {
                    deleteAssignments(w, AssignmentQueries.ofPrincipal(w, change.id()));
                    removeOwner(w, change.id());
                }
            }
            case GROUP -> applyGroup(change, ctx);
            default -> {
            }
        }
    }

    private void applyApplication(Change change, HookContext ctx) {
        ResourceWriter w = ctx.resources();
        if (change.kind() == Change.Kind.DELETED) {
            AccessProcessing.forget(ctx.jobs(), AccessProcessing.APPLICATION_KIND, change.id());
            List<Resource> all = AssignmentQueries.all(w, AssignmentQueries.byApplication(change.id()));
            deleteAssignments(w, all);
            reach(w, ctx.jobs(), all);
            Ownership.changed(w, change.before(), null);
            return;
        }
        Registrations.complete(change, w, ctx.caller());
        Resource now = w.get(APPLICATION, change.id());
        Ownership.changed(w, change.before(), now.attributes());
        if (change.before() == null) {
            return;
        }
        for (String role : Registrations.removedRoles(change.before(), now.attributes())) {
            // a removed role was disabled first (validate), so its assignments gave nobody anything
            deleteAssignments(w, AssignmentQueries.all(w, AssignmentQueries.byRole(change.id(), role)));
        }
        if (Registrations.rolesChanged(change.before(), now.attributes())) {
            processing.processApplication(w, ctx.jobs(), change.id());
        }
    }

    private void applyAssignment(Change change, HookContext ctx) {
        ResourceWriter w = ctx.resources();
        if (change.kind() == Change.Kind.CREATED) {
            Assignments.Target t = Assignments.validateCreated(change, w, Integer.MAX_VALUE);
            Assignments.complete(w, change.id(), t);
            if (GROUP.equals(t.principalType())) {
                processing.processGroup(w, ctx.jobs(), t.principalId());
            } else {
                EffectiveAccess.refresh(w, t.principalId());
                w.update(APP_ROLE_ASSIGNMENT, change.id(), a -> JsonSupport.object(a).add("processingState", AccessProcessing.COMPLETE).build());
            }
        } else if (change.kind() == Change.Kind.DELETED) {
            JsonObject p = change.before().getJsonObject("principal");
            String principal = p.getString("value");
            if (GROUP.equals(p.getString("type", USER))) {
                processing.processGroup(w, ctx.jobs(), principal);
            } else {
                EffectiveAccess.refresh(w, principal);
            }
        }
    }

    private void applyGroup(Change change, HookContext ctx) {
        ResourceWriter w = ctx.resources();
        if (change.kind() == Change.Kind.DELETED) {
            // a staged job of the group may still owe its members the removal of an earlier assignment
            boolean staged = ctx.jobs().get(AccessProcessing.GROUP_KIND, change.id()) != null;
            AccessProcessing.forget(ctx.jobs(), AccessProcessing.GROUP_KIND, change.id());
            List<Resource> own = AssignmentQueries.ofPrincipal(w, change.id());
            deleteAssignments(w, own);
            if (!own.isEmpty() || staged) {
                change.membersRemoved().forEach(m -> EffectiveAccess.refresh(w, m));
            }
            return;
        }
        if (!change.membersChanged()) {
            return;
        }
        // a group without assignments (and no staged work) gives its members nothing: joining or leaving it changes nothing
        if (AssignmentQueries.ofPrincipal(w, change.id()).isEmpty() && ctx.jobs().get(AccessProcessing.GROUP_KIND, change.id()) == null) {
            return;
        }
        change.membersAdded().forEach(m -> EffectiveAccess.refresh(w, m));
        change.membersRemoved().forEach(m -> EffectiveAccess.refresh(w, m));
    }

    /** Refreshes whoever these (now deleted) assignments reached. */
    private void reach(ResourceWriter w, Jobs jobs, List<Resource> assignments) {
        Set<String> groups = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        for (Resource a : assignments) {
            (GROUP.equals(AssignmentQueries.principalType(a)) ? groups : users).add(AssignmentQueries.principal(a));
        }
        users.forEach(u -> EffectiveAccess.refresh(w, u));
        groups.forEach(g -> processing.processGroup(w, jobs, g));
    }

    private static void deleteAssignments(ResourceWriter w, List<Resource> assignments) {
        for (Resource a : assignments) {
            w.delete(APP_ROLE_ASSIGNMENT, a.id());
        }
    }

    /** A deleted user stops owning applications. */
    private static void removeOwner(ResourceWriter w, String userId) {
        List<String> owned = w.matching(APPLICATION, AssignmentQueries.eq("owners", "value", userId)).next(w, Integer.MAX_VALUE);
        for (String app : owned) {
            w.update(APPLICATION, app, attrs -> {
                JsonArrayBuilder left = JsonSupport.array();
                if (attrs.get("owners") instanceof JsonArray owners) {
                    for (JsonValue o : owners) {
                        if (!userId.equalsIgnoreCase(((JsonObject) o).getString("value", ""))) {
                            left.add(o);
                        }
                    }
                }
                JsonArray built = left.build();
                return built.isEmpty() ? JsonSupport.object(attrs).remove("owners").build()
                        : JsonSupport.object(attrs).add("owners", built).build();
            });
        }
    }
}
