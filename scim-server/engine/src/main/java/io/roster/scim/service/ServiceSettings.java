package io.roster.scim.service;

/**
 * Limits and costs the service enforces and discovery advertises.
 *
 * @param maxResults            the largest page ({@code count} is clamped to it, RFC 7644 section 3.4.2.4)
 * @param defaultCount          the page size when the client gives no {@code count}
 * @param maxFilterLength       the longest filter accepted, in characters
 * @param maxFilterDepth        the deepest nesting of parentheses, brackets and not() accepted
 * @param passwordIterations    PBKDF2 iterations for stored password hashes
 * @param maxValuesPerAttribute the most values one multi-valued attribute of a resource may hold (Group
 *                              members, which are index entries, are not counted); see {@link ValueLimit}
 */
public record ServiceSettings(int maxResults, int defaultCount, int maxFilterLength, int maxFilterDepth,
                              int passwordIterations, int maxValuesPerAttribute) {

    /**
     * No directory needs more: Entra and Okta provision a handful of emails, phone numbers, addresses or
     * roles per user, and the largest attributes an administrator fills (licenses, roles) have a few dozen.
     */
    public static final int DEFAULT_MAX_VALUES_PER_ATTRIBUTE = 1000;

    public static ServiceSettings defaults() {
        return new ServiceSettings(1000, 100, 4096, 32, PasswordHasher.DEFAULT_ITERATIONS, DEFAULT_MAX_VALUES_PER_ATTRIBUTE);
    }

    public ServiceSettings {
        if (maxResults < 1 || defaultCount < 1 || defaultCount > maxResults) {
            throw new IllegalArgumentException("need 1 <= defaultCount <= maxResults");
        }
        if (maxValuesPerAttribute < 1) {
            throw new IllegalArgumentException("need maxValuesPerAttribute >= 1");
        }
    }

    /** These settings with another limit on values per multi-valued attribute. */
    public ServiceSettings withMaxValuesPerAttribute(int max) {
        return new ServiceSettings(maxResults, defaultCount, maxFilterLength, maxFilterDepth, passwordIterations, max);
    }
}
