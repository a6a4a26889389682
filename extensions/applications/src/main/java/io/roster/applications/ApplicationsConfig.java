package io.roster.applications;

import io.roster.scim.spi.PluginConfig;

/**
 * The plugin's settings. {@code maxPerPrincipal}: the most assignments one User or Group may hold (each is
 * one entry on every user it reaches, and a user's record is read and written whole). A group of at most {@code syncLimit} members gets a change of its application
 * access inside the write that causes it; a larger one is staged as a background job taking {@code chunk}
 * members per write. The same limit decides whether the assignments of an application whose roles change
 * are walked inline or by a job.
 */
record ApplicationsConfig(int syncLimit, int chunk, int maxPerPrincipal) {
    static final ApplicationsConfig DEFAULTS = new ApplicationsConfig(2_000, 500, 500);

    static ApplicationsConfig from(PluginConfig config) {
        return new ApplicationsConfig(config.intValue("syncLimit", DEFAULTS.syncLimit, 0), config.intValue("chunk", DEFAULTS.chunk, 1),
                config.intValue("maxPerPrincipal", DEFAULTS.maxPerPrincipal, 1));
    }
}
