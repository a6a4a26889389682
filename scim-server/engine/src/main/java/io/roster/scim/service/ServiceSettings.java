package io.roster.scim.service;

/**
 * Limits and costs the service enforces and discovery advertises.
 *
 * @param maxResults         the largest page ({@code count} is clamped to it, RFC 7644 section 3.4.2.4)
 * @param defaultCount       the page size when the client gives no {@code count}
 * @param maxFilterLength    the longest filter accepted, in characters
 * @param maxFilterDepth     the deepest nesting of parentheses, brackets and not() accepted
 * @param passwordIterations PBKDF2 iterations for stored password hashes
 */
public record ServiceSettings(int maxResults, int defaultCount, int maxFilterLength, int maxFilterDepth,
                              int passwordIterations) {

    public static ServiceSettings defaults() {
        return new ServiceSettings(1000, 100, 4096, 32, PasswordHasher.DEFAULT_ITERATIONS);
    }

    public ServiceSettings {
        if (maxResults < 1 || defaultCount < 1 || defaultCount > maxResults) {
            throw new IllegalArgumentException("need 1 <= defaultCount <= maxResults");
        }
    }
}
