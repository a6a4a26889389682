package io.roster.scim.spi;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user may change on its own User through {@code /Me} without any admin role: its personal
 * profile and its password, nothing that identifies it to other systems or decides what it gets.
 *
 * <p>Left out on purpose: {@code userName}, {@code externalId} and {@code emails} (identifiers IdPs match
 * users by; Entra matches {@code emails[type eq "work"].value}), {@code active}, {@code roles},
 * {@code entitlements}, {@code groups}, {@code x509Certificates}, {@code ims}, {@code title},
 * {@code userType}, {@code profileUrl}, and every extension attribute (enterprise {@code department},
 * {@code manager} and the like drive dynamic-group rules, and so licenses and roles; Roster's own
 * extension holds licenses and roles). The engine enforces this list for callers without admin rights;
 * the roles plugin asks it for role holders changing themselves, so there is one list.
 */
public final class SelfService {
    /** The core User attributes (RFC 7643 section 4.1) a user may change on itself. */
    public static final List<String> ATTRIBUTES = List.of("name", "displayName", "nickName", "phoneNumbers", "addresses",
            "locale", "timezone", "preferredLanguage", "photos", "password");
    private static final Set<String> LOWER = ATTRIBUTES.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());

    private SelfService() {
    }

    /**
     * Whether a user may change this attribute of itself, named as {@code Change.changedAttributes} names
     * it: a top-level core name, or {@code "<extension urn>:<name>"} (never allowed).
     */
    public static boolean allows(String changedAttribute) {
        return LOWER.contains(changedAttribute.toLowerCase(Locale.ROOT));
    }

    /** The first of these changed attributes a user may not change on itself, or null when it may change them all. */
    public static String firstRefused(Collection<String> changedAttributes) {
        for (String a : changedAttributes) {
            if (!allows(a)) {
                return a;
            }
        }
        return null;
    }

    /** The 403 detail for a refused self-change. */
    public static String denied(Principal caller, String attribute) {
        return "Permission denied: " + caller.name() + " may not change \"" + attribute + "\" of its own User. Through /Me a "
                + "user without an admin role may change only " + String.join(", ", ATTRIBUTES) + "; ask an administrator "
                + "for anything else.";
    }
}
