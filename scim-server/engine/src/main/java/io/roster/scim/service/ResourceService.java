package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeType;
import io.roster.scim.schema.CommonAttributes;
import io.roster.scim.schema.ResourceNormalizer;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.schema.Uniqueness;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.Ids;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resource operations of RFC 7644 section 3 for every registered resource type, with Users' and
 * Groups' membership rules: members are index entries (never part of the group record), a member
 * must exist, groups may nest but never in a cycle, and deleting anything removes it from every group.
 */
public final class ResourceService {
    private final SchemaRegistry registry;
    private final ResourceStore store;
    private final ServiceSettings settings;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Ids ids = new Ids();
    private final ResourceNormalizer normalizer;
    private final ResourceAssembler assembler;
    private final QueryService queries;

    /** How long an RFC 9865 cursor stays valid, advertised as cursorTimeout. */
    public static final long CURSOR_TIMEOUT_SECONDS = QueryService.CURSOR_TIMEOUT.toSeconds();

    public ResourceService(SchemaRegistry registry, ResourceStore store, ServiceSettings settings, Clock clock) {
        this.registry = registry;
        this.store = store;
        this.settings = settings;
        this.hasher = new PasswordHasher(settings.passwordIterations());
        this.clock = clock;
        this.normalizer = new ResourceNormalizer(registry);
        this.assembler = new ResourceAssembler(registry);
        this.queries = new QueryService(registry, store, settings, assembler, clock, indexes(registry));
    }

    public ServiceSettings settings() {
        return settings;
    }

    public ResourceAssembler assembler() {
        return assembler;
    }

    /**
     * The indexes the store must maintain: one unique index per single-valued attribute the schemas
     * mark {@code uniqueness: server|global} (userName; Roster also marks Group displayName), one on
     * {@code externalId} per resource type, which Roster keeps unique within the type so that an IdP's
     * matching by externalId is unambiguous, and non-unique ones on the other attributes clients
     * look up or sort by ({@link #SECONDARY_INDEXES}) where the type has them. Case-insensitive unless
     * the attribute is caseExact.
     */
    public static List<IndexDefinition> indexes(SchemaRegistry registry) {
        List<IndexDefinition> out = new ArrayList<>();
        for (ResourceType type : registry.resourceTypes()) {
            out.add(new IndexDefinition(type.name(), "externalId", true, CommonAttributes.EXTERNAL_ID.caseExact(),
                    attrs -> stringValue(attrs, "externalId")));
            Schema core = registry.coreSchema(type);
            Set<String> indexed = new HashSet<>(List.of("externalId"));
            for (AttributeDefinition def : core.attributes()) {
                if (def.uniqueness() != Uniqueness.NONE && !def.multiValued() && def.type() == AttributeType.STRING) {
                    String name = def.name();
                    out.add(new IndexDefinition(type.name(), name, true, def.caseExact(), attrs -> stringValue(attrs, name)));
                    indexed.add(name);
                }
            }
            for (String path : SECONDARY_INDEXES) {
                int dot = path.indexOf('.');
                AttributeDefinition def = core.attribute(dot < 0 ? path : path.substring(0, dot));
                if (def == null || indexed.contains(def.name())) {
                    continue;
                }
                if (dot < 0 && !def.multiValued() && def.type() == AttributeType.STRING) {
                    String name = def.name();
                    out.add(new IndexDefinition(type.name(), name, false, def.caseExact(), attrs -> stringValue(attrs, name)));
                } else if (dot > 0 && def.multiValued() && def.subAttribute(path.substring(dot + 1)) != null
                        && def.subAttribute(path.substring(dot + 1)).type() == AttributeType.STRING) {
                    AttributeDefinition sub = def.subAttribute(path.substring(dot + 1));
                    String name = def.name();
                    String subName = sub.name();
                    out.add(new IndexDefinition(type.name(), name + "." + subName, false, sub.caseExact(), true,
                            attrs -> subValues(attrs, name, subName)));
                }
            }
        }
        return out;
    }

    /** Non-unique indexes kept where a type's core schema has the attribute: lookups and sorting by them avoid scans. */
    public static final List<String> SECONDARY_INDEXES = List.of("displayName", "emails.value");

