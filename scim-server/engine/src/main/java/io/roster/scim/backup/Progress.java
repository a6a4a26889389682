package io.roster.scim.backup;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Progress of long copying work, reported as lines every few seconds and at the end: how much of how
 * much, the rate, and an estimate of the time left (the kind of display an operator watching a
 * million-resource import needs to know it is alive and when it ends).
 */
public final class Progress {
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String what;
    private final String unit;
    private final long total;
    private final Consumer<String> out;
    private final long started = System.nanoTime();
    private long done;
    private long lastReport = started;

    /**
     * @param what  the work, as the line starts ("export")
     * @param unit  what is counted, plural ("lines")
     * @param total how many are expected, or -1 when unknown
     * @param out   where lines go (stderr for the command line)
     */
    public Progress(String what, String unit, long total, Consumer<String> out) {
        this.what = what;
        this.unit = unit;
        this.total = total;
        this.out = out;
    }

    /** Counts {@code n} more done; reports when a report is due. */
    public void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastReport >= EVERY_NANOS) {
            lastReport = now;
            out.accept(line(now));
        }
    }

    public long done() {
        return done;
    }

    /** Reports the end: how much, and how long it took. */
    public void finish() {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        out.accept(String.format("%s: done, %,d %s in %.1f s", what, done, unit, millis / 1000.0));
    }

    String line(long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = done / seconds;
        if (total <= 0) {
            return String.format("%s: %,d %s so far, %,.0f/s", what, done, unit, rate);
        }
        long left = Math.max(0, total - done);
        String eta = rate <= 0 ? "" : String.format(", about %s left", duration(left / rate));
        return String.format("%s: %,d of %,d %s (%d%%), %,.0f/s%s", what, done, total, unit,
                Math.min(100, done * 100 / total), rate, eta);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format("%d min %d s", s / 60, s % 60);
        }
        return String.format("%d h %d min", s / 3600, (s % 3600) / 60);
    }
}
