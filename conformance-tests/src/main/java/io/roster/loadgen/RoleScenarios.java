package io.roster.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The admin-roles scenarios (Roster's roles plugin, DOMAIN.md section 2): requests made through a
 * token that acts as a User Administrator (so every request is authorized by role), and joins to a
 * role-assignable group of --group-size members, each of which updates the joiner's effective roles in
 * the same write.
 */
final class RoleScenarios {
    static final String GROUP_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:Group";
    static final String USER_ADMINISTRATOR = "fe930be7-5e62-47db-91af-98c3a49a38b1";
    static final String GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

    private final ScimClient admin;
    private final UserFactory users;
    private final Options options;
    private final PrintStream err;

    RoleScenarios(ScimClient admin, UserFactory users, Options options, PrintStream err) {
        this.admin = admin;
        this.users = users;
        this.options = options;
        this.err = err;
    }

    /**
     * With the admin token: a user, a role-assignable group giving it User Administrator, and an API
     * client bound to the user. Returns a client that sends that client's secret.
     */
    ScimClient userAdministrator() throws RunFailure, InterruptedException {
        String userId = id(send("POST", "/Users", users.createBody(users.nextNumber()), 201));
        send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\",\"" + GROUP_EXT + "\"],"
                + "\"displayName\":" + Json.quote("loadgen-user-admins-" + users.runId() + "-" + System.nanoTime())
                + ",\"members\":[{\"value\":" + Json.quote(userId) + "}],\"" + GROUP_EXT + "\":{\"isAssignableToRole\":true,"
                + "\"roles\":[{\"value\":\"" + USER_ADMINISTRATOR + "\"}]}}", 201);
        String created = send("POST", "/ApiClients", "{\"schemas\":[\"urn:roster:params:scim:schemas:core:2.0:ApiClient\"],"
                + "\"displayName\":\"loadgen user administrator\",\"userId\":" + Json.quote(userId) + "}", 201);
        String secret = Json.stringField(created, "secret").orElseThrow(() -> new RunFailure("the new API client has no secret"));
        err.printf("acting as User %s, a User Administrator through a role-assignable group, with its own API client%n", userId);
        return new ScimClient(options.url(), secret);
    }

    /**
     * Fills a role-assignable group (User Administrator) with --group-size members, times assigning a
     * second role to the whole group and taking it away again, then measures PATCHes that each add one
     * member (who gains the group's roles in that write) or remove one (who loses them).
     */
    Report roleGroupJoin(long existing, GroupScenarios.IdSource source, GroupScenarios.TimedRun timed)
            throws RunFailure, InterruptedException {
        GroupScenarios groups = new GroupScenarios(admin, users, options, err);
        String roleGroup = "\"" + GROUP_EXT + "\":{\"isAssignableToRole\":true,\"roles\":[{\"value\":\"" + USER_ADMINISTRATOR + "\"}]}";
        return groups.patchMembers(existing, source, timed, roleGroup, groupId -> {
            timeRoles(groups, groupId, List.of(USER_ADMINISTRATOR, GLOBAL_READER), "assigning Global Reader to");
            timeRoles(groups, groupId, List.of(USER_ADMINISTRATOR), "removing Global Reader from");
        });
    }

    private void timeRoles(GroupScenarios groups, String groupId, List<String> roles, String what)
            throws RunFailure, InterruptedException {
        StringBuilder values = new StringBuilder();
        for (String r : roles) {
            values.append(values.length() == 0 ? "" : ",").append("{\"value\":\"").append(r).append("\"}");
        }
        long start = System.nanoTime();
        ScimClient.Response r = groups.patch(groupId, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"" + GROUP_EXT + ":roles\",\"value\":[" + values + "]}]}");
        if (r.status() != 204 && r.status() != 200) {
            throw new RunFailure("changing the group's roles failed: HTTP " + r.status() + ": " + r.body());
        }
        err.printf("group %s: PATCH %s a group of %d members (every member's effectiveRoles and the role's count, one write) took %d ms%n",
                groupId, what, options.groupSize(), (System.nanoTime() - start) / 1_000_000);
    }

    private String send(String method, String path, String body, int expected) throws RunFailure, InterruptedException {
        try {
            ScimClient.Response r = admin.send(method, path, body, true);
            if (r.status() != expected) {
                throw new RunFailure(method + " " + path + " answered HTTP " + r.status() + ": " + r.body()
                        + " (the roles scenarios need Roster's roles plugin and the admin token)");
            }
            return r.body();
        } catch (IOException e) {
            throw new RunFailure(method + " " + path + " failed: " + e);
        }
    }

    private static String id(String body) throws RunFailure {
        return Json.stringField(body, "id").orElseThrow(() -> new RunFailure("the created resource has no id"));
    }
}
