package io.roster.licensing;

import static io.roster.licensing.LicensingPlugin.GROUP_EXT;
import static io.roster.licensing.LicensingPlugin.USER_EXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.hook.Hooks;
import io.roster.scim.hook.PluginLoader;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.Precondition;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceService;
import io.roster.scim.service.ServiceSettings;
import io.roster.scim.store.MapDbStore;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin over the real engine and store: the cases an HTTP test cannot reach cheaply. */
class LicensingPluginTest {
    static final RequestContext CTX = new RequestContext("http://localhost/scim/v2");

    @TempDir
    Path dir;
    SchemaRegistry registry;
    MapDbStore store;
    ResourceService service;

    @BeforeEach
    void open() {
        registry = SchemaRegistry.withBuiltIns();
        Hooks hooks = PluginLoader.install(registry, List.of(new LicensingPlugin()));
        store = MapDbStore.open(dir, registry.resourceTypes().stream().map(ResourceType::name).toList(),
                ResourceService.indexes(registry));
        service = new ResourceService(registry, store, ServiceSettings.defaults(), Clock.systemUTC(), hooks);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String create(String type, String json) {
        return service.create(registry.resourceType(type), JsonSupport.parseTrusted(json), CTX).id();
    }

    private JsonObject get(String type, String id) {
        return service.get(registry.resourceType(type), id, CTX).representation();
    }

    private void patch(String type, String id, String ops) {
        service.patch(registry.resourceType(type), id, JsonSupport.parseTrusted(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + ops + "}"), Precondition.NONE, CTX);
    }

    private String license(String sku, int seats) {
        return create("License", "{\"schemas\":[\"" + LicensingPlugin.ENTITLEMENT + "\"],\"value\":\"" + sku
                + "\",\"display\":\"E3\",\"limitedAssignmentsPermitted\":true,\"totalAssignmentsPermitted\":" + seats + "}");
    }

    private String user(String name) {
        return create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + name + "\"}");
    }

    private long used(String licenseId) {
        return get("License", licenseId).getJsonNumber("totalAssignmentsUsed").longValue();
    }

    private JsonArray states(String userId) {
        return get("User", userId).getJsonObject(USER_EXT).getJsonArray("licenseAssignmentStates");
    }

