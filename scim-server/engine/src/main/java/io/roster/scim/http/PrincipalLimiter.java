package io.roster.scim.http;

import io.roster.scim.spi.auth.Principal;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds how many requests one authenticated caller may have in progress at once, so that one token
 * (a runaway script, a misconfigured identity provider) cannot hold every worker thread and starve the
 * others. The default leaves a quarter of the workers to everyone else (see {@code --max-requests-per-client}).
 * A caller is its API client, or the token's name for the administrator token.
 */
public final class PrincipalLimiter {
    private final int maxPerPrincipal;
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    public PrincipalLimiter(int maxPerPrincipal) {
        if (maxPerPrincipal < 1) {
            throw new IllegalArgumentException("maxPerPrincipal must be at least 1");
        }
        this.maxPerPrincipal = maxPerPrincipal;
    }

    public int maxPerPrincipal() {
        return maxPerPrincipal;
    }

    /** A permit for one more request of {@code principal}, or null when it already has the most allowed. */
    public Permit tryAcquire(Principal principal) {
        String key = key(principal);
        boolean[] granted = {false};
        inFlight.compute(key, (k, n) -> {
            int held = n == null ? 0 : n;
            if (held >= maxPerPrincipal) {
                return n;
            }
            granted[0] = true;
            return held + 1;
        });
        return granted[0] ? new Permit(key) : null;
    }

    /** Requests {@code principal} has in progress (for tests and diagnostics). */
    public int inFlight(Principal principal) {
        return inFlight.getOrDefault(key(principal), 0);
    }

    private static String key(Principal principal) {
        return principal.clientId() != null ? "client:" + principal.clientId() : "token:" + principal.name();
    }

    private void release(String key) {
        inFlight.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1); // no entry outlives its last request
    }

    /** One request's share; closing it more than once releases it once. */
    public final class Permit implements AutoCloseable {
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(key);
            }
        }
    }
}
