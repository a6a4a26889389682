package io.roster.loadgen;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What the workers do. The command-line name is the enum name in kebab case. */
enum Scenario {
    /** Create --users N users as fast as possible, then stop (not time-boxed). */
    SEED("seed", false),
    /** POST new users for --duration. */
    CREATE_USERS("create-users", false),
    /** GET /Users/{id} of random existing users for --duration. */
    GET_USERS("get-users", true),
    /** GET /Users?filter=userName eq "..." of random existing users for --duration. */
    FILTER_USERNAME("filter-username", true),
    /** 80% get-users, 20% create-users, for --duration. */
    MIXED("mixed", true),
    /** GET /Users?filter=emails[type eq "work"].value eq "..." (Entra's matching) of random existing users. */
    FILTER_EMAIL("filter-email", true),
    /** GET /Users?filter=userName sw "..."&count=100 with prefixes of random existing userNames. */
    FILTER_PREFIX("filter-prefix", true),
    /** GET /Users?sortBy=userName&startIndex=(90% of the population)&count=100: a deep sorted page. */
    SORTED_PAGE("sorted-page", true),
    /** One client walks every user by RFC 9865 cursor (count 1000), checking each is seen once; not time-boxed. */
    CURSOR_WALK("cursor-walk", true),
    /** PATCH one group of --group-size members, adding and removing members, for --duration. */
    PATCH_MEMBERS("patch-members", false),
    /** Create --users N users through POST /Bulk in batches of --batch, then stop. */
    BULK_IMPORT("bulk-import", false),
    /** --group-size dynamic groups over the users: latency of rule-relevant and irrelevant user PATCHes, one big rule change. */
    DYNAMIC_GROUPS("dynamic-groups", false),
    /** get-users through a token acting as a User Administrator (created first with the admin token). */
    UA_GET_USERS("ua-get-users", true),
    /** create-users through a token acting as a User Administrator. */
    UA_CREATE_USERS("ua-create-users", false),
    /** PATCH a role-assignable group of --group-size members, adding and removing members (effective roles follow). */
    ROLE_GROUP_JOIN("role-group-join", false),
    /** Group-based licensing: join-to-readable latency, concurrent joins against scarce seats, licensing a --group-size group. */
    LICENSING("licensing", false),
    /** Applications: assignment latency, access read latency, assigning an app to a --group-size group, a who-has-access walk. */
    APPLICATIONS("applications", false),
    /** GET probes while --slow-connections connections each send a POST body one byte every 5 s. */
    SLOW_BODIES("slow-bodies", false);

    private final String cliName;
    private final boolean needsPopulation;

    Scenario(String cliName, boolean needsPopulation) {
        this.cliName = cliName;
        this.needsPopulation = needsPopulation;
    }

    String cliName() {
        return cliName;
    }

    /** Whether the scenario reads existing users, so an empty server makes it pointless. */
    boolean needsPopulation() {
        return needsPopulation;
    }

    /** The resource endpoints the scenario uses, as /ResourceTypes lists them (RFC 7644 section 4). */
    List<String> endpoints() {
        return switch (this) {
            case PATCH_MEMBERS, DYNAMIC_GROUPS -> List.of("/Users", "/Groups");
            case LICENSING -> List.of("/Users", "/Groups", "/Licenses");
            case APPLICATIONS -> List.of("/Users", "/Groups", "/Applications", "/AppRoleAssignments");
            case UA_GET_USERS, UA_CREATE_USERS, ROLE_GROUP_JOIN -> List.of("/Users", "/Groups", "/Roles", "/ApiClients");
            default -> List.of("/Users");
        };
    }

    /** The features of /ServiceProviderConfig the scenario relies on. */
    Set<Feature> features() {
        return switch (this) {
            case FILTER_USERNAME, FILTER_EMAIL, FILTER_PREFIX -> EnumSet.of(Feature.FILTER);
            case SORTED_PAGE -> EnumSet.of(Feature.SORT);
            case CURSOR_WALK -> EnumSet.of(Feature.CURSOR);
            case BULK_IMPORT -> EnumSet.of(Feature.BULK);
            case PATCH_MEMBERS, ROLE_GROUP_JOIN -> EnumSet.of(Feature.PATCH);
            case DYNAMIC_GROUPS, LICENSING -> EnumSet.of(Feature.PATCH, Feature.FILTER);
            case APPLICATIONS -> EnumSet.of(Feature.PATCH, Feature.FILTER, Feature.CURSOR);
            default -> EnumSet.noneOf(Feature.class);
        };
    }

    /** Extension attributes the scenario writes, as "schema URN:attribute" (checked in /Schemas). */
    List<String> extensionAttributes() {
        String group = "urn:ietf:params:scim:schemas:extension:roster:2.0:Group:";
        return switch (this) {
            case DYNAMIC_GROUPS -> List.of(group + "membershipRule");
            case LICENSING -> List.of(group + "licenses");
            case UA_GET_USERS, UA_CREATE_USERS, ROLE_GROUP_JOIN -> List.of(group + "isAssignableToRole", group + "roles");
            default -> List.of();
        };
    }

    /** A feature /ServiceProviderConfig advertises (RFC 7643 section 5): where, and what to call it in a message. */
    enum Feature {
        PATCH("patch", "supported", "PATCH (RFC 7644 section 3.5.2)"),
        BULK("bulk", "supported", "Bulk (RFC 7644 section 3.7)"),
        FILTER("filter", "supported", "filtering (RFC 7644 section 3.4.2.2)"),
        SORT("sort", "supported", "sorting (RFC 7644 section 3.4.2.3)"),
        /** RFC 9865's block is optional: a server without it does not page by cursor. */
        CURSOR("pagination", "cursor", "cursor paging (RFC 9865)");

        final String block;
        final String flag;
        final String description;

        Feature(String block, String flag, String description) {
            this.block = block;
            this.flag = flag;
            this.description = description;
        }
    }

    static Optional<Scenario> byCliName(String name) {
        return Arrays.stream(values()).filter(s -> s.cliName.equals(name)).findFirst();
    }

    static String allCliNames() {
        return Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", "));
    }
}
