package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A Bulk request's operations read and put in order before anything runs (RFC 7644 section 3.7): each
 * operation parsed on its own (a malformed one fails alone), every POST's id chosen up front so that
 * {@code "bulkId:x"} references in paths and data become real ids, and an execution order in which each
 * operation comes after those it references (the request's order where there is a choice); operations
 * whose references form a cycle fail with 409 and run nothing (RFC 7644 section 3.7.1).
 */
final class BulkPlan {
    private static final String BULK_ID_PREFIX = "bulkId:";

    private final SchemaRegistry registry;
    private final Supplier<String> newId;

    BulkPlan(SchemaRegistry registry, Supplier<String> newId) {
        this.registry = registry;
        this.newId = newId;
    }

    /**
     * The operations in request order (as the response lists them) and in execution order.
     */
    record Orders(List<BulkOperation> requestOrder, List<BulkOperation> executionOrder) {
    }

    /** Reads the (already counted) operations: parsed, ids chosen, references resolved, ordered. */
    Orders read(JsonArray operations) {
        List<BulkOperation> ops = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            ops.add(parse(operations.get(i), i));
        }
        Map<String, BulkOperation> byBulkId = assignIds(ops);
        for (BulkOperation op : ops) {
            if (op.error == null) {
                resolveReferences(op, byBulkId);
            }
        }
        return new Orders(ops, executionOrder(ops, byBulkId));
    }

    private BulkOperation parse(JsonValue value, int index) {
        BulkOperation op = new BulkOperation(index);
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
    private Map<String, BulkOperation> assignIds(List<BulkOperation> ops) {
        Map<String, BulkOperation> byBulkId = new HashMap<>();
        for (BulkOperation op : ops) {
            if (op.error != null || !"POST".equals(op.method)) {
                continue;
            }
            op.id = newId.get();
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
    private void resolveReferences(BulkOperation op, Map<String, BulkOperation> byBulkId) {
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

    private JsonValue substitute(JsonValue v, BulkOperation op, Map<String, BulkOperation> byBulkId) {
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

    private static String idFor(String bulkId, BulkOperation op, Map<String, BulkOperation> byBulkId) {
        BulkOperation target = byBulkId.get(bulkId);
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
    private static List<BulkOperation> executionOrder(List<BulkOperation> ops, Map<String, BulkOperation> byBulkId) {
        Map<BulkOperation, List<BulkOperation>> dependents = new HashMap<>();
        Map<BulkOperation, Integer> waiting = new HashMap<>();
        for (BulkOperation op : ops) {
            waiting.put(op, 0);
        }
        markCycles(ops, byBulkId);
        for (BulkOperation op : ops) {
            if (op.error != null) {
                continue; // fails at its turn without waiting for anything
            }
            for (String ref : op.references) {
                BulkOperation dep = byBulkId.get(ref);
                dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(op);
                waiting.merge(op, 1, Integer::sum);
            }
        }
        PriorityQueue<BulkOperation> ready = new PriorityQueue<>((a, b) -> Integer.compare(a.index, b.index));
        ops.stream().filter(op -> waiting.get(op) == 0).forEach(ready::add);
        List<BulkOperation> order = new ArrayList<>(ops.size());
        while (!ready.isEmpty()) {
            BulkOperation op = ready.poll();
            order.add(op);
            for (BulkOperation d : dependents.getOrDefault(op, List.of())) {
                if (waiting.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        return order;
    }

    /** Marks every operation on a reference cycle as failed (409), naming the cycle. */
    private static void markCycles(List<BulkOperation> ops, Map<String, BulkOperation> byBulkId) {
        Map<BulkOperation, Integer> state = new HashMap<>(); // 1 on the current path, 2 done
        for (BulkOperation start : ops) {
            if (state.containsKey(start) || start.error != null) {
                continue;
            }
            Deque<BulkOperation> path = new ArrayDeque<>();
            Deque<Iterator<String>> iterators = new ArrayDeque<>();
            path.push(start);
            iterators.push(start.references.iterator());
            state.put(start, 1);
            while (!path.isEmpty()) {
                Iterator<String> it = iterators.peek();
                if (!it.hasNext()) {
                    state.put(path.pop(), 2);
                    iterators.pop();
                    continue;
                }
                BulkOperation next = byBulkId.get(it.next());
                if (next == null || next.error != null && !state.containsKey(next)) {
                    continue;
                }
                Integer s = state.get(next);
                if (s == null) {
                    state.put(next, 1);
                    path.push(next);
                    iterators.push(next.references.iterator());
                } else if (s == 1) {
                    List<BulkOperation> cycle = new ArrayList<>();
                    for (BulkOperation p : path) {
                        cycle.add(0, p);
                        if (p == next) {
                            break;
                        }
                    }
                    String names = String.join(" -> ", cycle.stream().map(o -> o.bulkId).toList()) + " -> " + next.bulkId;
                    for (BulkOperation c : cycle) {
                        if (c.error == null) {
                            c.error = ScimException.conflict("Operation " + (c.index + 1) + " is part of a circular bulkId reference ("
                                    + names + "); create these resources first and link them in a later request or operation.");
                        }
                    }
                }
            }
        }
    }
}
