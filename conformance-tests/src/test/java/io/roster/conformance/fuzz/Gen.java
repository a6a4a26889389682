package io.roster.conformance.fuzz;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Seeded random choices for the fuzzer: the same seed gives the same cases, so a failure reported with
 * its seed is reproduced exactly. Values lean towards the edges (empty, huge, deep, odd characters)
 * where parsers and limits break.
 */
final class Gen {
    private final SplittableRandom random;

    Gen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** One of the suppliers, chosen with the given weights (weights and suppliers alternate). */
    @SuppressWarnings("unchecked")
    <T> T weighted(Object... weightsAndSuppliers) {
        int total = 0;
        for (int i = 0; i < weightsAndSuppliers.length; i += 2) {
            total += (Integer) weightsAndSuppliers[i];
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weightsAndSuppliers.length; i += 2) {
            r -= (Integer) weightsAndSuppliers[i];
            if (r < 0) {
                return ((Supplier<T>) weightsAndSuppliers[i + 1]).get();
            }
        }
        throw new AssertionError();
    }

    /** A size that is usually small and sometimes large: 0..small mostly, up to {@code large} rarely. */
    int size(int small, int large) {
        return chance(0.9) ? between(0, small) : between(small, large);
    }

    private static final String ODD = "\"\\/()[]{}.:,;=&?#%+ \t'`$@!*<>|^~\u0000\u0001\u001f\u007f\u00e9\u00df\u0130\u212a\u2028\ud83d\ude00";

    /** A short string of letters, digits and, sometimes, characters that mean something to some parser. */
    String text() {
        int n = size(12, 300);
        StringBuilder b = new StringBuilder(n);
        boolean odd = chance(0.3);
        for (int i = 0; i < n; i++) {
            if (odd && chance(0.3)) {
                b.append(ODD.charAt(random.nextInt(ODD.length())));
            } else {
                b.append((char) pick('a', 'b', 'z', 'A', 'Z', '0', '9', '-', '_', '@', '.'));
            }
        }
        return b.toString();
    }

    /** A number as JSON text: ordinary, negative, fractional, or enormous in digits or exponent. */
    String numberText() {
        return weighted(
                6, (Supplier<String>) () -> Integer.toString(between(-5, 2000)),
                2, (Supplier<String>) () -> Long.toString(random.nextLong()),
                2, (Supplier<String>) () -> between(0, 99) + "." + between(0, 999) + (chance(0.5) ? "e" + between(-30, 30) : ""),
                1, (Supplier<String>) () -> "1e" + pick("999", "-999", "64000000", "10000000", "-2147483648", "2147483647", "+400"),
                1, (Supplier<String>) () -> "9".repeat(between(20, 5000)),
                1, (Supplier<String>) () -> "0." + "0".repeat(between(10, 2000)) + "1",
                1, (Supplier<String>) () -> pick("-0", "0e0", "1E+1", "-1.5E-3", "123456789012345678901234567890.5"));
    }

    /** A JSON string literal of {@code s}, escaped (the kit's one quoting helper). */
    static String quote(String s) {
        return io.roster.conformance.Scim.q(s);
    }

    /** Any JSON value as text, at most {@code depth} levels deep. */
    String json(int depth) {
        if (depth <= 0) {
            return scalar();
        }
        return weighted(
                6, (Supplier<String>) this::scalar,
                2, (Supplier<String>) () -> {
                    int n = size(4, 40);
                    StringBuilder b = new StringBuilder("[");
                    for (int i = 0; i < n; i++) {
                        b.append(i == 0 ? "" : ",").append(json(depth - 1));
                    }
                    return b.append(']').toString();
                },
                2, (Supplier<String>) () -> {
                    int n = size(4, 40);
                    StringBuilder b = new StringBuilder("{");
                    for (int i = 0; i < n; i++) {
                        b.append(i == 0 ? "" : ",").append(quote(chance(0.5) ? text() : pick("value", "type", "primary", "display",
                                "$ref", "givenName", "op", "path"))).append(':').append(json(depth - 1));
                    }
                    return b.append('}').toString();
                });
    }

    String scalar() {
        return weighted(
                5, (Supplier<String>) () -> quote(text()),
                3, (Supplier<String>) this::numberText,
                2, (Supplier<String>) () -> pick("true", "false", "null", "\"True\"", "\"False\"", "\"\"", "\"  \""));
    }

    /** JSON nested {@code n} levels deep in arrays or objects: the shape that exhausts a recursive parser. */
    String deep(int n) {
        boolean arrays = chance(0.5);
        String open = arrays ? "[" : "{\"a\":";
        String close = arrays ? "]" : "}";
        return open.repeat(n) + "1" + close.repeat(n);
    }
}
