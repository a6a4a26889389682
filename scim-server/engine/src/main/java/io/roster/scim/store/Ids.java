package io.roster.scim.store;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resource ids in UUID version 7 layout (RFC 9562): a millisecond timestamp, then a counter, then
 * random bits. Their text sorts in creation order, which gives listing a stable, meaningful order and
 * lets B-tree inserts land at the right edge instead of splitting pages all over the file.
 */
public final class Ids {
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong last = new AtomicLong();

    /** A new id, strictly greater than every id this generator returned before. */
    public String next() {
        long now = System.currentTimeMillis();
        // high 48 bits: millis; low 12 bits: sequence within the millisecond (rand_a in RFC 9562)
        long stamp = last.updateAndGet(prev -> {
            long candidate = now << 12;
            return candidate > prev ? candidate : prev + 1;
        });
        long msb = ((stamp >>> 12) << 16) | 0x7000L | (stamp & 0xFFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(msb, lsb).toString();
    }
}
