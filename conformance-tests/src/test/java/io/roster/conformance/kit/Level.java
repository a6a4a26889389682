package io.roster.conformance.kit;

/**
 * What a kit test checks, and so which profile runs it. RFC 2119 levels for the SCIM RFCs (7643, 7644,
 * 9865), compatibility with the clients of CLIENTS.md, or a choice Roster makes where the RFCs leave one.
 */
public enum Level {
    /** An RFC MUST, REQUIRED or SHALL: a server that fails it does not conform. */
    RFC_MUST("rfc-must", "rfc"),
    /** An RFC SHOULD or RECOMMENDED: a server may have reasons, but it should know it deviates. */
    RFC_SHOULD("rfc-should", "rfc"),
    /** A request or answer shape a named client (Microsoft Entra ID, Okta, generic HTTP clients) depends on. */
    CLIENT("client", "clients"),
    /** Roster's own policy: its limits, extensions and the choices the RFCs leave open. */
    ROSTER("roster-policy", "roster"),
    /** Not a level: on a method, "as the class says". */
    INHERIT("", "");

    private final String label;
    private final String profile;

    Level(String label, String profile) {
        this.label = label;
        this.profile = profile;
    }

    /** The name in reports, e.g. {@code rfc-must}. */
    public String label() {
        return label;
    }

    /** The profile that runs tests of this level: {@code rfc}, {@code clients} or {@code roster}. */
    public String profile() {
        return profile;
    }
}