    @Test
    void theBundledPluginIsFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(io.roster.scim.hook.RosterPlugin.class).stream()
                .anyMatch(p -> p.type() == LicensingPlugin.class));
    }

    /** Rule 8 over more members than one page of the member walk: exactly as many seats as were bought. */
    @Test
    void licensingALargeGroupGrantsExactlyThePermittedSeatsWalkingMembersPageByPage() {
        int members = LicensingHook.MEMBER_PAGE * 2 + 7;
        int seats = LicensingHook.MEMBER_PAGE + 3;
        String lic = license("sku-large", seats);
        List<String> ids = new ArrayList<>();
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < members; i++) {
            String id = user("u" + i);
            ids.add(id);
            refs.append(i == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        String group = create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"all\",\"members\":["
                + refs + "]}");
        patch("Group", group, "[{\"op\":\"add\",\"path\":\"" + GROUP_EXT + ":licenses\",\"value\":[{\"value\":\"sku-large\"}]}]");

        assertEquals(seats, used(lic));
        long active = ids.stream().filter(id -> "Active".equals(states(id).getJsonObject(0).getString("state"))).count();
        long errors = ids.stream().filter(id -> "CountViolation".equals(states(id).getJsonObject(0).getString("error"))).count();
        assertEquals(seats, active);
        assertEquals(members - seats, errors);
        assertEquals("ProcessingComplete", get("Group", group).getJsonObject(GROUP_EXT).getString("licenseProcessingState"));
    }

    /** An IdP's PUT of a user never carries the read-only states: the group's licenses stay. */
    @Test
    void aPutOfTheUserKeepsWhatItsGroupsGiveAndDropsWhatItNoLongerAssignsDirectly() {
        String lic = license("sku-put", 5);
        String u = create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"" + USER_EXT + "\"],\"userName\":\"p\","
                + "\"" + USER_EXT + "\":{\"usageLocation\":\"DE\",\"licenses\":[{\"value\":\"SKU-PUT\"}]}}");
        assertEquals("E3", get("User", u).getJsonObject(USER_EXT).getJsonArray("licenses").getJsonObject(0).getString("display"));
        create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\",\"members\":[{\"value\":\""
                + u + "\"}],\"" + GROUP_EXT + "\":{\"licenses\":[{\"value\":\"sku-put\"}]}}");
        assertEquals(2, states(u).size());
        assertEquals(1, used(lic), "one seat, however many sources (case-insensitive SKU)");

        service.replace(registry.resourceType("User"), u, JsonSupport.parseTrusted(
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"p\"}"), Precondition.NONE, CTX);
        JsonArray after = states(u);
        assertEquals(1, after.size());
        assertTrue(after.getJsonObject(0).containsKey("assignedByGroup"));
        assertEquals(1, used(lic));
    }

    /** Section 1.1: a renewal for fewer seats takes no seat away but grants none until usage falls below it. */
    @Test
    void loweringTheSeatsBelowTheUsedCountKeepsHoldersAndGrantsNoNewSeat() {
        String lic = license("sku-renew", 2);
        String a = user("a");
        String b = user("b");
        String c = user("c");
        String g = create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\",\"members\":[{\"value\":\""
                + a + "\"},{\"value\":\"" + b + "\"}],\"" + GROUP_EXT + "\":{\"licenses\":[{\"value\":\"sku-renew\"}]}}");
        patch("License", lic, "[{\"op\":\"replace\",\"path\":\"totalAssignmentsPermitted\",\"value\":1}]");
        assertEquals(2, used(lic), "a PATCH of the License keeps the server's count");
        patch("Group", g, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + c + "\"}]}]");
        assertEquals("CountViolation", states(c).getJsonObject(0).getString("error"));
        assertEquals("Active", states(a).getJsonObject(0).getString("state"));
        assertEquals(2, used(lic));
    }

    @Test
    void aLicenseInUseCannotBeDeletedNorHaveItsSkuChanged() {
        String lic = license("sku-held", 2);
        create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\",\"members\":[{\"value\":\""
                + user("h") + "\"}],\"" + GROUP_EXT + "\":{\"licenses\":[{\"value\":\"sku-held\"}]}}");
        ScimException deleted = assertThrows(ScimException.class,
                () -> service.delete(registry.resourceType("License"), lic, Precondition.NONE, CTX));
        assertEquals(409, deleted.status());
        ScimException renamed = assertThrows(ScimException.class,
                () -> patch("License", lic, "[{\"op\":\"replace\",\"path\":\"value\",\"value\":\"other\"}]"));
        assertEquals(400, renamed.status());
        assertEquals("sku-held", get("License", lic).getString("value"));
    }

    /** The group's error flag follows its members: set by a CountViolation, cleared when that member leaves. */
    @Test
    void theGroupErrorFlagFollowsItsMembers() {
        license("sku-flag", 1);
        String a = user("a");
        String b = user("b");
        String g = create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\",\"members\":[{\"value\":\""
                + a + "\"},{\"value\":\"" + b + "\"}],\"" + GROUP_EXT + "\":{\"licenses\":[{\"value\":\"sku-flag\"}]}}");
        JsonObject stored = store.read(r -> r.get("Group", g)).attributes().getJsonObject(GROUP_EXT);
        assertTrue(stored.getBoolean("hasMembersWithLicenseErrors"));
        service.delete(registry.resourceType("User"), b, Precondition.NONE, CTX);
        stored = store.read(r -> r.get("Group", g)).attributes().getJsonObject(GROUP_EXT);
        assertFalse(stored.getBoolean("hasMembersWithLicenseErrors"));
    }
}
