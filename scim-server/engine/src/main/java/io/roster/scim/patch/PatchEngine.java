package io.roster.scim.patch;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.Mutability;
import io.roster.scim.schema.MutabilityRules;
import io.roster.scim.schema.ResourceNormalizer;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * Applies PATCH operations (RFC 7644 section 3.5.2) to a stored resource's attributes. The result is
 * the whole new attribute set, which the caller still passes through {@link ResourceNormalizer#forPatch} (types,
 * immutability, required attributes) before storing it, plus the membership changes, which never touch
 * the group's record. Nothing is written here: a failing operation leaves the stored resource as it was.
 *
 * <p>This class runs the operations in order and dispatches each one; the work is done by:
 * <ul>
 *   <li>{@link PatchTargets}: what a path, a bare extension URN or a path-less value's key targets;</li>
 *   <li>{@link AttributeEdits}: add, replace and remove on the working copy;</li>
 *   <li>{@link MemberPatch}: a Group's {@code members}, as {@link MemberChange}s;</li>
 *   <li>{@link ClientQuirks}: the client shapes rewritten into RFC ones before an operation runs.</li>
 * </ul>
 *
 * <p>Cost: the operations work on a {@link WorkingResource} built once from the stored attributes and
 * turned into JSON once at the end; multi-valued attributes find equal values through a hash index
 * ({@link MultiValue}), so a PATCH costs in proportion to its operations plus the values it touches.
 * Only a value filter, or a sub-attribute path without one, looks at every value of its attribute.
 *
 * <p>Without a path the value is an object whose keys are the targets (attribute paths or extension
 * URNs), each key one operation. A bare extension URN as the path addresses the extension as one
 * complex attribute. Setting a value to null unassigns it under remove's rules. readOnly targets, and
 * removing a required attribute or a set immutable one, are 400 mutability.
 */
public final class PatchEngine {
    private final SchemaRegistry registry;
    private final ResourceNormalizer normalizer;
    private final ClientQuirks quirks;

    public PatchEngine(SchemaRegistry registry, ResourceNormalizer normalizer, ClientQuirks quirks) {
        this.registry = registry;
        this.normalizer = normalizer;
        this.quirks = quirks;
    }

    /**
     * @param attributes        the new attributes (not yet normalised)
     * @param attributesTouched whether any operation targeted the record (false: only membership changed)
     * @param memberChanges     membership changes in request order
     */
    public record Result(JsonObject attributes, boolean attributesTouched, List<MemberChange> memberChanges) {
    }

    /**
     * @param membersInIndex true for Groups, whose {@code members} are index entries handed back as
     *                       {@link MemberChange}s rather than edited in the record
     */
    public Result apply(ResourceType type, String id, JsonObject stored, List<PatchOperation> operations, boolean membersInIndex) {
        Run run = new Run(type, id, stored, membersInIndex);
        for (PatchOperation op : operations) {
            try {
                run.operation(quirks.operation(EngineOperation.of(op), run.context));
            } catch (ScimException e) {
                if (e.detail() != null && e.detail().startsWith("Operation ")) {
                    throw e;
                }
                throw new ScimException(e.status(), e.scimType(), "Operation " + op.index() + " (" + op.op().keyword()
                        + (op.path() == null ? "" : " " + op.path()) + "): " + e.detail());
            }
        }
        return new Result(run.values.build(), run.touched, run.members.changes());
    }

    /** One request's operations against one resource. */
    private final class Run {
        private final String id;
        private final boolean membersInIndex;
        private final WorkingResource values;
        private final PatchTargets targets;
        private final AttributeEdits edits;
        private final MemberPatch members = new MemberPatch();
        private final PatchContext context;
        private boolean touched;

        Run(ResourceType type, String id, JsonObject stored, boolean membersInIndex) {
            this.id = id;
            this.context = new PatchContext(type, id, new AttributeResolver(registry));
            this.membersInIndex = membersInIndex;
            this.values = new WorkingResource(registry, stored);
            this.targets = new PatchTargets(registry, type);
            this.edits = new AttributeEdits(values, normalizer, targets);
        }

