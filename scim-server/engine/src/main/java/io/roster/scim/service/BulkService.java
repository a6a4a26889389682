package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.store.ResourceStore;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * {@code POST /Bulk} (RFC 7644 section 3.7). Operations run in the dependency order {@link BulkPlan}
 * works out (every POST's id chosen and {@code "bulkId:x"} references replaced up front). Each operation is atomic on its own; they are submitted to
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
        BulkPlan.Orders orders = new BulkPlan(registry, service::newId).read(operations.asJsonArray());
        run(orders.executionOrder(), failOnErrors, ctx);
        return results(orders.requestOrder(), ctx);
    }

    /** Runs the operations round by round (see the class comment) until each is done, failed or skipped. */
    private void run(List<BulkOperation> order, FailOnErrors failOnErrors, RequestContext ctx) {
        Progress progress = new Progress(failOnErrors);
        int next = 0;
        while (next < order.size()) {
            int end = roundEnd(order, next);
            List<BulkOperation> round = order.subList(next, end);
            prepare(round, progress, ctx);
            submit(round, progress);
            int stale = -1;
            for (int i = 0; i < round.size() && stale < 0; i++) {
                if (round.get(i).outcome != null && round.get(i).outcome.status() == BulkOperation.Status.STALE) {
                    stale = i;
                }
            }
            if (stale < 0) {
                next = end;
                continue;
            }
            BulkOperation op = round.get(stale);
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
    private int roundEnd(List<BulkOperation> order, int start) {
        Set<String> created = new HashSet<>();
        Set<String> written = new HashSet<>();
        for (int i = start; i < order.size(); i++) {
            BulkOperation op = order.get(i);
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
    private boolean membersOnly(BulkOperation op) {
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
    private void prepare(List<BulkOperation> round, Progress progress, RequestContext ctx) {
        IntStream.range(0, round.size()).parallel().forEach(i -> {
            BulkOperation op = round.get(i);
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
    private void submit(List<BulkOperation> round, Progress progress) {
        Round state = new Round();
        List<CompletableFuture<BulkOperation.Outcome>> futures = new ArrayList<>(round.size());
        for (BulkOperation op : round) {
            futures.add(store.submit(w -> {
                if (progress.stopped()) {
                    return BulkOperation.Outcome.SKIPPED;
                }
                if (state.deferring) {
                    return BulkOperation.Outcome.DEFERRED;
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
                        return new BulkOperation.Outcome(BulkOperation.Status.DONE, op.work.apply(w));
                    }
                    PreparedWrite.Attempt attempt = op.prepared.work().apply(w);
                    if (attempt.stale()) {
                        state.deferring = true;
                        return BulkOperation.Outcome.STALE;
                    }
                    return new BulkOperation.Outcome(BulkOperation.Status.DONE, attempt.snapshot());
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
            BulkOperation op = round.get(i);
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
    private List<OperationResult> results(List<BulkOperation> ops, RequestContext ctx) {
        List<OperationResult> results = new ArrayList<>();
        for (BulkOperation op : ops) {
            String location = op.type == null || op.id == null ? null : ctx.location(op.type.endpoint(), op.id);
            if (op.failure != null) {
                ScimException error = asScimError(op.failure);
                results.add(new OperationResult(op.method, op.bulkId, "POST".equals(op.method) ? null : location, null,
                        error.status(), error));
                continue;
            }
            if (op.outcome == null || op.outcome.status() != BulkOperation.Status.DONE) {
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
