package io.roster.conformance;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.DecoderConfig;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
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
 * The SCIM server under test. With {@code -Dscim.baseUrl=https://host/scim/v2 -Dscim.token=...} the kit
 * targets that server; otherwise one embedded Roster is started per JVM, lazily, on a random port with a
 * fresh data directory and a random token, and stopped by a shutdown hook.
 *
 * <p>Thread-safe: test classes may run in parallel and in any order. Nothing here touches REST-assured's
 * static configuration; every call builds its own specification.
 */
public final class ScimTarget {
    public static final String BASE_URL_PROPERTY = "scim.baseUrl";
    public static final String TOKEN_PROPERTY = "scim.token";
    public static final String SCIM_JSON = "application/scim+json";

    private static volatile ScimTarget instance;

    private final URI scimRoot;
    private final String token;
    private final boolean embedded;

    private ScimTarget(URI scimRoot, String token, boolean embedded) {
        this.scimRoot = scimRoot;
        this.token = token;
        this.embedded = embedded;
    }

    /** The target for this JVM, starting the embedded server on first use when no external one is configured. */
    public static ScimTarget get() {
        ScimTarget t = instance;
        if (t == null) {
            synchronized (ScimTarget.class) {
                t = instance;
                if (t == null) {
                    t = resolve();
                    instance = t;
                }
            }
        }
        return t;
    }

    private static ScimTarget resolve() {
        String external = System.getProperty(BASE_URL_PROPERTY);
        if (external != null && !external.isBlank()) {
            String token = System.getProperty(TOKEN_PROPERTY, "");
            return new ScimTarget(URI.create(external.trim().replaceAll("/+$", "")), token, false);
        }
        return startEmbedded();
    }

    private static ScimTarget startEmbedded() {
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

    /** The SCIM root, e.g. http://127.0.0.1:PORT/scim/v2, without a trailing slash. */
    public URI scimRoot() {
        return scimRoot;
    }

    /** scheme://host:port of the server, without any path. */
    public URI serverRoot() {
        return URI.create(scimRoot.getScheme() + "://" + scimRoot.getRawAuthority());
    }

    public String token() {
        return token;
    }

    public boolean isEmbedded() {
        return embedded;
    }

    /** Authenticated requests relative to the SCIM root, sending application/scim+json. */
    public RequestSpecification spec() {
        return builder(scimRoot).addHeader("Authorization", "Bearer " + token).build();
    }

    /** Requests relative to the SCIM root without any Authorization header. */
    public RequestSpecification anonymousSpec() {
        return builder(scimRoot).build();
    }

    /** Authenticated requests relative to the server root (outside the SCIM root). */
    public RequestSpecification serverRootSpec() {
        return builder(serverRoot()).addHeader("Authorization", "Bearer " + token).build();
    }

    private static RequestSpecBuilder builder(URI base) {
        RestAssuredConfig config = RestAssuredConfig.config()
                // Send exactly "Content-Type: application/scim+json", bodies in UTF-8, as Entra and Okta do.
                .encoderConfig(EncoderConfig.encoderConfig()
                        .defaultContentCharset("UTF-8")
                        .defaultCharsetForContentType("UTF-8", SCIM_JSON)
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false))
                .decoderConfig(DecoderConfig.decoderConfig()
                        .defaultContentCharset("UTF-8")
                        .defaultCharsetForContentType("UTF-8", SCIM_JSON));
        int port = base.getPort();
        RequestSpecBuilder b = new RequestSpecBuilder()
                .setConfig(config)
                .setBaseUri(base.getScheme() + "://" + base.getHost())
                .setBasePath(base.getRawPath() == null ? "" : base.getRawPath())
                .setContentType(SCIM_JSON)
                .setAccept(SCIM_JSON);
        if (port > 0) {
            b.setPort(port);
        } else {
            b.setPort("https".equalsIgnoreCase(base.getScheme()) ? 443 : 80);
        }
        return b;
    }
}