        void operation(EngineOperation op) {
            if (op.path() != null) {
                Schema extension = targets.extensionNamed(op.path());
                if (extension != null) {
                    extension(op.op(), extension, op.value());
                } else {
                    // Remove has no value in RFC 7644 section 3.5.2.2; "only" is what a client quirk made of one.
                    JsonValue given = op.op() == PatchOperation.Op.REMOVE ? op.only() : op.value();
                    apply(op.op(), targets.target(op.path()), given, op.createWhenNoMatch());
                }
                return;
            }
            // No path: the value's keys are the targets (RFC 7644 section 3.5.2.1 and 3.5.2.3).
            for (Map.Entry<String, JsonValue> e : op.value().asJsonObject().entrySet()) {
                String key = e.getKey();
                if (key.equalsIgnoreCase("schemas")) {
                    continue;
                }
                if (key.equalsIgnoreCase("id")) {
                    // readOnly (RFC 7643 section 3.1); Okta's repetition of the resource's own id is dropped by OktaOwnIdInValue.
                    throw ScimException.mutability("'id' is readOnly: the value carries \"id\": " + JsonSupport.toText(e.getValue())
                            + ", but this resource's id is \"" + id + "\".");
                }
                Schema schema = registry.schema(key);
                if (schema != null && e.getValue().getValueType() == JsonValue.ValueType.OBJECT) {
                    for (Map.Entry<String, JsonValue> inner : e.getValue().asJsonObject().entrySet()) {
                        PatchTarget t = targets.keyTarget(schema.id(), inner.getKey());
                        if (t != null) {
                            apply(op.op(), t, inner.getValue(), false);
                        }
                    }
                    continue;
                }
                PatchTarget t = targets.keyTarget(null, key);
                if (t != null) {
                    apply(op.op(), t, e.getValue(), false);
                }
            }
        }

        /**
         * An extension addressed as one complex attribute (RFC 7644 section 3.5.2): add and replace set the
         * attributes the value gives and leave the others as they are, exactly as a path-less value keyed by
         * the URN does (readOnly and unknown ones are ignored); remove, or a null value, unassigns every
         * attribute a client may write, under remove's rules (required and set immutable ones are
         * mutability). The server's readOnly attributes stay.
         */
        private void extension(PatchOperation.Op op, Schema schema, JsonValue value) {
            if (op == PatchOperation.Op.REMOVE || value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                for (AttributeDefinition def : schema.attributes()) {
                    if (def.mutability() != Mutability.READ_ONLY) {
                        apply(PatchOperation.Op.REMOVE, targets.whole(schema, def), null, false);
                    }
                }
                return;
            }
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ScimException.invalidValue("The path names the extension " + schema.id() + ", so the value must be an object of"
                        + " its attributes (" + String.join(", ", schema.attributes().stream().map(AttributeDefinition::name).toList())
                        + "), not " + JsonSupport.describe(value) + ".");
            }
            for (Map.Entry<String, JsonValue> inner : value.asJsonObject().entrySet()) {
                PatchTarget t = targets.keyTarget(schema.id(), inner.getKey());
                if (t != null) {
                    apply(op, t, inner.getValue(), false);
                }
            }
        }

        /**
         * @param given             the value of add and replace; for remove, the values to remove only (null: the target)
         * @param createWhenNoMatch whether a replace's value filter matching nothing creates the value
         */
        private void apply(PatchOperation.Op requested, PatchTarget t, JsonValue given, boolean createWhenNoMatch) {
            AttributeDefinition def = t.def();
            PatchOperation.Op op = requested;
            JsonValue rawValue = given;
            if (op != PatchOperation.Op.REMOVE && (given == null || given.getValueType() == JsonValue.ValueType.NULL)) {
                // Setting null unassigns (RFC 7643 section 2.5), under remove's rules (required, immutable).
                op = PatchOperation.Op.REMOVE;
                rawValue = null;
            }
            MutabilityRules.checkWritable(def, t.sub(), t::name, requested.keyword());
            JsonValue value = rawValue == null ? null : quirks.value(t.attribute(), t.sub() == null ? null : t.sub().name(), rawValue);
            if (membersInIndex && !t.attribute().extension() && def.name().equals("members")) {
                members.apply(op, t, value);
                return;
            }
            touched = true;
            switch (op) {
                case ADD -> edits.add(t, value, false, true);
                case REPLACE -> edits.add(t, value, true, createWhenNoMatch);
                case REMOVE -> edits.remove(t, value);
            }
        }
    }
}
