package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.spi.Change;
import io.roster.scim.hook.Hooks;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.patch.ClientQuirks;
import io.roster.scim.patch.MemberChange;
import io.roster.scim.patch.PatchEngine;
import io.roster.scim.patch.PatchOperation;
import io.roster.scim.patch.PatchRequest;
import io.roster.scim.schema.ResourceNormalizer;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.store.Ids;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreWork;
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
import java.util.ArrayList;
import java.util.List;

/**
 * The resource operations of RFC 7644 section 3 for every registered resource type: create, get,
 * replace, patch, delete, list and search, each authorized first, its costly work (normalising, applying
 * a PATCH, hashing a password) done outside the store's writer, and the hooks run inside it. What it
 * delegates: membership rules to {@link Membership}, API-client secrets to {@link ApiClientSecrets}, the
 * index catalogue to {@link IndexCatalogue}, the "prepare outside, re-check inside" path to
 * {@link PreparedWrite}, queries to {@link QueryService}.
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
    private final FilterParser filterParser;
    private final ClientQuirks quirks;
    private final PatchEngine patchEngine;
    private final QueryService queries;
    private final Hooks hooks;
    private final SelfServiceGuard selfService;
    private final ValueLimit valueLimit;
    private final Membership membership;

    /** How long an RFC 9865 cursor stays valid, advertised as cursorTimeout. */
    public static final long CURSOR_TIMEOUT_SECONDS = QueryService.CURSOR_TIMEOUT.toSeconds();

    public ResourceService(SchemaRegistry registry, ResourceStore store, ServiceSettings settings, Clock clock) {
        this(registry, store, settings, clock, Hooks.NONE);
    }

    /** With the hooks the plugins registered: every write below runs them (see {@link Hooks#run}). */
    public ResourceService(SchemaRegistry registry, ResourceStore store, ServiceSettings settings, Clock clock, Hooks hooks) {
        this.hooks = hooks;
        this.selfService = new SelfServiceGuard(hooks.authorizer());
        this.registry = registry;
        this.store = store;
        this.settings = settings;
        this.hasher = new PasswordHasher(settings.passwordIterations());
        this.clock = clock;
        this.normalizer = new ResourceNormalizer(registry);
        this.assembler = new ResourceAssembler(registry);
        this.filterParser = new FilterParser(settings.maxFilterLength(), settings.maxFilterDepth());
        this.quirks = ClientQuirks.standard(registry);
        this.patchEngine = new PatchEngine(registry, normalizer, quirks);
        this.queries = new QueryService(registry, store, settings, assembler, clock, IndexCatalogue.of(registry));
        this.valueLimit = new ValueLimit(registry, settings.maxValuesPerAttribute());
        this.membership = new Membership(registry, assembler);
    }

    public ServiceSettings settings() {
        return settings;
    }

    public ResourceAssembler assembler() {
        return assembler;
    }

    // ------------------------------------------------------------------ create / read / replace / delete

    public ResourceSnapshot create(ResourceType type, JsonObject body, RequestContext ctx) {
        ResourceSnapshot created = store.write(prepareCreate(type, body, ids.next(), ctx));
        hooks.committed();
        return created;
    }

    /** A new resource id (time-ordered UUID). */
    String newId() {
        return ids.next();
    }

    /**
     * The write of a POST, prepared outside the writer: the body is normalised and a password hashed
     * here, so the writer only checks members and uniqueness and stores.
     */
    StoreWork<ResourceSnapshot> prepareCreate(ResourceType type, JsonObject body, String id, RequestContext ctx) {
        authorize(type, null, ctx, true);
        JsonObject attrs = normalizer.forCreate(type, quirks.body(type, body));
        JsonArray requestedMembers = null;
        if (isGroup(type)) {
            requestedMembers = attrs.containsKey("members") ? attrs.getJsonArray("members") : JsonValue.EMPTY_JSON_ARRAY;
            attrs = without(attrs, "members");
        }
        valueLimit.check(type, attrs, null);
        attrs = hashPassword(attrs, null);
        JsonObject stored = ApiClientSecrets.withoutAction(attrs); // a new client gets a secret anyway
        JsonArray members = requestedMembers;
        String secret = ApiClientSecrets.forCreate(type);
        return w -> {
            Instant now = now();
            // ids are fresh time-ordered UUIDs (newId), never a client's, so nothing can be overwritten
            StoredResource created = w.create(type.name(), id, stored, now);
            MemberDelta delta = memberDelta();
            if (members != null) {
                for (MemberRef m : membership.resolve(w, created.id(), members)) {
                    if (w.addMember(created.id(), m)) {
                        delta.added(m.id());
                    }
                }
            }
            ApiClientSecrets.issue(w, created, secret);
            StoredResource result = runHooks(w, created, Change.Kind.CREATED, null, delta, ctx);
            return ApiClientSecrets.reveal(assembler.snapshot(result, w, ctx, true), secret);
        };
    }

    public ResourceSnapshot get(ResourceType type, String id, RequestContext ctx) {
        authorize(type, id, ctx, false);
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
     * them), so that a client replacing a group's name cannot wipe a membership it never read. The new
     * attributes are prepared outside the writer (see {@link PreparedWrite}); if another write changes
     * the resource before they are stored, they are prepared again from it, never overwriting it.
     */
    public ResourceSnapshot replace(ResourceType type, String id, JsonObject body, Precondition precondition, RequestContext ctx) {
        authorize(type, id, ctx, true);
        ResourceSnapshot replaced = PreparedWrite.run(store, () -> prepareReplace(type, id, body, precondition, ctx), precondition);
        hooks.committed();
        return replaced;
    }

    /** A PUT prepared against the version stored now: normalised, checked and its password hashed, outside the writer. */
    PreparedWrite prepareReplace(ResourceType type, String id, JsonObject body, Precondition precondition, RequestContext ctx) {
        authorize(type, id, ctx, true); // also for Bulk, which prepares without calling replace
        StoredResource current = store.read(r -> r.get(type.name(), id));
        if (current == null) {
            throw notFound(type, id);
        }
        precondition.check(current.version());
        JsonObject attrs = normalizer.forReplace(type, quirks.body(type, body), current.attributes());
        valueLimit.check(type, attrs, current.attributes());
        JsonObject newAttrs = hashPassword(attrs, current.attributes());
        JsonArray members = putMembers(type, newAttrs, body);
        return new PreparedWrite(current, precondition, true, (w, now) -> replaceIn(w, type, now, newAttrs, members, ctx));
    }

    /**
     * A Group's members as a PUT gives them: the list; empty when the body has "members": [] or null
     * (clear them); null when the body has no "members" at all (keep them).
     */
    private static JsonArray putMembers(ResourceType type, JsonObject attrs, JsonObject body) {
        if (!isGroup(type)) {
            return null;
        }
        if (attrs.containsKey("members")) {
            return attrs.getJsonArray("members");
        }
        return hasKeyIgnoreCase(body, "members") ? JsonValue.EMPTY_JSON_ARRAY : null;
    }

    private ResourceSnapshot replaceIn(StoreWriter w, ResourceType type, StoredResource old, JsonObject attrs,
                                       JsonArray members, RequestContext ctx) {
        if (isGroup(type)) {
            attrs = without(attrs, "members");
        }
        String secret = ApiClientSecrets.forUpdate(old, attrs);
        attrs = ApiClientSecrets.withoutAction(attrs);
        selfService.check(old, attrs, ctx);
        StoredResource updated = putNext(w, type, old, attrs);
        MemberDelta delta = memberDelta();
        if (members != null) {
            membership.sync(w, updated.id(), membership.resolve(w, updated.id(), members), delta);
        }
        ApiClientSecrets.rotate(w, updated.id(), secret);
        ResourceSnapshot snapshot = assembler.snapshot(runHooks(w, updated, Change.Kind.REPLACED, old.attributes(), delta, ctx), w, ctx, true);
        return ApiClientSecrets.reveal(snapshot, secret);
    }

    /** Stores the next version of a resource and keeps the display text in its membership entries current. */
    private StoredResource putNext(StoreWriter w, ResourceType type, StoredResource old, JsonObject attrs) {
        StoredResource updated = w.update(type.name(), old.id(), attrs, now()); // the store sets the version
        Membership.refreshDisplay(w, old, updated);
        return updated;
    }

    /**
     * PATCH (RFC 7644 section 3.5.2): every operation or none. The operations are applied and the result
     * normalised (and a new password hashed) outside the writer, against the attributes read; inside the
     * write they are compared with the stored ones, and if another write changed them meanwhile the PATCH
     * is prepared again from what is stored then, outside the writer (see {@link PreparedWrite}). Membership changes are
     * applied entry by entry inside the write, so their cost is proportional to the members named, not to
     * the group's size. A PATCH that changes nothing leaves the version as it is.
     */
    public ResourceSnapshot patch(ResourceType type, String id, JsonObject body, Precondition precondition, RequestContext ctx) {
        authorize(type, id, ctx, true);
        List<PatchOperation> operations = PatchRequest.parse(body, filterParser);
        ResourceSnapshot patched = PreparedWrite.run(store, () -> preparePatch(type, id, operations, precondition, ctx), precondition);
        hooks.committed();
        return patched;
    }

    /** The operations of a PATCH body, checked; 400 for anything malformed. */
    List<PatchOperation> patchOperations(JsonObject body) {
        return PatchRequest.parse(body, filterParser);
    }

    /**
     * A PATCH prepared against what is stored now, outside the writer. The hooks' validatePatch still
     * runs inside the write, with the attributes stored then (the ones the result was computed from), so
     * a plugin sees the operations with the state they are applied to; it is cheap: it reads the
     * operations, it does not apply them.
     */
    PreparedWrite preparePatch(ResourceType type, String id, List<PatchOperation> operations, Precondition precondition,
                               RequestContext ctx) {
        authorize(type, id, ctx, true); // also for Bulk, which prepares without calling patch
        StoredResource current = store.read(r -> r.get(type.name(), id));
        if (current == null) {
            throw notFound(type, id);
        }
        precondition.check(current.version());
        PatchEngine.Result result = patchEngine.apply(type, id, current.attributes(), operations, isGroup(type));
        JsonObject attrs = patchedAttributes(type, current, result);
        selfService.check(current, attrs, ctx); // early, before plugins' validatePatch answers; again inside the write
        // Members only: the record stays as it is stored when the write runs, whatever happened meanwhile.
        boolean readsAttributes = result.attributesTouched();
        return new PreparedWrite(current, precondition, readsAttributes, (w, now) -> {
            hooks.validatePatch(type.name(), id, now.attributes(), operations, w, ctx.principal());
            return patchIn(w, now, readsAttributes ? attrs : now.attributes(), result, ctx);
        });
    }

    private ResourceSnapshot patchIn(StoreWriter w, StoredResource now, JsonObject attrs, PatchEngine.Result result,
                                     RequestContext ctx) {
        ResourceType type = registry.resourceType(now.type());
        String secret = ApiClientSecrets.forUpdate(now, attrs);
        attrs = ApiClientSecrets.withoutAction(attrs);
        StoredResource updated = now;
        if (!attrs.equals(now.attributes())) {
            selfService.check(now, attrs, ctx);
            updated = putNext(w, type, now, attrs);
        }
        if (secret != null) {
            ApiClientSecrets.rotate(w, now.id(), secret);
            if (updated == now) { // a rotation alone is a change: new version, and the hooks see (and may refuse) it
                updated = w.touch(now.type(), now.id(), now());
            }
        }
        boolean membersChanged = false;
        MemberDelta delta = memberDelta();
        for (MemberChange change : result.memberChanges()) {
            membersChanged |= membership.apply(w, now.id(), change, ctx, delta);
        }
        if (membersChanged && updated == now) {
            updated = w.touch(now.type(), now.id(), now());
        }
        if (updated != now) { // a PATCH that changes nothing is no change: no new version, no hooks
            updated = runHooks(w, updated, Change.Kind.PATCHED, now.attributes(), delta, ctx);
        }
        ResourceSnapshot snapshot = assembler.snapshot(updated, w, ctx, true);
        return ApiClientSecrets.reveal(snapshot, secret);
    }

    private JsonObject patchedAttributes(ResourceType type, StoredResource current, PatchEngine.Result result) {
        if (!result.attributesTouched()) {
            return current.attributes();
        }
        JsonObject attrs = normalizer.forPatch(type, result.attributes(), current.attributes());
        valueLimit.check(type, attrs, current.attributes());
        return hashPassword(attrs, current.attributes());
    }

    public void delete(ResourceType type, String id, Precondition precondition, RequestContext ctx) {
        store.write(deleteWork(type, id, precondition, ctx));
        hooks.committed();
    }

    StoreWork<ResourceSnapshot> deleteWork(ResourceType type, String id, Precondition precondition, RequestContext ctx) {
        authorize(type, id, ctx, true);
        return w -> {
            StoredResource current = w.get(type.name(), id);
            if (current == null) {
                throw notFound(type, id);
            }
            precondition.check(current.version());
            List<String> parents = w.groupsOf(id);
            List<String> members = new ArrayList<>();
            if (!hooks.isEmpty() && isGroup(type)) { // the delete removes them all anyway: listing them costs the same order
                ResourceAssembler.eachMember(w, id, m -> members.add(m.id()));
            }
            w.delete(type.name(), id);
            Membership.touchGroups(w, parents, now());
            if (!hooks.isEmpty()) {
                List<Change> changes = new ArrayList<>(1 + parents.size());
                changes.add(Change.of(Change.Kind.DELETED, type.name(), id, current.attributes(), null, List.of(), members));
                for (String groupId : parents) {
                    StoredResource g = w.get(ResourceTypeNames.GROUP, groupId);
                    if (g != null) {
                        changes.add(Change.of(Change.Kind.MEMBERS_CHANGED, g.type(), groupId, g.attributes(), g.attributes(),
                                List.of(), List.of(id)));
                    }
                }
                hooks.run(changes, w, ctx.principal());
            }
            return null;
        };
    }

    // ------------------------------------------------------------------ hooks

    /** Tells the after-commit delivery that writes made outside this class's public methods (Bulk) are durable. */
    void committed() {
        hooks.committed();
    }

    private MemberDelta memberDelta() {
        return hooks.isEmpty() ? MemberDelta.OFF : new MemberDelta();
    }

    /**
     * Runs the hooks on one change made by this work and returns the resource as they left it (an apply
     * hook may have written derived attributes onto it).
     */
    private StoredResource runHooks(StoreWriter w, StoredResource result, Change.Kind kind, JsonObject before, MemberDelta delta,
                                    RequestContext ctx) {
        if (hooks.isEmpty()) {
            return result;
        }
        hooks.run(List.of(Change.of(kind, result.type(), result.id(), before, result.attributes(), delta.added, delta.removed)), w,
                ctx.principal());
        StoredResource latest = w.get(result.type(), result.id());
        return latest == null ? result : latest;
    }

    // ------------------------------------------------------------------ list and search

    /**
     * Lists resources of one type (RFC 7644 section 3.4.2): filter, sort, and paging by startIndex or
     * RFC 9865 cursor; {@code totalResults} counts every match. See {@link QueryService}.
     */
    public ListResult list(ResourceType type, ListRequest request, RequestContext ctx) {
        authorize(type, null, ctx, false);
        return queries.run(List.of(type), request, ctx);
    }

    /**
     * POST /.search at the root (RFC 7644 section 3.4.3): the same query over every resource type the
     * caller may read; the others are skipped, so neither results nor {@code totalResults} reveal them.
     */
    public ListResult search(ListRequest request, RequestContext ctx) {
        io.roster.scim.spi.Authorizer authorizer = hooks.authorizer();
        List<ResourceType> readable = registry.resourceTypes().stream()
                .filter(t -> authorizer.readDenied(ctx.principal(), t.name(), null) == null)
                .toList();
        if (readable.isEmpty()) {
            throw ScimException.forbidden(authorizer.readDenied(ctx.principal(), ResourceTypeNames.USER, null));
        }
        return queries.run(readable, request, ctx);
    }

    /**
     * Runs before anything that answers differently per resource (existence, If-Match, the body): 401
     * without a caller, 403 when the installed authorizer says the caller may not read this resource (or
     * the type, id null) or, for a write, may not write it. So a caller that may not touch a type gets the
     * same 403 whether the id exists or not and whatever version it guesses (RFC 7644 section 3.12 lets a
     * provider answer 403 or 404; detail about other resources is never given). The HTTP edge also calls
     * it before it reads a request body, so not even a malformed body is answered before the 403. A write
     * to a read-only type ({@link ReadOnlyTypes}) is refused first, with 405, whoever the caller.
     */
    public void authorize(ResourceType type, String id, RequestContext ctx, boolean write) {
        if (write) {
            ReadOnlyTypes.refuseWrite(type); // no write to a type the server alone keeps, whoever asks (405)
        }
        io.roster.scim.spi.Principal caller = ctx.principal();
        io.roster.scim.spi.Authorizer authorizer = hooks.authorizer();
        String denied = authorizer.readDenied(caller, type.name(), id);
        if (denied == null && write) {
            denied = authorizer.writeDenied(caller, type.name(), id);
        }
        if (denied != null) {
            throw ScimException.forbidden(denied);
        }
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
        return ResourceTypeNames.GROUP.equals(type.name());
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
