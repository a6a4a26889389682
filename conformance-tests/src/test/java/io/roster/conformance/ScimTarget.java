package io.roster.conformance;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.DecoderConfig;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import io.roster.conformance.kit.Exchanges;
import java.net.URI;

/**
 * The SCIM server under test. With {@code -Dscim.baseUrl=https://host/scim/v2 -Dscim.token=...} the kit
 * targets that server; otherwise one embedded Roster is started per JVM, lazily, on a random port with a
 * fresh data directory and a random token, and stopped by a shutdown hook ({@link EmbeddedRoster}, the only
 * class of the kit that needs Roster on the classpath). The standalone runner and the kit's own tests
 * point the kit at another server for one run with {@link #use}.
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

    ScimTarget(URI scimRoot, String token, boolean embedded) {
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
            return external(external, System.getProperty(TOKEN_PROPERTY, ""));
        }
        return EmbeddedRoster.start();
    }

    /** An external server at this SCIM root; a blank token sends no Authorization header. */
    public static ScimTarget external(String scimRoot, String token) {
        return new ScimTarget(URI.create(scimRoot.trim().replaceAll("/+$", "")), token == null ? "" : token, false);
    }

    /**
     * Makes this the target of the JVM until the returned handle is closed, which restores the previous
     * one. Used by the standalone runner and by the kit's own tests; never while other kit tests run.
     */
    public static AutoCloseable use(ScimTarget target) {
        ScimTarget previous;
        synchronized (ScimTarget.class) {
            previous = instance;
            instance = target;
        }
        return () -> {
            synchronized (ScimTarget.class) {
                instance = previous;
            }
        };
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
        return authorized(builder(scimRoot)).build();
    }

    /** Requests relative to the SCIM root without any Authorization header. */
    public RequestSpecification anonymousSpec() {
        return builder(scimRoot).build();
    }

    /** Authenticated requests relative to the server root (outside the SCIM root). */
    public RequestSpecification serverRootSpec() {
        return authorized(builder(serverRoot())).build();
    }

    /** Whether requests carry a bearer token (the standalone runner's --no-auth sends none). */
    public boolean hasToken() {
        return !token.isBlank();
    }

    private RequestSpecBuilder authorized(RequestSpecBuilder b) {
        return hasToken() ? b.addHeader("Authorization", "Bearer " + token) : b;
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
                .setAccept(SCIM_JSON)
                // the report shows the exchanges of a failed test
                .addFilter(Exchanges.FILTER);
        if (port > 0) {
            b.setPort(port);
        } else {
            b.setPort("https".equalsIgnoreCase(base.getScheme()) ? 443 : 80);
        }
        return b;
    }
}
