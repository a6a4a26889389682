package io.roster.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return LoadGenerator.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpGoesToStdoutWithExitZero() {
        assertEquals(0, run(Map.of(), "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: java -jar"));
    }

    @Test
    void badArgumentsExitTwoWithErrorThenUsage() {
        assertEquals(2, run(Map.of(), "seed"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("error: seed needs --users N"), e);
        assertTrue(e.contains("usage: java -jar"), e);
    }

    @Test
    void unreachableServerExitsOneAndSaysToStartRoster() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again before use: nothing listens there
        }
        String url = "http://127.0.0.1:" + port + "/scim/v2";
        assertEquals(1, run(Map.of("ROSTER_ADMIN_TOKEN", "t"), "get-users", "--url", url));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("error: cannot reach " + url + ": start Roster first (see README)"), e);
    }
}
