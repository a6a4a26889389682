package io.roster.scim.service;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaExtension;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the full representation of a stored resource: {@code schemas} from the extensions it
 * actually carries, {@code id}, the attributes, {@code meta}, and the attributes derived from the
 * membership index: a User's {@code groups} (direct and, through nesting, indirect) and, on demand, a
 * Group's {@code members}.
 */
public final class ResourceAssembler {
    /** Members are read in pages of this size so no read holds the store for long. */
    static final int MEMBER_PAGE = 2000;

    private final SchemaRegistry registry;

    public ResourceAssembler(SchemaRegistry registry) {
        this.registry = registry;
    }

    public ResourceSnapshot snapshot(StoredResource r, StoreReader reader, RequestContext ctx, boolean withGroups) {
        ResourceType type = registry.resourceType(r.type());
        return new ResourceSnapshot(type, r.id(), r.version(), assemble(type, r, reader, ctx, withGroups, false));
    }

    /**
     * @param withGroups  compute a User's {@code groups}
     * @param withMembers inline a Group's {@code members} (for filter evaluation; responses stream them)
     */
    public JsonObject assemble(ResourceType type, StoredResource r, StoreReader reader, RequestContext ctx,
                               boolean withGroups, boolean withMembers) {
        JsonObject attrs = r.attributes();
        JsonObjectBuilder b = JsonSupport.object();
        JsonArrayBuilder schemas = JsonSupport.array().add(type.schema());
        for (SchemaExtension ext : type.schemaExtensions()) {
            JsonValue v = attrs.get(registry.schema(ext.schema()).id());
            if (v != null && v.getValueType() == JsonValue.ValueType.OBJECT && !v.asJsonObject().isEmpty()) {
                schemas.add(registry.schema(ext.schema()).id());
            }
        }
        b.add("schemas", schemas);
        b.add("id", r.id());
        for (Map.Entry<String, JsonValue> e : attrs.entrySet()) {
            b.add(e.getKey(), e.getValue());
        }
        if (withGroups && ResourceTypeNames.USER.equals(type.name())) {
            JsonValue groups = groups(r.id(), reader, ctx);
            if (groups != null) {
                b.add("groups", groups);
            }
        }
        if (withMembers && ResourceTypeNames.GROUP.equals(type.name())) {
            JsonArrayBuilder members = JsonSupport.array();
            eachMember(reader, r.id(), m -> members.add(member(m, ctx)));
            b.add("members", members);
        }
        b.add("meta", JsonSupport.object()
                .add("resourceType", type.name())
                .add("created", r.created().toString())
                .add("lastModified", r.lastModified().toString())
                .add("location", ctx.location(type.endpoint(), r.id()))
                .add("version", Precondition.etag(r.version())));
        return b.build();
    }

    /** Every member of a group, page by page, within one read or write. */
    static void eachMember(StoreReader r, String groupId, java.util.function.Consumer<MemberRef> consumer) {
        String after = null;
        List<MemberRef> page;
        do {
            page = r.members(groupId, after, MEMBER_PAGE);
            page.forEach(consumer);
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (page.size() == MEMBER_PAGE);
    }

    /** One entry of a Group's {@code members}. */
    public JsonObject member(MemberRef m, RequestContext ctx) {
        ResourceType memberType = registry.resourceType(m.type());
        JsonObjectBuilder b = JsonSupport.object()
                .add("value", m.id())
                .add("$ref", ctx.location(memberType.endpoint(), m.id()))
                .add("type", m.type());
        if (!m.display().isEmpty()) {
            b.add("display", m.display());
        }
        return b.build();
    }

    /**
     * A User's groups (RFC 7643 section 4.1.2): direct memberships, then groups reached through nested
     * groups, each once, as "indirect". Null when the user is in no group.
     */
    private JsonValue groups(String userId, StoreReader reader, RequestContext ctx) {
        List<String> direct = reader.groupsOf(userId);
        if (direct.isEmpty()) {
            return null;
        }
        Set<String> seen = new LinkedHashSet<>(direct);
        List<String> indirect = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(direct);
        while (!todo.isEmpty()) {
            for (String parent : reader.groupsOf(todo.poll())) {
                if (seen.add(parent)) {
                    indirect.add(parent);
                    todo.add(parent);
                }
            }
        }
        JsonArrayBuilder arr = JsonSupport.array();
        ResourceType groupType = registry.resourceType(ResourceTypeNames.GROUP);
        for (String id : direct) {
            arr.add(groupEntry(groupType, id, "direct", reader, ctx));
        }
        for (String id : indirect) {
            arr.add(groupEntry(groupType, id, "indirect", reader, ctx));
        }
        return arr.build();
    }

    private JsonObject groupEntry(ResourceType groupType, String id, String kind, StoreReader reader, RequestContext ctx) {
        JsonObjectBuilder b = JsonSupport.object()
                .add("value", id)
                .add("$ref", ctx.location(groupType.endpoint(), id));
        StoredResource g = reader.get(ResourceTypeNames.GROUP, id);
        if (g != null) {
            String display = displayOf(g);
            if (!display.isEmpty()) {
                b.add("display", display);
            }
        }
        return b.add("type", kind).build();
    }

    /** The text kept with membership entries: displayName, else userName. */
    public static String displayOf(StoredResource r) {
        String display = r.attributes().getString("displayName", "");
        if (display.isEmpty()) {
            display = r.attributes().getString("userName", "");
        }
        return display;
    }
}
