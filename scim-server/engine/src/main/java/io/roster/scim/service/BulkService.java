package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.patch.PatchOperation;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreWork;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * {@code POST /Bulk} (RFC 7644 section 3.7). Operations run in dependency order: every POST's id is
 * chosen before anything runs, so {@code "bulkId:x"} references in paths and data are replaced by real
 * ids up front, and an operation runs after the operations whose bulkIds it references. References
 * that form a cycle are reported, not run. Each operation is atomic on its own; they are submitted to
 * the store's writer together, in order, so they share its group commit: a bulk of 1,000 creates costs
 * a few journal forces, not 1,000. {@code failOnErrors} ({@link FailOnErrors}) is counted inside the
 * writer, in execution order, so operations after the limit do not run and are left out of the response.
 * A POST without a {@code bulkId} fails alone (400), as the RFC requires one.
 *
 * <p>Nothing costly runs inside the writer: bodies are normalised, PATCHes applied and passwords hashed
 * beforehand, in parallel, each PUT and PATCH against its target as read then ({@link PreparedWrite}).
 * So the operations run in rounds: a round is a run of operations none of which must be prepared from
 * what an earlier one of the round stores (a second PATCH of the same user, or a PATCH of a user POSTed
 * in the same request, starts the next round, prepared once the round before is stored; PATCHes of a
 * group's members read nothing and share a round). If another request changes a target between
 * preparation and write, that operation is prepared again and the operations after it wait for it, so
 * the execution order holds whatever happens; after {@link PreparedWrite#MAX_ATTEMPTS} tries it fails
 * with 409 (412 with a {@code version}).
 */
public final class BulkService {
    public static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    private static final Logger LOG = Logger.getLogger(BulkService.class.getName());
    private static final String BULK_ID_PREFIX = "bulkId:";
    /** The most operations one Bulk request may carry (advertised as bulk.MAX_OPERATIONS). */
    public static final int MAX_OPERATIONS = 1000;

    private final SchemaRegistry registry;
    private final ResourceService service;
    private final ResourceStore store;

    public BulkService(SchemaRegistry registry, ResourceService service, ResourceStore store) {
        this.registry = registry;
        this.service = service;
        this.store = store;
    }

    /**
     * The outcome of one operation, as the BulkResponse reports it.
     *
     * @param location the resource's URL; null for a POST that failed
     * @param version  the resource's ETag after the operation, or null
     * @param error    the failure, or null on success
     */
    public record OperationResult(String method, String bulkId, String location, String version, int status, ScimException error) {
    }

    // ------------------------------------------------------------------ parsing

    private static final class Op {
        final int index;
        String method;
        String bulkId;
        String path;
        JsonObject data;
        String version;
        ResourceType type;
        String id;
        final Set<String> references = new LinkedHashSet<>();
        ScimException error;
        List<PatchOperation> patch;
        /** POST and DELETE: the work for the writer, prepared once. */
        StoreWork<ResourceSnapshot> work;
        /** PUT and PATCH: the result prepared against the target as read; null when it must be (re)prepared. */
        PreparedWrite prepared;
        int attempts;
        Outcome outcome;
        Throwable failure;

        Precondition precondition() {
            return version == null ? Precondition.NONE : new Precondition(List.of(version));
        }

        /** The resource a PUT, PATCH or DELETE (or, by its chosen id, a POST) writes. */
        String target() {
            return type == null || id == null ? null : type.name() + "/" + id;
        }

        Op(int index) {
            this.index = index;
        }
    }

    /** What the writer knows while it runs one bulk's operations; touched only by the writer thread. */
    private static final class Progress {
        final FailOnErrors failOnErrors;
        int errors;
        final Set<String> failedBulkIds = new HashSet<>();

        Progress(FailOnErrors failOnErrors) {
            this.failOnErrors = failOnErrors;
        }

        boolean stopped() {
            return failOnErrors.reached(errors);
        }
    }

    /** What became of an operation in the writer. */
    private enum Status {
        DONE,
        /** After failOnErrors was reached: not processed, not reported (RFC 7644 section 3.7.3). */
        SKIPPED,
        /** Its target changed after it was prepared: it is prepared again and runs in the next round. */
        STALE,
        /** An earlier operation of its round was stale: it did not run, and runs in the next round. */
        DEFERRED
    }

    private record Outcome(Status status, ResourceSnapshot snapshot) {
        static final Outcome SKIPPED = new Outcome(Status.SKIPPED, null);
        static final Outcome STALE = new Outcome(Status.STALE, null);
        static final Outcome DEFERRED = new Outcome(Status.DEFERRED, null);
    }

    /** One round's state in the writer: once an operation is stale, the ones after it must wait. */
    private static final class Round {
        boolean deferring;
    }

    public List<OperationResult> execute(JsonObject request, RequestContext ctx) {
        ctx.principal(); // fail closed: 401 for the whole request when nobody was authenticated
        JsonValue schemas = JsonSupport.member(request, "schemas");
        if (schemas != null && schemas.getValueType() == JsonValue.ValueType.ARRAY
                && schemas.asJsonArray().stream().noneMatch(v -> v instanceof JsonString s && s.getString().equalsIgnoreCase(BULK_REQUEST))) {
            throw ScimException.invalidSyntax("A Bulk request's \"schemas\" must be [\"" + BULK_REQUEST + "\"].");
        }
        FailOnErrors failOnErrors = FailOnErrors.of(JsonSupport.member(request, "failOnErrors"));
        JsonValue operations = JsonSupport.member(request, "Operations");
        if (operations == null || operations.getValueType() != JsonValue.ValueType.ARRAY || operations.asJsonArray().isEmpty()) {
            throw ScimException.invalidSyntax("A Bulk request needs \"Operations\": a non-empty array of {\"method\", \"path\", "
                    + "\"bulkId\", \"data\"} objects.");
        }
        int n = operations.asJsonArray().size();
        if (n > MAX_OPERATIONS) {
            throw ScimException.payloadTooLarge("This Bulk request has " + n + " operations; the maximum is " + MAX_OPERATIONS
                    + " (ServiceProviderConfig bulk.MAX_OPERATIONS). Split it into several requests.");
        }
        List<Op> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(parse(operations.asJsonArray().get(i), i));
        }
        Map<String, Op> byBulkId = assignIds(ops);
        for (Op op : ops) {
            if (op.error == null) {
                resolveReferences(op, byBulkId);
            }
        }
        List<Op> order = executionOrder(ops, byBulkId);
        run(order, failOnErrors, ctx);
        return results(ops, ctx);
    }

    private Op parse(JsonValue value, int index) {
        Op op = new Op(index);
        try {
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ScimException.invalidSyntax("Operation " + (index + 1) + " must be an object, not " + JsonSupport.describe(value) + ".");
            }
            JsonObject o = value.asJsonObject();
            op.method = string(o, "method", index);
            op.bulkId = string(o, "bulkId", index);
            op.path = string(o, "path", index);
            op.version = string(o, "version", index);
            if (op.method == null) {
                throw ScimException.invalidSyntax("Operation " + (index + 1) + " needs \"method\": POST, PUT, PATCH or DELETE.");
            }
            op.method = op.method.toUpperCase(Locale.ROOT);
            if (!Set.of("POST", "PUT", "PATCH", "DELETE").contains(op.method)) {
                throw ScimException.invalidSyntax("Operation " + (index + 1) + ": method \"" + op.method
                        + "\" is not one of POST, PUT, PATCH, DELETE.");
            }
            if (op.method.equals("POST") && (op.bulkId == null || op.bulkId.isBlank())) {
                // RFC 7644 section 3.7: bulkId is "REQUIRED when \"method\" is \"POST\"". Refused for this
                // operation alone, so that the client learns of it instead of getting an unreferenceable create.
                throw ScimException.invalidSyntax("Operation " + (index + 1) + " is a POST without a \"bulkId\"; RFC 7644 "
                        + "section 3.7 requires one on every POST (a name of your choice, unique in the request, that "
                        + "later operations can reference as \"bulkId:<name>\").");
            }
            if (op.path == null) {
                throw ScimException.invalidSyntax("Operation " + (index + 1) + " needs a \"path\" such as \"/Users\" (POST) or \"/Users/{id}\".");
            }
            JsonValue data = JsonSupport.member(o, "data");
            if (data != null && data.getValueType() == JsonValue.ValueType.OBJECT) {
                op.data = data.asJsonObject();
            } else if (!op.method.equals("DELETE")) {
                throw ScimException.invalidSyntax("Operation " + (index + 1) + " (" + op.method + ") needs \"data\": the request body as an object.");
            }
            String[] segments = op.path.replaceFirst("^/+", "").split("/");
            op.type = registry.resourceTypeByEndpoint(segments[0]);
            if (op.type == null) {
                throw ScimException.notFound("Operation " + (index + 1) + ": no resource type is served at /" + segments[0] + ".");
            }
            ReadOnlyTypes.refuseWrite(op.type); // 405 in the operation's result, as the endpoint answers
            boolean post = op.method.equals("POST");
            if (post ? segments.length != 1 : segments.length != 2 || segments[1].isBlank()) {
                throw ScimException.invalidValue("Operation " + (index + 1) + ": a " + op.method + " path is "
                        + (post ? "\"/" + segments[0] + "\"" : "\"/" + segments[0] + "/{id}\"") + ", not \"" + op.path + "\".");
            }
            op.id = post ? null : segments[1];
        } catch (ScimException e) {
            op.error = e;
        }
        return op;
    }

    private static String string(JsonObject o, String key, int index) {
        JsonValue v = JsonSupport.member(o, key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw ScimException.invalidSyntax("Operation " + (index + 1) + ": \"" + key + "\" must be a string, not " + JsonSupport.describe(v) + ".");
    }

    /** Chooses the id of every POST now, so that references to its bulkId can be resolved before anything runs. */
    private Map<String, Op> assignIds(List<Op> ops) {
        Map<String, Op> byBulkId = new HashMap<>();
        for (Op op : ops) {
            if (op.error != null || !"POST".equals(op.method)) {
                continue;
            }
            op.id = service.newId();
            if (op.bulkId != null) {
                if (byBulkId.putIfAbsent(op.bulkId, op) != null) {
                    op.error = ScimException.invalidValue("bulkId \"" + op.bulkId + "\" is used by more than one operation; "
                            + "each POST needs its own.");
                }
            }
        }
        return byBulkId;
    }

    /** Replaces "bulkId:x" in the path and anywhere in the data by the id chosen for x, noting the dependency. */
    private void resolveReferences(Op op, Map<String, Op> byBulkId) {
        try {
            if (op.id != null && op.id.startsWith(BULK_ID_PREFIX)) {
                op.id = idFor(op.id.substring(BULK_ID_PREFIX.length()), op, byBulkId);
            }
            if (op.data != null) {
                op.data = substitute(op.data, op, byBulkId).asJsonObject();
            }
        } catch (ScimException e) {
            op.error = e;
        }
    }

    private JsonValue substitute(JsonValue v, Op op, Map<String, Op> byBulkId) {
        switch (v.getValueType()) {
            case STRING -> {
                String s = ((JsonString) v).getString();
                return s.startsWith(BULK_ID_PREFIX) ? JsonSupport.string(idFor(s.substring(BULK_ID_PREFIX.length()), op, byBulkId)) : v;
            }
            case OBJECT -> {
                JsonObjectBuilder b = JsonSupport.object();
                v.asJsonObject().forEach((k, x) -> b.add(k, substitute(x, op, byBulkId)));
                return b.build();
            }
            case ARRAY -> {
                JsonArrayBuilder b = JsonSupport.array();
                v.asJsonArray().forEach(x -> b.add(substitute(x, op, byBulkId)));
                return b.build();
            }
            default -> {
                return v;
            }
        }
    }

    private static String idFor(String bulkId, Op op, Map<String, Op> byBulkId) {
        Op target = byBulkId.get(bulkId);
        if (target == null) {
            throw ScimException.invalidValue("Operation " + (op.index + 1) + " refers to bulkId \"" + bulkId
                    + "\", but no POST in this request has that bulkId.");
        }
        if (target != op) {
            op.references.add(bulkId);
        }
        return target.id;
    }

    /**
     * Operations in an order where each comes after those it references (the request's order where
     * there is a choice). Operations whose references form a cycle fail with 409 and run nothing.
     */
    private static List<Op> executionOrder(List<Op> ops, Map<String, Op> byBulkId) {
        Map<Op, List<Op>> dependents = new HashMap<>();
        Map<Op, Integer> waiting = new HashMap<>();
        for (Op op : ops) {
            waiting.put(op, 0);
        }
        markCycles(ops, byBulkId);
        for (Op op : ops) {
            if (op.error != null) {
                continue; // fails at its turn without waiting for anything
            }
            for (String ref : op.references) {
                Op dep = byBulkId.get(ref);
                dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(op);
                waiting.merge(op, 1, Integer::sum);
            }
        }
        PriorityQueue<Op> ready = new PriorityQueue<>((a, b) -> Integer.compare(a.index, b.index));
        ops.stream().filter(op -> waiting.get(op) == 0).forEach(ready::add);
        List<Op> order = new ArrayList<>(ops.size());
        while (!ready.isEmpty()) {
            Op op = ready.poll();
            order.add(op);
            for (Op d : dependents.getOrDefault(op, List.of())) {
                if (waiting.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        return order;
    }

    /** Marks every operation on a reference cycle as failed (409), naming the cycle. */
    private static void markCycles(List<Op> ops, Map<String, Op> byBulkId) {
        Map<Op, Integer> state = new HashMap<>(); // 1 on the current path, 2 done
        for (Op start : ops) {
            if (state.containsKey(start) || start.error != null) {
                continue;
            }
            Deque<Op> path = new ArrayDeque<>();
            Deque<java.util.Iterator<String>> iterators = new ArrayDeque<>();
            path.push(start);
            iterators.push(start.references.iterator());
            state.put(start, 1);
            while (!path.isEmpty()) {
                java.util.Iterator<String> it = iterators.peek();
                if (!it.hasNext()) {
                    state.put(path.pop(), 2);
                    iterators.pop();
                    continue;
                }
                Op next = byBulkId.get(it.next());
                if (next == null || next.error != null && !state.containsKey(next)) {
                    continue;
                }
                Integer s = state.get(next);
                if (s == null) {
                    state.put(next, 1);
                    path.push(next);
                    iterators.push(next.references.iterator());
                } else if (s == 1) {
                    List<Op> cycle = new ArrayList<>();
                    for (Op p : path) {
                        cycle.add(0, p);
                        if (p == next) {
                            break;
                        }
                    }
                    String names = String.join(" -> ", cycle.stream().map(o -> o.bulkId).toList()) + " -> " + next.bulkId;
                    for (Op c : cycle) {
                        if (c.error == null) {
                            c.error = ScimException.conflict("Operation " + (c.index + 1) + " is part of a circular bulkId reference ("
                                    + names + "); create these resources first and link them in a later request or operation.");
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ running

    /** Runs the operations round by round (see the class comment) until each is done, failed or skipped. */
    private void run(List<Op> order, FailOnErrors failOnErrors, RequestContext ctx) {
        Progress progress = new Progress(failOnErrors);
        int next = 0;
        while (next < order.size()) {
            int end = roundEnd(order, next);
            List<Op> round = order.subList(next, end);
            prepare(round, progress, ctx);
            submit(round, progress);
            int stale = -1;
            for (int i = 0; i < round.size() && stale < 0; i++) {
                if (round.get(i).outcome != null && round.get(i).outcome.status() == Status.STALE) {
                    stale = i;
                }
            }
            if (stale < 0) {
                next = end;
                continue;
            }
            Op op = round.get(stale);
            op.prepared = null;
            if (++op.attempts == PreparedWrite.MAX_ATTEMPTS) {
                op.error = PreparedWrite.conflict(op.type.name(), op.id, op.precondition());
            }
            next += stale;
        }
    }

    /**
     * Where the round starting at {@code start} ends: before the first PUT or PATCH that must be prepared
     * from what an earlier operation of the round stores: one whose resource an earlier operation creates,
     * or changes the attributes of. A PATCH of a group's members only reads nothing of the record, so a
     * bulk of membership PATCHes to one group stays one round.
     */
    private int roundEnd(List<Op> order, int start) {
        Set<String> created = new HashSet<>();
        Set<String> written = new HashSet<>();
        for (int i = start; i < order.size(); i++) {
            Op op = order.get(i);
            String target = op.error == null ? op.target() : null;
            if (target == null) {
                continue;
            }
            boolean membersOnly = membersOnly(op);
            if (i > start && ("PUT".equals(op.method) || "PATCH".equals(op.method))
                    && (created.contains(target) || (written.contains(target) && !membersOnly))) {
                return i;
            }
            if ("POST".equals(op.method)) {
                created.add(target);
            } else if (!membersOnly) {
                written.add(target);
            }
        }
        return order.size();
    }

    /** A PATCH whose every operation has the path {@code members}, with or without a value filter. */
    private boolean membersOnly(Op op) {
        if (!"PATCH".equals(op.method) || !ResourceTypeNames.GROUP.equals(op.type.name())) {
            return false;
        }
        if (op.patch == null) {
            try {
                op.patch = service.patchOperations(op.data);
            } catch (ScimException e) {
                op.error = e;
                return false;
            }
        }
        return op.patch.stream().allMatch(p -> p.path() != null && p.path().attribute().subAttribute() == null
                && p.path().attribute().attribute().equalsIgnoreCase("members")
                && (p.path().attribute().schemaUrn() == null || p.path().attribute().schemaUrn().equalsIgnoreCase(op.type.schema())));
    }

    /**
     * Normalises bodies, applies PATCHes and hashes passwords outside the writer, in parallel; a failure
     * here fails the operation at its turn. An operation that refers to a bulkId whose POST already failed
     * is left to fail at its turn for that reason.
     */
    private void prepare(List<Op> round, Progress progress, RequestContext ctx) {
        IntStream.range(0, round.size()).parallel().forEach(i -> {
            Op op = round.get(i);
            if (op.error != null || op.work != null || op.prepared != null
                    || op.references.stream().anyMatch(progress.failedBulkIds::contains)) {
                return;
            }
            try {
                switch (op.method) {
                    case "POST" -> op.work = service.prepareCreate(op.type, op.data, op.id, ctx);
                    case "PUT" -> op.prepared = service.prepareReplace(op.type, op.id, op.data, op.precondition(), ctx);
                    case "PATCH" -> {
                        if (op.patch == null) {
                            op.patch = service.patchOperations(op.data);
                        }
                        op.prepared = service.preparePatch(op.type, op.id, op.patch, op.precondition(), ctx);
                    }
                    default -> op.work = service.deleteWork(op.type, op.id, op.precondition(), ctx);
                }
            } catch (ScimException e) {
                op.error = e;
            }
        });
    }

    /** Submits one round to the writer, in order, and waits until every operation of it has an outcome. */
    private void submit(List<Op> round, Progress progress) {
        Round state = new Round();
        List<CompletableFuture<Outcome>> futures = new ArrayList<>(round.size());
        for (Op op : round) {
            futures.add(store.submit(w -> {
                if (progress.stopped()) {
                    return Outcome.SKIPPED;
                }
                if (state.deferring) {
                    return Outcome.DEFERRED;
                }
                try {
                    if (op.error != null) {
                        throw op.error;
                    }
                    for (String ref : op.references) {
                        if (progress.failedBulkIds.contains(ref)) {
                            throw ScimException.conflict("Operation " + (op.index + 1) + " refers to bulkId \"" + ref
                                    + "\", whose operation failed; nothing was done.");
                        }
                    }
                    if (op.prepared == null) {
                        return new Outcome(Status.DONE, op.work.apply(w));
                    }
                    PreparedWrite.Attempt attempt = op.prepared.work().apply(w);
                    if (attempt.stale()) {
                        state.deferring = true;
                        return Outcome.STALE;
                    }
                    return new Outcome(Status.DONE, attempt.snapshot());
                } catch (RuntimeException e) {
                    progress.errors++;
                    if (op.bulkId != null) {
                        progress.failedBulkIds.add(op.bulkId);
                    }
                    throw e;
                }
            }));
        }
        for (int i = 0; i < round.size(); i++) {
            Op op = round.get(i);
            try {
                op.outcome = futures.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ScimException.unavailable("The Bulk request was interrupted; some operations may have been applied. "
                        + "Check the resources before retrying.");
            } catch (ExecutionException | CompletionException e) {
                op.outcome = null;
                op.failure = e.getCause();
            }
        }
    }

    /** The BulkResponse entries, in request order. */
    private List<OperationResult> results(List<Op> ops, RequestContext ctx) {
        List<OperationResult> results = new ArrayList<>();
        for (Op op : ops) {
            String location = op.type == null || op.id == null ? null : ctx.location(op.type.endpoint(), op.id);
            if (op.failure != null) {
                ScimException error = asScimError(op.failure);
                results.add(new OperationResult(op.method, op.bulkId, "POST".equals(op.method) ? null : location, null,
                        error.status(), error));
                continue;
            }
            if (op.outcome == null || op.outcome.status() != Status.DONE) {
                continue; // after failOnErrors was reached: not processed, not reported (RFC 7644 section 3.7.3)
            }
            int status = switch (op.method) {
                case "POST" -> 201;
                case "DELETE" -> 204;
                default -> 200;
            };
            String version = op.outcome.snapshot() == null ? null : op.outcome.snapshot().etag();
            results.add(new OperationResult(op.method, op.bulkId, location, version, status, null));
        }
        service.committed(); // every operation is durable or failed: after-commit hooks may deliver
        return results;
    }

    private static ScimException asScimError(Throwable t) {
        if (t instanceof ScimException e) {
            return e;
        }
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Bulk operation failed unexpectedly (error id " + errorId + ")", t);
        return new ScimException(500, null, "The operation failed unexpectedly; the server log has the details under error id "
                + errorId + ". Nothing of this operation was applied.");
    }
}
