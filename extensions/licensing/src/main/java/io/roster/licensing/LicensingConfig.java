package io.roster.licensing;

import io.roster.scim.spi.PluginConfig;

/**
 * The licensing plugin's settings ({@code --plugin licensing.<name>=...}, {@code ROSTER_PLUGINS} or
 * {@code plugin.licensing.<name>} in the config file).
 *
 * @param syncLimit groups with more members than this are processed in the background (README, Licensing)
 * @param chunk     members per background write
 */
record LicensingConfig(int syncLimit, int chunk) {
    static final LicensingConfig DEFAULTS = new LicensingConfig(2_000, 250);

    static LicensingConfig from(PluginConfig config) {
        return new LicensingConfig(config.intValue("syncLimit", DEFAULTS.syncLimit, 0), config.intValue("chunk", DEFAULTS.chunk, 1));
    }
}
