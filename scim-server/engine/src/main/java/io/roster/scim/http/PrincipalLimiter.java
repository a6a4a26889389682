package io.roster.scim.http;

import io.roster.scim.spi.Principal;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds how many requests one authenticated caller may have in progress at once, so that one token
 * (a runaway script, a misconfigured identity provider) cannot hold every worker thread and starve the
 * others. The default leaves a quarter of the workers to everyone else (see {@code --max-requests-per-client}).
 * A caller is its API client, or the token's name for the administrator token.
 */
public final class PrincipalLimiter {
    private final int maxPerPrincipal;
    private final RequestRate rate;
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    public PrincipalLimiter(int maxPerPrincipal) {
        this(maxPerPrincipal, 0);
    }

    /** @param perSecond requests per second per caller (a burst of as many allowed), 0 for no rate limit */
    public PrincipalLimiter(int maxPerPrincipal, int perSecond) {
        this(maxPerPrincipal, new RequestRate(perSecond, System::nanoTime));
    }

    PrincipalLimiter(int maxPerPrincipal, RequestRate rate) {
        if (maxPerPrincipal < 1) {
            throw new IllegalArgumentException("maxPerPrincipal must be at least 1");
        }
        this.maxPerPrincipal = maxPerPrincipal;
        this.rate = rate;
    }

    /** Requests per second per caller, 0 when unlimited. */
    public int perSecond() {
        return rate.perSecond();
    }

    /**
     * Counts one request of {@code principal} against its rate: 0 when it may go on, otherwise the whole
     * seconds (at least 1) to tell it in {@code Retry-After}.
     */
    public int rateDelaySeconds(Principal principal) {
        long nanos = rate.take(key(principal));
        return nanos == 0 ? 0 : (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    public int maxPerPrincipal() {
        return maxPerPrincipal;
    }

    /**
     * How long a caller at its limit may wait for one of its requests to finish before it is refused. A
     * client that sends strictly one request after another can read an answer before the worker that
     * wrote it has given its permit back; without this grace such a client, at a limit of one, would
     * sometimes be refused for a request that was never concurrent.
     */
    static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** A permit for one more request of {@code principal}, or null when it already has the most allowed. */
    public Permit tryAcquire(Principal principal) {
        String key = key(principal);
        long deadline = System.nanoTime() + GRACE_NANOS;
        while (true) {
            if (grant(key)) {
                return new Permit(key);
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // rare: only a caller already at its limit waits
        }
    }

    private boolean grant(String key) {
        boolean[] granted = {false};
        inFlight.compute(key, (k, n) -> {
            int held = n == null ? 0 : n;
            if (held >= maxPerPrincipal) {
                return n;
            }
            granted[0] = true;
            return held + 1;
        });
        return granted[0];
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
