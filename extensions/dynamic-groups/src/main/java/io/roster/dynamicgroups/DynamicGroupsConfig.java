package io.roster.dynamicgroups;

import io.roster.scim.spi.PluginConfig;

/**
 * The dynamic-groups plugin's settings ({@code -Droster.dynamic-groups.<name>=...}).
 *
 * @param stageThreshold a rule change that would add or remove more members than this is staged as a
 *                       background job (README, Dynamic groups); smaller ones are done in the rule's write
 * @param chunk          users (members, then matching users) walked per background write
 */
record DynamicGroupsConfig(int stageThreshold, int chunk) {
    static final DynamicGroupsConfig DEFAULTS = new DynamicGroupsConfig(1_000, 500);

    static DynamicGroupsConfig from(PluginConfig config) {
        return new DynamicGroupsConfig(config.intValue("stageThreshold", DEFAULTS.stageThreshold, 0),
                config.intValue("chunk", DEFAULTS.chunk, 1));
    }
}
