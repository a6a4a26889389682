package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roster.scim.spi.Principal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrincipalLimiterTest {
    private final Principal admin = new Principal("bootstrap-admin");
    private final Principal clientA = new Principal("Entra", null, "client-a");
    private final Principal clientB = new Principal("Okta", null, "client-b");

    @Test
    void aCallerGetsAtMostItsLimitOfPermitsAtOnce() {
        PrincipalLimiter limiter = new PrincipalLimiter(3);
        List<PrincipalLimiter.Permit> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PrincipalLimiter.Permit p = limiter.tryAcquire(clientA);
            assertNotNull(p);
            held.add(p);
        }
        assertNull(limiter.tryAcquire(clientA));
        held.remove(0).close();
        assertNotNull(limiter.tryAcquire(clientA));
    }

    @Test
    void callersAreCountedApart() {
        PrincipalLimiter limiter = new PrincipalLimiter(1);
        assertNotNull(limiter.tryAcquire(clientA));
        assertNotNull(limiter.tryAcquire(clientB));
        assertNotNull(limiter.tryAcquire(admin));
        assertNull(limiter.tryAcquire(new Principal("Entra renamed", null, "client-a")));
    }

    @Test
    void closingAPermitTwiceReleasesItOnceAndLeavesNoEntry() {
        PrincipalLimiter limiter = new PrincipalLimiter(2);
        PrincipalLimiter.Permit a = limiter.tryAcquire(admin);
        PrincipalLimiter.Permit b = limiter.tryAcquire(admin);
        a.close();
        a.close();
        assertEquals(1, limiter.inFlight(admin));
        b.close();
        assertEquals(0, limiter.inFlight(admin));
    }

    @Test
    void concurrentAcquireAndReleaseNeverLoseACount() throws InterruptedException {
        PrincipalLimiter limiter = new PrincipalLimiter(4);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    PrincipalLimiter.Permit p = limiter.tryAcquire(clientA);
                    if (p != null) {
                        p.close();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, limiter.inFlight(clientA));
    }
}
