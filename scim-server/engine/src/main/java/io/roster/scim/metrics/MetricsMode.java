package io.roster.scim.metrics;

import java.util.Locale;

/** Who may read {@code /metrics} ({@code --metrics}). */
public enum MetricsMode {
    /** Anyone who can reach the port, without a token (behind a private network or an admin listener). */
    OPEN,
    /** Callers with an admin role (the tokens that may use the SCIM API beyond {@code /Me}). */
    TOKEN,
    /** Not served, and nothing is measured. */
    OFF;

    /** @throws IllegalArgumentException naming the values, for anything else */
    public static MetricsMode parse(String text) {
        for (MetricsMode m : values()) {
            if (m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("must be open, token or off, not '" + text + "'");
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
