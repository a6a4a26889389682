package io.roster.scim.query;

/**
 * How a filter is answered: where the candidates come from, and whether they are exactly the
 * matches ({@code exact}: the filter need not be evaluated on them, and counting them needs no
 * record) or a superset to evaluate the whole filter on.
 *
 * @param needsGroups  the filter reads a User's derived {@code groups}
 * @param needsMembers the filter reads a Group's {@code members}
 */
public record QueryPlan(Candidates candidates, boolean exact, boolean needsGroups, boolean needsMembers) {

    /** Whether the candidates come from an index or lookup rather than a scan of the type. */
    public boolean usesIndex() {
        return !(candidates instanceof Candidates.All);
    }

    public String describe() {
        return candidates.describe() + (exact ? " (exact)" : " (then evaluate the filter)");
    }
}
