package io.roster.scim.patch;

import jakarta.json.JsonValue;
import java.util.Locale;

/**
 * One entry of a PatchOp request's {@code Operations} (RFC 7644 section 3.5.2).
 *
 * @param op    what to do
 * @param path  the target, or null for the whole resource
 * @param value the value (null when absent, which only {@code remove} allows; JSON null only for {@code replace})
 * @param index the 1-based position in the request, for error details
 */
public record PatchOperation(Op op, PatchPath path, JsonValue value, int index) {

    public enum Op {
        ADD, REMOVE, REPLACE;

        private final String keyword = name().toLowerCase(Locale.ROOT);

        /**
         * The op RFC 7644 section 3.5.2 names: "add", "remove" or "replace", exactly; null for anything else.
         * Entra's "Add", "Replace" and "Remove" are read through its named quirk, {@link EntraCapitalisedOps}.
         */
        static Op parse(String name) {
            return switch (name) {
                case "add" -> ADD;
                case "remove" -> REMOVE;
                case "replace" -> REPLACE;
                default -> null;
            };
        }

        /** The lower-case name, as RFC 7644 section 3.5.2 spells it ("add"). */
        public String keyword() {
            return keyword;
        }
    }

    /** "operation 2 (replace emails[type eq "work"].value)", for error details. */
    public String describe() {
        return "operation " + index + " (" + op.keyword() + (path == null ? " without a path" : " " + path) + ")";
    }

    public PatchOperation withValue(JsonValue newValue) {
        return new PatchOperation(op, path, newValue, index);
    }
}
