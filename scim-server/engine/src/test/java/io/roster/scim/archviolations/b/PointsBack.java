package io.roster.scim.archviolations.b;

import io.roster.scim.archviolations.a.UsesEverything;

/** The other half of the cycle {@link UsesEverything} starts. */
public final class PointsBack {
    public UsesEverything forth;
}
