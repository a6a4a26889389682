package io.roster.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static final Map<String, String> ENV = Map.of("ROSTER_ADMIN_TOKEN", "env-token");

    private static Options parse(String... args) throws UsageException {
        return Options.parse(args, ENV);
    }

    private static String error(Map<String, String> env, String... args) {
        return assertThrows(UsageException.class, () -> Options.parse(args, env)).getMessage();
    }

    private static String error(String... args) {
        return error(ENV, args);
    }

    @Test
    void defaults() throws UsageException {
        Options o = parse("get-users");
        assertEquals(new Options(Scenario.GET_USERS, "http://localhost:8080/scim/v2", "env-token", 16,
                Duration.ofSeconds(30), Duration.ofSeconds(5), 0, "load", false, 10, 1000, 80), o);
    }

    @Test
    void everyOptionBothSpellings() throws UsageException {
        Options o = parse("--url", "https://scim.test:8443/scim/v2/", "mixed", "--token=t0k", "--clients", "4",
                "--duration=2m", "--warmup", "0s", "--users=500", "--prefix", "bench.x_1", "--json",
                "--group-size", "100000", "--batch=500", "--slow-connections", "12");
        assertEquals(new Options(Scenario.MIXED, "https://scim.test:8443/scim/v2", "t0k", 4,
                Duration.ofMinutes(2), Duration.ZERO, 500, "bench.x_1", true, 100000, 500, 12), o);
    }

    @Test
    void durations() throws UsageException {
        assertEquals(Duration.ofSeconds(30), Options.parseDuration("--d", "30s"));
        assertEquals(Duration.ofMinutes(2), Options.parseDuration("--d", "2m"));
        assertEquals(Duration.ofHours(1), Options.parseDuration("--d", "1H"));
        assertEquals(Duration.ofMillis(500), Options.parseDuration("--d", "500ms"));
        assertEquals(Duration.ofSeconds(45), Options.parseDuration("--d", "45"));
        for (String bad : new String[] {"", "s", "-5s", "1.5s", "2 minutes", "10d", "99999999999999999999s"}) {
            assertThrows(UsageException.class, () -> Options.parseDuration("--d", bad), bad);
        }
    }

    @Test
    void scenarioErrors() {
        assertTrue(error().contains("missing scenario"));
        assertTrue(error("--clients", "2").contains("missing scenario"));
        String unknown = error("get-user");
        assertTrue(unknown.contains("unknown scenario 'get-user'"), unknown);
        assertTrue(unknown.contains("seed, create-users, get-users, filter-username, mixed"), unknown);
        assertTrue(error("get-users", "mixed").contains("unexpected argument 'mixed'"));
    }

    @Test
    void seedNeedsUsers() throws UsageException {
        assertTrue(error("seed").contains("seed needs --users N"));
        assertEquals(100_000, parse("seed", "--users", "100000").users());
    }

    @Test
    void tokenFromFlagOrEnvOrNoneForServersWithoutAuthentication() throws UsageException {
        assertEquals("flag", Options.parse(new String[] {"get-users", "--token", "flag"}, Map.of()).token());
        assertEquals("env-token", Options.parse(new String[] {"get-users"}, ENV).token());
        assertNull(Options.parse(new String[] {"get-users"}, Map.of()).token(), "no token: no Authorization header");
        assertNull(Options.parse(new String[] {"get-users"}, Map.of("ROSTER_ADMIN_TOKEN", " ")).token());
        assertNull(Options.parse(new String[] {"get-users", "--token", ""}, ENV).token(), "--token '' turns the env one off");
    }

    @Test
    void valueErrorsSayWhatToFix() {
        assertEquals("--clients must be a positive integer, got '0'", error("get-users", "--clients", "0"));
        assertEquals("--clients must be a positive integer, got 'many'", error("get-users", "--clients=many"));
        assertEquals("--users must be a positive integer, got '-1'", error("seed", "--users", "-1"));
        assertEquals("--duration must be more than 0", error("get-users", "--duration", "0s"));
        assertTrue(error("get-users", "--warmup", "soon").startsWith("--warmup must look like 30s"));
        assertEquals("--clients needs a value", error("get-users", "--clients"));
        assertEquals("unknown option '--threads'", error("get-users", "--threads", "4"));
        assertEquals("--json takes no value", error("get-users", "--json=true"));
        assertTrue(error("get-users", "--prefix", "a b").startsWith("--prefix must be letters"));
        assertTrue(error("get-users", "--prefix", "-x").startsWith("--prefix must be letters"));
    }

    @Test
    void urlValidation() throws UsageException {
        assertEquals("http://127.0.0.1:9000/scim/v2", Options.parseUrl("http://127.0.0.1:9000/scim/v2//"));
        assertTrue(error("get-users", "--url", "localhost:8080").startsWith("--url must be an http(s) URL"));
        assertTrue(error("get-users", "--url", "ftp://host/scim").startsWith("--url must be an http(s) URL"));
        assertTrue(error("get-users", "--url", "http://host/scim?x=1").contains("without query"));
        assertTrue(error("get-users", "--url", "http://ho st/").startsWith("--url is not a valid URL"));
    }

    @Test
    void helpAnywhere() {
        assertTrue(Options.wantsHelp(new String[] {"--help"}));
        assertTrue(Options.wantsHelp(new String[] {"seed", "-h"}));
        assertFalse(Options.wantsHelp(new String[] {"seed", "--users", "3"}));
    }
}
