package io.roster.scim.query;

import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexRange;
import io.roster.scim.store.StoreReader;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a query finds the resources that may match: every resource of the type, a range of an index,
 * ids looked up directly (an id, a membership), or unions and intersections of those.
 */
public sealed interface Candidates {

    /** Text for logs and tests: "scan", "index User.userName prefix ...", "intersect(...)". */
    String describe();

    /** Every resource of the type, in creation order: a scan. */
    record All() implements Candidates {
        @Override
        public String describe() {
            return "scan";
        }
    }

    /** Nothing can match (an unknown attribute). */
    record None() implements Candidates {
        @Override
        public String describe() {
            return "none";
        }
    }

    /** The resources with an entry of {@code index} within {@code range} (normalised values). */
    record Range(IndexDefinition index, IndexRange range) implements Candidates {
        @Override
        public String describe() {
            return "index " + index.type() + "." + index.name() + " " + range;
        }
    }

    /** Ids found by a direct lookup, such as {@code id eq} or the member-to-groups index; null when there are too many to hold (scan instead). */
    record Lookup(String what, Function<StoreReader, Collection<String>> lookup) implements Candidates {
        @Override
        public String describe() {
            return what;
        }
    }

    record Union(List<Candidates> parts) implements Candidates {
        @Override
        public String describe() {
            return "union(" + parts.stream().map(Candidates::describe).collect(Collectors.joining(", ")) + ")";
        }
    }

    record Intersection(List<Candidates> parts) implements Candidates {
        @Override
        public String describe() {
            return "intersect(" + parts.stream().map(Candidates::describe).collect(Collectors.joining(", ")) + ")";
        }
    }
}