    private static List<String> subValues(JsonObject attrs, String name, String sub) {
        JsonValue v = attrs.get(name);
        if (!(v instanceof JsonArray arr)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(arr.size());
        for (JsonValue item : arr) {
            if (item instanceof JsonObject o && o.get(sub) instanceof JsonString s) {
                out.add(s.getString());
            }
        }
        return out;
    }

    private static List<String> stringValue(JsonObject attrs, String name) {
        JsonValue v = attrs.get(name);
        return v instanceof JsonString s ? List.of(s.getString()) : List.of();
    }

    // ------------------------------------------------------------------ create / read / replace / delete

    public ResourceSnapshot create(ResourceType type, JsonObject body, RequestContext ctx) {
        JsonObject attrs = hashPassword(normalizer.forCreate(type, body), null);
        JsonArray requestedMembers = null;
        if (isGroup(type)) {
            requestedMembers = attrs.containsKey("members") ? attrs.getJsonArray("members") : JsonValue.EMPTY_JSON_ARRAY;
            attrs = without(attrs, "members");
        }
        Instant now = now();
        StoredResource created = new StoredResource(type.name(), ids.next(), 1, now, now, attrs);
        JsonArray members = requestedMembers;
        return store.write(w -> {
            w.put(created);
            if (members != null) {
                for (MemberRef m : resolveMembers(w, created.id(), members)) {
                    w.addMember(created.id(), m);
                }
            }
            return assembler.snapshot(created, w, ctx, true);
        });
    }

    public ResourceSnapshot get(ResourceType type, String id, RequestContext ctx) {
        return store.read(r -> {
            StoredResource found = r.get(type.name(), id);
            if (found == null) {
                throw notFound(type, id);
            }
            return assembler.snapshot(found, r, ctx, true);
        });
    }

    /**
     * PUT (RFC 7644 section 3.5.1). Omitted readWrite attributes are cleared, except a Group's
     * {@code members}: those change only when the body carries {@code members} (an empty array clears
     * them), so that a client replacing a group's name cannot wipe a membership it never read.
     */
    public ResourceSnapshot replace(ResourceType type, String id, JsonObject body, Precondition precondition, RequestContext ctx) {
        // Validate against the current state outside the writer (cheap reads, password hashing), then
        // re-check the version inside the write so a concurrent change is never overwritten silently.
        StoredResource current = store.read(r -> r.get(type.name(), id));
        if (current == null) {
            throw notFound(type, id);
        }
        precondition.check(current.version());
        JsonObject attrs = hashPassword(normalizer.forReplace(type, body, current.attributes()), current.attributes());
        JsonArray requestedMembers = null;
        if (isGroup(type)) {
            requestedMembers = attrs.containsKey("members") ? attrs.getJsonArray("members") : null;
            if (requestedMembers == null && hasKeyIgnoreCase(body, "members")) {
                requestedMembers = JsonValue.EMPTY_JSON_ARRAY; // "members": [] or null: clear them
            }
            attrs = without(attrs, "members");
        }
        JsonObject newAttrs = attrs;
        JsonArray members = requestedMembers;
        return store.write(w -> {
            StoredResource now = w.get(type.name(), id);
            if (now == null) {
                throw notFound(type, id);
            }
            if (now.version() != current.version()) {
                if (!precondition.ifMatch().isEmpty()) {
                    precondition.check(now.version());
                }
                // Changed since it was read: normalise again against what is there now.
                return replaceIn(w, type, now, hashPassword(normalizer.forReplace(type, body, now.attributes()), now.attributes()),
                        members, ctx);
            }
            return replaceIn(w, type, now, newAttrs, members, ctx);
        });
    }

    private ResourceSnapshot replaceIn(StoreWriter w, ResourceType type, StoredResource old, JsonObject attrs,
                                       JsonArray members, RequestContext ctx) {
        if (isGroup(type)) {
            attrs = without(attrs, "members");
        }
        StoredResource updated = old.next(attrs, now());
        w.put(updated);
        if (members != null) {
            syncMembers(w, updated.id(), resolveMembers(w, updated.id(), members));
        }
        String display = ResourceAssembler.displayOf(updated);
        if (!display.equals(ResourceAssembler.displayOf(old))) {
            // Membership entries carry the member's display text; keep them current.
            for (String groupId : w.groupsOf(updated.id())) {
                w.addMember(groupId, new MemberRef(updated.id(), type.name(), display));
            }
        }
        return assembler.snapshot(updated, w, ctx, true);
    }

    public void delete(ResourceType type, String id, Precondition precondition) {
        store.write(w -> {
            StoredResource current = w.get(type.name(), id);
            if (current == null) {
                throw notFound(type, id);
            }
            precondition.check(current.version());
            List<String> parents = w.groupsOf(id);
            w.delete(type.name(), id);
            touchGroups(w, parents);
            return null;
        });
    }

    // ------------------------------------------------------------------ membership

    /**
     * Resolves requested members to existing Users and Groups. Every problem is reported at once: ids
     * that exist nowhere, a type that does not match, the group itself, and nesting that would form a cycle.
     */
    private List<MemberRef> resolveMembers(StoreReader r, String groupId, JsonArray requested) {
        Map<String, MemberRef> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Set<String> ancestors = null;
        for (JsonValue v : requested) {
            JsonObject m = v.asJsonObject();
            JsonValue value = m.get("value");
            if (!(value instanceof JsonString s) || s.getString().isBlank()) {
                throw ScimException.invalidValue("Each member needs a \"value\" holding the id of a User or Group; got "
                        + JsonSupport.toText(m) + ".");
            }
            String id = s.getString().trim();
            if (out.containsKey(id)) {
                continue;
            }
            StoredResource user = r.get(ResourceAssembler.USER, id);
            StoredResource target = user != null ? user : r.get(ResourceAssembler.GROUP, id);
            if (target == null) {
                missing.add(id);
                continue;
            }
            String declared = m.getString("type", null);
            if (declared != null && !declared.equalsIgnoreCase(target.type())) {
                throw ScimException.invalidValue("Member " + id + " is a " + target.type() + ", but the request says \"type\": \""
                        + declared + "\".");
            }
            if (target.type().equals(ResourceAssembler.GROUP)) {
                if (id.equals(groupId)) {
                    throw ScimException.invalidValue("A group cannot be a member of itself (" + id + ").");
                }
                if (ancestors == null) {
                    ancestors = ancestors(r, groupId);
                }
                if (ancestors.contains(id)) {
                    throw ScimException.invalidValue("Adding group " + id + " to group " + groupId
                            + " would create a cycle: " + groupId + " is already inside " + id + ".");
                }
            }
            out.put(id, new MemberRef(id, target.type(), ResourceAssembler.displayOf(target)));
        }
        if (!missing.isEmpty()) {
            String shown = String.join(", ", missing.subList(0, Math.min(10, missing.size())));
            throw ScimException.invalidValue("No User or Group exists with id " + shown
                    + (missing.size() > 10 ? " (and " + (missing.size() - 10) + " more)" : "")
                    + "; create the member first or remove it from \"members\".");
        }
        return new ArrayList<>(out.values());
    }

    /** Every group that contains {@code groupId}, directly or through nesting. */
    private static Set<String> ancestors(StoreReader r, String groupId) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(groupId));
        while (!todo.isEmpty()) {
            for (String parent : r.groupsOf(todo.poll())) {
                if (seen.add(parent)) {
                    todo.add(parent);
                }
            }
        }
        return seen;
    }

    private void syncMembers(StoreWriter w, String groupId, List<MemberRef> wanted) {
        Set<String> keep = new HashSet<>();
        for (MemberRef m : wanted) {
            keep.add(m.id());
        }
        List<String> stale = new ArrayList<>();
        String after = null;
        List<MemberRef> page;
        do {
            page = w.members(groupId, after, ResourceAssembler.MEMBER_PAGE);
            for (MemberRef m : page) {
                if (!keep.contains(m.id())) {
                    stale.add(m.id());
                }
                after = m.id();
            }
        } while (page.size() == ResourceAssembler.MEMBER_PAGE);
        stale.forEach(id -> w.removeMember(groupId, id));
        wanted.forEach(m -> w.addMember(groupId, m));
    }

    /** A membership change is a change of the group: new version, new lastModified. */
    private void touchGroups(StoreWriter w, List<String> groupIds) {
        Instant now = now();
        for (String groupId : groupIds) {
            StoredResource g = w.get(ResourceAssembler.GROUP, groupId);
            if (g != null) {
                w.put(g.touched(now));
            }
        }
    }

    // ------------------------------------------------------------------ list and search

    /**
     * Lists resources of one type (RFC 7644 section 3.4.2): filter, sort, and paging by startIndex or
     * RFC 9865 cursor; {@code totalResults} counts every match. See {@link QueryService}.
     */
    public ListResult list(ResourceType type, ListRequest request, RequestContext ctx) {
        return queries.run(List.of(type), request, ctx);
    }

    /** POST /.search at the root (RFC 7644 section 3.4.3): the same query over every resource type. */
    public ListResult search(ListRequest request, RequestContext ctx) {
        return queries.run(List.copyOf(registry.resourceTypes()), request, ctx);
    }

    /** How a filter would be answered on a type (index or scan), for diagnostics and tests. */
    public io.roster.scim.query.QueryPlan plan(ResourceType type, String filter) {
        return queries.plan(type, filter);
    }

    /** Streams a group's members page by page, each page under its own short read. */
    public void forEachMember(String groupId, java.util.function.Consumer<MemberRef> consumer) {
        String after = null;
        while (true) {
            String from = after;
            List<MemberRef> page = store.read(r -> r.members(groupId, from, ResourceAssembler.MEMBER_PAGE));
            page.forEach(consumer);
            if (page.size() < ResourceAssembler.MEMBER_PAGE) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    // ------------------------------------------------------------------ helpers

    private JsonObject hashPassword(JsonObject attrs, JsonObject previous) {
        JsonValue pw = attrs.get("password");
        if (!(pw instanceof JsonString s)) {
            return attrs;
        }
        JsonValue old = previous == null ? null : previous.get("password");
        if (PasswordHasher.isHash(s.getString()) && pw.equals(old)) {
            return attrs; // kept from the stored resource: already a hash
        }
        JsonObjectBuilder b = JsonSupport.object(attrs);
        b.add("password", hasher.hash(s.getString()));
        return b.build();
    }

    private static boolean isGroup(ResourceType type) {
        return ResourceAssembler.GROUP.equals(type.name());
    }

    private static boolean hasKeyIgnoreCase(JsonObject o, String key) {
        return o.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key));
    }

    private static JsonObject without(JsonObject o, String key) {
        if (!o.containsKey(key)) {
            return o;
        }
        JsonObjectBuilder b = JsonSupport.object(o);
        b.remove(key);
        return b.build();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ScimException notFound(ResourceType type, String id) {
        return ScimException.notFound(type.name() + " " + id + " not found.");
    }
}
