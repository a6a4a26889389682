package io.roster.scim.service;

import io.roster.scim.app.Engine;
import io.roster.scim.hook.Hooks;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.store.ResourceStore;
import java.nio.file.Path;
import java.util.List;

/** A ResourceService and BulkService with plugins installed, over a real store that tests may close and reopen. */
final class HookedService implements AutoCloseable {
    static final RequestContext CTX = RequestContext.system("http://localhost/scim/v2");

    private final Path dir;
    private final List<RosterPlugin> plugins;
    SchemaRegistry registry;
    Hooks hooks;
    ResourceStore store;
    ResourceService service;
    BulkService bulk;

    HookedService(Path dir, RosterPlugin... plugins) {
        this.dir = dir;
        this.plugins = List.of(plugins);
        open();
    }

    /** Registers the plugins into a fresh registry and opens the store, as a server start does. */
    void open() {
        Engine engine = Engine.open(dir, plugins);
        registry = engine.registry();
        hooks = engine.hooks();
        store = engine.store();
        service = engine.service();
        bulk = engine.bulk();
    }

    ResourceType type(String name) {
        return registry.resourceType(name);
    }

    String create(String type, String json) {
        return service.create(type(type), JsonSupport.parseTrusted(json), CTX).id();
    }

    ResourceSnapshot patch(String type, String id, String operationsJson) {
        return service.patch(type(type), id, JsonSupport.parseTrusted(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operationsJson + "}"),
                Precondition.NONE, CTX);
    }

    ResourceSnapshot replace(String type, String id, String json) {
        return service.replace(type(type), id, JsonSupport.parseTrusted(json), Precondition.NONE, CTX);
    }

    void delete(String type, String id) {
        service.delete(type(type), id, Precondition.NONE, CTX);
    }

    List<String> memberIds(String groupId) {
        return store.read(r -> r.members(groupId, null, 1000)).stream().map(m -> m.id()).toList();
    }

    @Override
    public void close() {
        store.close();
    }
}
