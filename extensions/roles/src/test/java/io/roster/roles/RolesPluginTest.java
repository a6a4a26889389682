package io.roster.roles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.app.Engine;
import io.roster.scim.spi.Authorizer;
import io.roster.scim.spi.Principal;
import io.roster.scim.error.ScimException;
import io.roster.scim.hook.Hooks;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.hook.PluginLoader;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.ListRequest;
import io.roster.scim.service.Precondition;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceService;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.store.ResourceStore;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin over the real engine and store, without HTTP: enforcement lives in the service layer. */
class RolesPluginTest {
    static final String BASE = "http://localhost/scim/v2";
    static final RequestContext SYSTEM = RequestContext.system(BASE);

    @TempDir
    Path dir;
    SchemaRegistry registry;
    ResourceStore store;
    Hooks hooks;
    Engine engine;
    ResourceService service;

    @BeforeEach
    void open() {
        engine = Engine.open(dir, List.of(new RolesPlugin())).start();
        registry = engine.registry();
        hooks = engine.hooks();
        store = engine.store();
        service = engine.service();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private String create(String type, String json, RequestContext ctx) {
        return service.create(registry.resourceType(type), JsonSupport.parseTrusted(json), ctx).id();
    }

    private String user(String name, String... roles) {
        StringBuilder r = new StringBuilder();
        for (String role : roles) {
            r.append(r.length() == 0 ? "" : ",").append("{\"value\":\"").append(role).append("\"}");
        }
        return create("User", "{\"userName\":\"" + name + "\",\"roles\":[" + r + "]}", SYSTEM);
    }

    /** A caller as the token filter would make it: resolved through the plugin's authorizer. */
    private RequestContext as(String userId) {
        Principal p = new Principal("token of " + userId, userId, "client-" + userId);
        return SYSTEM.withPrincipal(store.read(r -> hooks.authorizer().resolve(p, Hooks.view(r))));
    }

    private void patch(String type, String id, String ops, RequestContext ctx) {
        service.patch(registry.resourceType(type), id, JsonSupport.parseTrusted(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + ops + "}"), Precondition.NONE, ctx);
    }

    @Test
    void theBundledPluginIsFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(RosterPlugin.class).stream().anyMatch(p -> p.type() == RolesPlugin.class));
    }

    @Test
    void builtInRolesAreCreatedOnceAndSurviveRestartsUnchanged() {
        assertEquals((long) BuiltInRole.values().length, (long) store.read(r -> r.count("Role")));
        long version = store.read(r -> r.get("Role", BuiltInRole.GLOBAL_READER.value()).version());
        close();
        open();
        assertEquals((long) BuiltInRole.values().length, (long) store.read(r -> r.count("Role")));
        assertEquals(version, (long) store.read(r -> r.get("Role", BuiltInRole.GLOBAL_READER.value()).version()));
    }

    @Test
    void rolesAreFoundByTemplateIdOrNameInAnyCase() {
        assertEquals(BuiltInRole.USER_ADMINISTRATOR, BuiltInRole.find("FE930BE7-5E62-47DB-91AF-98C3A49A38B1"));
        assertEquals(BuiltInRole.USER_ADMINISTRATOR, BuiltInRole.find(" user administrator "));
        assertNull(BuiltInRole.find("Emperor"));
    }

    @Test
    void theBootstrapTokenResolvesToExactlyGlobalAdministrator() {
        Principal bootstrap = hooks.authorizer().resolve(new Principal("bootstrap-admin"), null);
        assertEquals(Set.of(BuiltInRole.GLOBAL_ADMINISTRATOR.value()), bootstrap.roles());
        assertTrue(hooks.authorizer().mayUseApi(bootstrap));
    }

    @Test
    void onlyGlobalAdministratorsMayTakeBackups() {
        Authorizer authorizer = hooks.authorizer();
        assertNull(authorizer.backupDenied(authorizer.resolve(new Principal("bootstrap-admin"), null)));
        assertNull(authorizer.backupDenied(as(user("global-admin", BuiltInRole.GLOBAL_ADMINISTRATOR.value())).principal()));
        for (BuiltInRole role : List.of(BuiltInRole.GLOBAL_READER, BuiltInRole.USER_ADMINISTRATOR, BuiltInRole.PRIVILEGED_ROLE_ADMINISTRATOR)) {
            String denied = authorizer.backupDenied(as(user("holder-" + role.name(), role.value())).principal());
            assertTrue(denied != null && denied.contains("take backups"), role + ": " + denied);
        }
        assertTrue(authorizer.backupDenied(as(user("no-role")).principal()) != null);
    }

    @Test
    void aServiceCallByAGroupsAdministratorCannotChangeAUserAndChangesNothing() {
        String admin = user("groups-admin", BuiltInRole.GROUPS_ADMINISTRATOR.value());
        String target = user("target");
        ScimException e = assertThrows(ScimException.class,
                () -> patch("User", target, "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"x\"}]", as(admin)));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("users.manage"), e.getMessage());
        assertEquals(1L, (long) store.read(r -> r.get("User", target).version()));
    }

    @Test
    void aPrincipalNotResolvedAtAuthenticationHoldsNoRole() {
        String admin = user("in-process-admin", BuiltInRole.GLOBAL_ADMINISTRATOR.value());
        RequestContext unresolved = SYSTEM.withPrincipal(new Principal("in-process", admin, null));
        ScimException e = assertThrows(ScimException.class, () -> create("User", "{\"userName\":\"nope\"}", unresolved));
        assertEquals(403, e.status());
        // Bound to nothing and not the bootstrap token's authentication: no role either, never Global Administrator.
        RequestContext nobody = SYSTEM.withPrincipal(new Principal("made in-process"));
        assertEquals(403, assertThrows(ScimException.class, () -> create("User", "{\"userName\":\"nope\"}", nobody)).status());
        assertEquals(Set.of(), hooks.authorizer().resolve(new Principal("client", null, "some-client"), null).roles());
    }

    @Test
    void aCallerThatMayNotWriteATypeGets403BeforeExistenceVersionOrBodyAreChecked() {
        String reader = user("reader", BuiltInRole.GLOBAL_READER.value());
        String client = create("ApiClient", "{\"displayName\":\"job\",\"roles\":[{\"value\":\"Global Reader\"}]}", SYSTEM);
        Precondition stale = new Precondition(List.of(Precondition.etag(42)));
        for (String id : List.of(client, "no-such-client")) {
            ScimException put = assertThrows(ScimException.class, () -> service.replace(registry.resourceType("ApiClient"), id,
                    JsonSupport.parseTrusted("{\"displayName\": 17}"), stale, as(reader)));
            assertEquals(403, put.status(), put.detail());
            assertTrue(put.detail().contains("apiClients.manage"), put.detail());
            ScimException patch = assertThrows(ScimException.class, () -> service.patch(registry.resourceType("ApiClient"), id,
                    JsonSupport.parseTrusted("{\"Operations\":[{\"op\":\"bogus\"}]}"), stale, as(reader)));
            assertEquals(403, patch.status(), patch.detail());
            ScimException delete = assertThrows(ScimException.class,
                    () -> service.delete(registry.resourceType("ApiClient"), id, stale, as(reader)));
            assertEquals(403, delete.status(), delete.detail());
        }
        String helpdesk = user("helpdesk", BuiltInRole.HELPDESK_ADMINISTRATOR.value());
        ScimException createUser = assertThrows(ScimException.class,
                () -> create("User", "{\"userName\": 5, \"emails\": \"not a list\"}", as(helpdesk)));
        assertEquals(403, createUser.status(), "create needs users.manage before the body is looked at: " + createUser.detail());
        assertTrue(createUser.detail().contains("users.manage"), createUser.detail());
    }

    @Test
    void aRoleHolderChangingItselfNeedsThePermissionForAnythingBeyondTheSelfServiceList() {
        String licenseAdmin = user("license-admin", BuiltInRole.LICENSE_ADMINISTRATOR.value());
        patch("User", licenseAdmin, "[{\"op\":\"replace\",\"path\":\"nickName\",\"value\":\"la\"}]", as(licenseAdmin));
        ScimException e = assertThrows(ScimException.class,
                () -> patch("User", licenseAdmin, "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"boss\"}]", as(licenseAdmin)));
        assertEquals(403, e.status());
        assertTrue(e.detail().contains("users.manage"), e.detail());
        ScimException dept = assertThrows(ScimException.class, () -> patch("User", licenseAdmin,
                "[{\"op\":\"replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\","
                        + "\"value\":\"Licensed\"}]", as(licenseAdmin)));
        assertEquals(403, dept.status());
        String plain = user("plain");
        ScimException self = assertThrows(ScimException.class,
                () -> patch("User", plain, "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"CEO\"}]", as(plain)));
        assertEquals(403, self.status());
        assertTrue(self.detail().contains("\"title\""), self.detail());
    }

    @Test
    void aRoleValueNamingNoAdminRoleIsKeptAndGrantsNothing() {
        String entra = "{\"value\":\"{\\\"id\\\":\\\"7c1f\\\",\\\"value\\\":\\\"Admin\\\",\\\"displayName\\\":\\\"Admin\\\"}\"}";
        String id = create("User", "{\"userName\":\"idp-roles\",\"roles\":[{\"value\":\"Reader\"}," + entra + "]}", SYSTEM);
        jakarta.json.JsonObject stored = store.read(r -> r.get("User", id)).attributes();
        assertEquals(List.of("Reader", "Admin"), stored.getJsonArray("roles").stream()
                .map(v -> v.asJsonObject().getString("value")).toList());
        assertEquals(Set.of(), EffectiveRoles.heldValues(stored), "plain roles are not admin roles");
        Principal holder = store.read(r -> hooks.authorizer().resolve(new Principal("t", id, "c"), Hooks.view(r)));
        assertEquals(Set.of(), holder.roles());
        assertFalse(hooks.authorizer().mayUseApi(holder));
        // "Admin" is not an admin role's name: names match whole (and in any case), never in part.
        assertNull(BuiltInRole.find("Admin"));
        assertNull(BuiltInRole.find("Global Admin"));
        assertEquals(BuiltInRole.GLOBAL_READER, BuiltInRole.find("GLOBAL READER"));
    }

    @Test
    void plainRolesNeedOnlyTheRightToManageTheUserAdminRolesStillNeedRolesAssign() {
        String ua = user("ua-plain", BuiltInRole.USER_ADMINISTRATOR.value());
        String target = create("User", "{\"userName\":\"ua-target\"}", SYSTEM);
        patch("User", target, "[{\"op\":\"add\",\"path\":\"roles\",\"value\":[{\"value\":\"Reader\"}]}]", as(ua));
        create("User", "{\"userName\":\"ua-made\",\"roles\":[{\"value\":\"Reader\"}]}", as(ua));
        ScimException e = assertThrows(ScimException.class, () -> patch("User", target,
                "[{\"op\":\"add\",\"path\":\"roles\",\"value\":[{\"value\":\"Global Reader\"}]}]", as(ua)));
        assertEquals(403, e.status());
        assertTrue(e.detail().contains("roles.assign"), e.detail());
        assertEquals(403, assertThrows(ScimException.class, () -> create("User",
                "{\"userName\":\"ua-made-2\",\"roles\":[{\"value\":\"global reader\"}]}", as(ua))).status());
    }

    @Test
    void readsAreCheckedByTypeAndTheRootSearchSkipsWhatTheCallerMayNotRead() {
        String ua = user("ua", BuiltInRole.USER_ADMINISTRATOR.value());
        create("ApiClient", "{\"displayName\":\"job\",\"roles\":[{\"value\":\"Global Reader\"}]}", SYSTEM);
        ScimException e = assertThrows(ScimException.class,
                () -> service.list(registry.resourceType("ApiClient"), new ListRequest(null, null, null, null, null, null), as(ua)));
        assertEquals(403, e.status());
        long seen = service.search(new ListRequest("displayName eq \"job\"", null, null, null, null, null), as(ua)).totalResults();
        assertEquals(0, seen);
        assertEquals(1, service.search(new ListRequest("displayName eq \"job\"", null, null, null, null, null), SYSTEM).totalResults());
    }

    /** Jobs are read by whoever may read Groups (every built-in role); a user without a role gets 403; nobody writes them. */
    @Test
    void jobsAreReadByEveryoneWhoMayReadGroupsAndWrittenByNobody() {
        ListRequest all = new ListRequest(null, null, null, null, null, null);
        for (BuiltInRole role : BuiltInRole.values()) {
            RequestContext holder = as(user("jobs-" + role.name().toLowerCase(java.util.Locale.ROOT), role.value()));
            service.list(registry.resourceType("Group"), all, holder);
            assertEquals(0, service.list(registry.resourceType("Job"), all, holder).totalResults(), role.display());
            ScimException write = assertThrows(ScimException.class, () -> service.delete(registry.resourceType("Job"), "any",
                    Precondition.NONE, holder));
            assertEquals(405, write.status(), role.display());
        }
        RequestContext nobody = as(user("jobs-no-role"));
        assertEquals(403, assertThrows(ScimException.class, () -> service.list(registry.resourceType("Job"), all, nobody)).status());
        assertEquals(403, assertThrows(ScimException.class, () -> service.get(registry.resourceType("Job"), "any", nobody)).status());
        assertEquals(RolesAuthorizer.readPermission("Group"), RolesAuthorizer.readPermission("Job"));
    }

    /** RFC 7643 section 7: an immutable attribute may be sent again with the value in effect; absent means false. */
    @Test
    void aPutOrPatchRepeatingTheRoleAssignableFlagInEffectSucceedsAndChangingItIsMutability() {
        String ext = RosterUrns.GROUP_EXTENSION;
        String plain = create("Group", "{\"displayName\":\"plain\"}", SYSTEM);
        service.replace(registry.resourceType("Group"), plain, JsonSupport.parseTrusted(
                "{\"displayName\":\"plain\",\"" + ext + "\":{\"isAssignableToRole\":false}}"), Precondition.NONE, SYSTEM);
        patch("Group", plain, "[{\"op\":\"replace\",\"path\":\"" + ext + ":isAssignableToRole\",\"value\":false}]", SYSTEM);
        ScimException e = assertThrows(ScimException.class, () -> patch("Group", plain,
                "[{\"op\":\"replace\",\"path\":\"" + ext + ":isAssignableToRole\",\"value\":true}]", SYSTEM));
        assertEquals("mutability", e.scimType().keyword());

        String assignable = create("Group", "{\"displayName\":\"admins\",\"" + ext + "\":{\"isAssignableToRole\":true}}", SYSTEM);
        service.replace(registry.resourceType("Group"), assignable, JsonSupport.parseTrusted(
                "{\"displayName\":\"admins\",\"" + ext + "\":{\"isAssignableToRole\":true}}"), Precondition.NONE, SYSTEM);
        e = assertThrows(ScimException.class, () -> service.replace(registry.resourceType("Group"), assignable, JsonSupport.parseTrusted(
                "{\"displayName\":\"admins\",\"" + ext + "\":{\"isAssignableToRole\":false}}"), Precondition.NONE, SYSTEM));
        assertEquals("mutability", e.scimType().keyword());
    }

    @Test
    void onlyOnePluginMayInstallAnAuthorizer() {
        RosterPlugin other = new RosterPlugin() {
            @Override
            public String id() {
                return "other-authorizer";
            }

            @Override
            public void register(PluginContext context) {
                context.setAuthorizer(new io.roster.scim.spi.Authorizer() {
                });
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PluginLoader.install(SchemaRegistry.builderWithBuiltIns(), List.of(new RolesPlugin(), other)));
        assertTrue(e.getMessage().contains("authorizer"), e.getMessage());
    }
}
