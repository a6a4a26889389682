package io.roster.scim.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Requests per second per caller, as a token bucket: each caller may send {@code perSecond} requests a
 * second on average and a burst of as many at once (an identity provider's sync cycle starts with a
 * burst); over it, the request is refused with how long until the next one is allowed, which becomes
 * 429's {@code Retry-After} (RFC 6585 section 4). Zero means no rate limit. Buckets of callers idle for a
 * minute are dropped (they would be full again), so the table stays as large as the set of active callers.
 */
final class RequestRate {
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int perSecond;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /** Tokens (scaled by one second in nanoseconds, so that refills stay exact integers) and the last refill. */
    private record Bucket(long tokenNanos, long at) {
    }

    RequestRate(int perSecond, LongSupplier nanoClock) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("perSecond must be 0 (no limit) or more");
        }
        this.perSecond = perSecond;
        this.clock = nanoClock;
        this.lastSweep = nanoClock.getAsLong();
    }

    int perSecond() {
        return perSecond;
    }

    /** Takes one request of {@code caller}: 0 when allowed, otherwise the nanoseconds until one would be. */
    long take(String caller) {
        if (perSecond == 0) {
            return 0;
        }
        long now = clock.getAsLong();
        long full = perSecond * TimeUnit.SECONDS.toNanos(1);
        long one = TimeUnit.SECONDS.toNanos(1);
        long[] wait = {0};
        buckets.compute(caller, (k, b) -> {
            long tokens = b == null ? full : Math.min(full, b.tokenNanos() + Math.min(now - b.at(), one) * perSecond); // full after 1 s
            if (tokens >= one) {
                return new Bucket(tokens - one, now);
            }
            wait[0] = Math.max(1, (one - tokens + perSecond - 1) / perSecond);
            return new Bucket(tokens, now);
        });
        sweep(now);
        return wait[0];
    }

    private void sweep(long now) {
        if (now - lastSweep < IDLE_NANOS) {
            return;
        }
        lastSweep = now;
        buckets.entrySet().removeIf(e -> now - e.getValue().at() > IDLE_NANOS); // full again long since: as if new
    }

    /** Callers with a bucket (for tests). */
    int tracked() {
        return buckets.size();
    }
}
