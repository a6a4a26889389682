package io.roster.conformance;

import io.roster.scim.app.Config;
import io.roster.scim.app.RosterServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The embedded Roster the kit runs against when no external server is named: one per JVM, on a random
 * port with a fresh data directory and a random token, stopped by a shutdown hook. The only kit class that
 * needs Roster itself: the standalone runner never loads it.
 */
final class EmbeddedRoster {
    private EmbeddedRoster() {
    }

    static ScimTarget start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("roster-conformance-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = "ct_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        RosterServer server = RosterServer.start(Config.embedded(dataDir, 0, token));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                deleteRecursively(dataDir);
            }
        }, "roster-conformance-shutdown"));
        return new ScimTarget(URI.create(server.scimRoot().toString().replaceAll("/+$", "")), token, true);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort at JVM exit
                }
            });
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
