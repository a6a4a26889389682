package io.roster.scim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tls-cert}/{@code --tls-key} and {@code --tls-keystore}: self-signed certificates made with the
 * JDK's keytool at test time; a client trusting exactly that certificate gets answers over HTTPS, and
 * plain HTTP to the same port gets none.
 */
class TlsTest {
    private static final String TOKEN = "test-token-0123456789abcdef0123456789";
    private static final String PASSWORD = "s3cret-Keystore-pw";

    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        keytool("-genkeypair", "-alias", "roster", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keys.resolve("rsa.p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-genkeypair", "-alias", "roster", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keys.resolve("ec.p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        for (String name : List.of("rsa", "ec")) {
            keytool("-exportcert", "-rfc", "-alias", "roster", "-keystore", keys.resolve(name + ".p12").toString(),
                    "-storepass", PASSWORD, "-file", keys.resolve(name + "-cert.pem").toString());
            KeyStore store = load(keys.resolve(name + ".p12"));
            PrivateKey key = (PrivateKey) store.getKey("roster", PASSWORD.toCharArray());
            Files.writeString(keys.resolve(name + "-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        }
    }

    @Test
    void aPkcs12KeystoreServesHttpsOnlyAndThePasswordIsNeverShown() throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = capture(logged);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Config config = ConfigLoader.load(args("--tls-keystore", keys.resolve("rsa.p12").toString()),
                Map.of("ROSTER_ADMIN_TOKEN", TOKEN, "ROSTER_TLS_KEYSTORE_PASSWORD", PASSWORD));
        assertFalse(config.toString().contains(PASSWORD), config.toString());
        try (RosterServer server = RosterServer.start(config)) {
            assertTrue(server.scimRoot().toString().startsWith("https://127.0.0.1:"), server.scimRoot().toString());
            assertEquals(200, get(trusting("rsa"), server.scimRoot() + "/ServiceProviderConfig").statusCode());
            URI plain = URI.create(server.scimRoot().toString().replace("https://", "http://") + "/ServiceProviderConfig");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            IOException refused = assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(plain)
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
            assertFalse(refused instanceof HttpTimeoutException, "plain HTTP is refused, not left hanging");
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(logged.stream().anyMatch(r -> String.valueOf(r.getMessage()).startsWith("TLS certificate CN=localhost")));
        assertTrue(logged.stream().noneMatch(r -> String.valueOf(r.getMessage()).contains(PASSWORD)));
    }

    @Test
    void pemCertificateAndPkcs8KeyServeHttpsWithRsaAndEc() throws Exception {
        for (String name : List.of("rsa", "ec")) {
            Config config = ConfigLoader.load(args("--tls-cert", keys.resolve(name + "-cert.pem").toString(),
                    "--tls-key", keys.resolve(name + "-key.pem").toString(), "--data-dir", dir.resolve(name).toString()),
                    Map.of("ROSTER_ADMIN_TOKEN", TOKEN));
            try (RosterServer server = RosterServer.start(config)) {
                HttpResponse<String> response = get(trusting(name), server.scimRoot() + "/ServiceProviderConfig");
                assertEquals(200, response.statusCode(), name);
                assertTrue(response.body().contains("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"), response.body());
                HttpResponse<String> users = get(trusting(name), server.scimRoot() + "/Users", "Authorization", "Bearer " + TOKEN);
                assertEquals(200, users.statusCode(), users.body());
            }
        }
    }

    @Test
    void badFilesStopTheStartNamingTheFileAndTheProblem() throws Exception {
        Path rsaCert = keys.resolve("rsa-cert.pem");
        Path ecKey = keys.resolve("ec-key.pem");
        Path rsaKey = keys.resolve("rsa-key.pem");
        assertTrue(startFails("--tls-cert", rsaCert.toString(), "--tls-key", ecKey.toString())
                .contains("the TLS key file " + ecKey + " holds an EC key, but the certificate in " + rsaCert + " is for an RSA key"));

        Path otherKey = dir.resolve("other-key.pem");
        keytool("-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=other", "-storetype", "PKCS12",
                "-keystore", dir.resolve("other.p12").toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        PrivateKey other = (PrivateKey) load(dir.resolve("other.p12")).getKey("other", PASSWORD.toCharArray());
        Files.writeString(otherKey, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(other.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        assertEquals("the private key in the TLS key file " + otherKey + " does not belong to the certificate in the TLS certificate file "
                + rsaCert + " (the certificate's public key is another key's)",
                startFails("--tls-cert", rsaCert.toString(), "--tls-key", otherKey.toString()));

        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "hello\n");
        assertTrue(startFails("--tls-cert", garbage.toString(), "--tls-key", rsaKey.toString())
                .startsWith("the TLS certificate file " + garbage + " (--tls-cert) "));
        assertTrue(startFails("--tls-cert", rsaCert.toString(), "--tls-key", garbage.toString())
                .startsWith("the TLS key file " + garbage + " (--tls-key) holds no PEM private key"));
        Path pkcs1 = dir.resolve("pkcs1.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertTrue(startFails("--tls-cert", rsaCert.toString(), "--tls-key", pkcs1.toString())
                .contains("openssl pkcs8 -topk8 -nocrypt -in " + pkcs1));
        Path missing = dir.resolve("missing.pem");
        assertTrue(startFails("--tls-cert", missing.toString(), "--tls-key", rsaKey.toString())
                .startsWith("cannot read the TLS certificate file " + missing));

        Path keystore = keys.resolve("rsa.p12");
        String wrong = startFails(Map.of("ROSTER_TLS_KEYSTORE_PASSWORD", "wrong-pw"), "--tls-keystore", keystore.toString());
        assertTrue(wrong.startsWith("the TLS keystore " + keystore + " (--tls-keystore) cannot be opened with the password given"), wrong);
        assertFalse(wrong.contains("wrong-pw"), wrong);
        assertTrue(startFails(Map.of(), "--tls-keystore", garbage.toString()).startsWith("the TLS keystore " + garbage));
        assertFalse(Files.exists(dir.resolve("data")), "the store is not opened when TLS is unusable");
    }

    @Test
    void tlsOptionsMustBeGivenInWholes() {
        for (String[] args : List.of(new String[] {"--tls-cert", "c.pem"}, new String[] {"--tls-key", "k.pem"},
                new String[] {"--tls-keystore", "k.p12", "--tls-cert", "c.pem", "--tls-key", "k.pem"},
                new String[] {"--tls-keystore-password", "x"})) {
            assertThrows(ConfigLoader.ConfigException.class, () -> ConfigLoader.load(args, Map.of()), String.join(" ", args));
        }
        String usage = ConfigLoader.usage();
        assertTrue(usage.contains("--tls-keystore-password") && usage.contains("ROSTER_TLS_KEYSTORE_PASSWORD"), usage);
    }

    private String startFails(String... extra) {
        return startFails(Map.of(), extra);
    }

    private String startFails(Map<String, String> env, String... extra) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RosterServer.start(ConfigLoader.load(args(extra), env)).close());
        return e.getMessage();
    }

    private String[] args(String... extra) {
        List<String> all = new ArrayList<>(List.of("--port", "0", "--host", "127.0.0.1", "--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    private static HttpResponse<String> get(HttpClient client, String uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client that trusts exactly the certificate in {@code <name>-cert.pem}. */
    private static HttpClient trusting(String name) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(keys.resolve(name + "-cert.pem"))) {
            Certificate cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("roster", cert);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finishes");
        assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args) + ": " + out);
    }

    private static Handler capture(List<LogRecord> into) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (into) {
                    into.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
