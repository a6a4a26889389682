package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.app.Config;
import io.roster.scim.app.RosterServer;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Principal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestRateTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    @Test
    void aCallerMaySendItsRateInABurstThenWaitsForTheBucketToRefill() {
        long[] now = {0};
        RequestRate rate = new RequestRate(4, () -> now[0]);
        for (int i = 0; i < 4; i++) {
            assertEquals(0, rate.take("client:a"), "the burst, request " + i);
        }
        assertEquals(SECOND / 4, rate.take("client:a"), "the fifth waits a quarter of a second");
        assertEquals(0, rate.take("client:b"), "callers are counted apart");
        now[0] += SECOND / 4;
        assertEquals(0, rate.take("client:a"), "one request a quarter of a second later");
        assertEquals(SECOND / 4, rate.take("client:a"));
        now[0] += 3600 * SECOND; // long idle: full again, never more than the burst, no overflow
        for (int i = 0; i < 4; i++) {
            assertEquals(0, rate.take("client:a"));
        }
        assertTrue(rate.take("client:a") > 0);
        assertEquals(1, rate.tracked(), "idle callers' buckets are dropped");
    }

    @Test
    void zeroMeansNoLimit() {
        RequestRate rate = new RequestRate(0, () -> 0L);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, rate.take("token:admin"));
        }
        assertEquals(0, rate.tracked());
    }

    @Test
    void theLimiterTurnsTheWaitIntoWholeRetryAfterSeconds() {
        long[] now = {0};
        PrincipalLimiter limiter = new PrincipalLimiter(8, new RequestRate(1, () -> now[0]));
        Principal entra = new Principal("Entra", null, "client-a");
        assertEquals(0, limiter.rateDelaySeconds(entra));
        assertEquals(1, limiter.rateDelaySeconds(entra), "a second to wait, at least 1");
        assertEquals(1, limiter.perSecond());
    }

    @Test
    void overTheRateAClientGets429WithRetryAfterAndAScimError() throws Exception {
        String token = "rate-token-0123456789abcdef0123456789";
        try (RosterServer server = RosterServer.start(Config.embedded(dir, 0, token).withMaxRequestsPerSecond(1), List.of())) {
            HttpClient http = HttpClient.newHttpClient();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) { // a burst of one a second: twenty requests in a row fit only if they take 19 s
                answers.add(http.send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users?count=1"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()));
            }
            assertEquals(200, answers.get(0).statusCode());
            HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
            assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            assertEquals("429", JsonSupport.parseTrusted(refused.body()).getString("status"));
            assertTrue(refused.body().contains("requests per second"), refused.body());
        }
    }
}
