package io.roster.scim.app;

import io.roster.scim.service.ServiceSettings;
import java.nio.file.Path;

/**
 * The server's configuration, resolved. {@code adminToken} comes only from the environment
 * (ROSTER_ADMIN_TOKEN): a token on the command line would show in process listings.
 */
public record Config(int port, String host, Path dataDir, String baseUrl, long maxPayloadSize,
                     ServiceSettings settings, int httpThreads, String adminToken) {

    /** Defaults with the given data directory and port, for embedding (tests). */
    public static Config embedded(Path dataDir, int port, String adminToken) {
        return new Config(port, "127.0.0.1", dataDir, null, Long.parseLong(Option.MAX_PAYLOAD_SIZE.defaultValue()),
                ServiceSettings.defaults(), 64, adminToken);
    }

    public Config withSettings(ServiceSettings newSettings) {
        return new Config(port, host, dataDir, baseUrl, maxPayloadSize, newSettings, httpThreads, adminToken);
    }
}
