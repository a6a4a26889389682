package io.roster.loadgen;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed command line.
 *
 * @param token the bearer token, or null to send no Authorization header (a server without authentication)
 * @param users how many users to seed; 0 when --users was not given (only {@code seed} requires it)
 */
record Options(
        Scenario scenario,
        String url,
        String token,
        int clients,
        Duration duration,
        Duration warmup,
        int users,
        String prefix,
        boolean json,
        int groupSize,
        int batch,
        int slowConnections) {

    static final String DEFAULT_URL = "http://localhost:8080/scim/v2";

    /** The same options with another --batch (the server may allow fewer operations per Bulk request). */
    Options withBatch(int newBatch) {
        return new Options(scenario, url, token, clients, duration, warmup, users, prefix, json, groupSize, newBatch, slowConnections);
    }

    static final String TOKEN_ENV = "ROSTER_ADMIN_TOKEN";

    static final String USAGE = """
            usage: java -jar conformance-tests/target/roster-loadgen.jar <scenario> [options]

            scenarios:
              seed              create --users N users as fast as possible (POST /Users)
              create-users      POST new users for --duration; 201 is success
              get-users         GET /Users/{id} of random existing users; 200 is success
              filter-username   GET /Users?filter=userName eq "..." of random existing users;
                                success is 200 with totalResults 1
              mixed             80% get-users, 20% create-users
              filter-email      GET /Users?filter=emails[type eq "work"].value eq "..." (the seeded
                                work email is the userName); success is 200 with totalResults 1
              filter-prefix     GET /Users?filter=userName sw "..."&count=100, the prefix being a
                                random existing userName without its last two digits
              sorted-page       GET /Users?sortBy=userName&count=100&startIndex=S, S at 90% of the
                                users (900000 of a million)
              cursor-walk       one client walks every user by cursor, 1000 per page, and checks
                                each id comes once; reports per-page latency and the total time
              patch-members     PATCH a group of --group-size members: each request adds one
                                member or removes one the same worker added; at the end the
                                member count is checked against what was sent
              bulk-import       create --users N users through POST /Bulk, --batch per request
              dynamic-groups    create --group-size dynamic groups and one matching half the
                                departments, then time PATCHes of department (read by every
                                rule), of title (read by none), and one rule change of the big group
              ua-get-users      get-users through a token acting as a User Administrator (a user,
                                a role-assignable group and an API client are made first)
              ua-create-users   create-users through such a User Administrator token
              role-group-join   patch-members on a role-assignable group (User Administrator):
                                each join or leave updates that user's effective roles in the
                                same write; also times assigning a second role to the whole group
              licensing         (licensing plugin) for --duration, PATCH one user into a licensed
                                group then GET its license states (join-to-readable latency);
                                then 4 x --clients concurrent joins against a quarter as many
                                seats (seats used vs bought); then license a group of
                                --group-size members and time it until ProcessingComplete
              applications      (applications plugin) for --duration, POST one AppRoleAssignment of a
                                user (assignment latency); then 2,000 GETs of the access of a user
                                in 5 assigned groups; then assign an application to a group of
                                --group-size members and time it until every member has access;
                                then walk who has access by cursor
              slow-bodies       open --slow-connections connections that send a POST's headers and
                                then one body byte every 5 s (reopened when the server drops them),
                                and meanwhile time GET /Users?count=1 probes from --clients workers

            options:
              --url URL         SCIM base URL (default http://localhost:8080/scim/v2)
              --token TOKEN     admin bearer token (default: env ROSTER_ADMIN_TOKEN; with neither, no
                                Authorization header is sent, for servers without authentication)
              --clients N       concurrent workers (default 16)
              --duration D      measured time, e.g. 30s, 2m, 500ms, 1h (default 30s)
              --warmup D        time run before measuring, excluded from the results (default 5s)
              --users N         seed: how many users to create (required);
                                get-users, filter-username, mixed: first top the server up to
                                at least N users (default: use the users already there)
              --prefix P        userName prefix (default "load"); userNames are
                                <prefix>-<runid>-<n>@example.com so reruns don't collide
              --group-size N    patch-members, role-group-join: members the group holds before measuring
                                (default 10; filled by PATCHes of 10,000, each one timed);
                                dynamic-groups: how many dynamic groups to create;
                                licensing: members of the group licensed in the last phase;
                                applications: members of the group assigned an application
              --batch N         bulk-import: operations per Bulk request (default 1000)
              --slow-connections N  slow-bodies: slow-body connections kept open (default 80)
              --json            also print the final report as one JSON line
              -h, --help        print this help

            exit codes: 0 success, 1 every request failed or server unreachable, 2 bad arguments
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Whether the user asked for help anywhere on the line; checked before parsing so it always works. */
    static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses {@code args}; {@code env} supplies the token default (passed in so tests don't depend
     * on the real environment). Options take their value as the next argument or after '='.
     */
    static Options parse(String[] args, Map<String, String> env) throws UsageException {
        Scenario scenario = null;
        String url = DEFAULT_URL;
        String token = env.get(TOKEN_ENV);
        int clients = 16;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(5);
        int users = 0;
        String prefix = "load";
        boolean json = false;
        int groupSize = 10;
        int batch = 1000;
        int slowConnections = 80;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                if (scenario != null) {
                    throw new UsageException("unexpected argument '" + arg + "': give one scenario, then options");
                }
                scenario = Scenario.byCliName(arg).orElseThrow(() -> new UsageException(
                        "unknown scenario '" + arg + "': expected one of " + Scenario.allCliNames()));
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--json")) {
                if (value != null) {
                    throw new UsageException("--json takes no value");
                }
                json = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--url" -> url = parseUrl(value);
                case "--token" -> token = value;
                case "--clients" -> clients = parsePositiveInt("--clients", value);
                case "--duration" -> {
                    duration = parseDuration("--duration", value);
                    if (duration.isZero()) {
                        throw new UsageException("--duration must be more than 0");
                    }
                }
                case "--warmup" -> warmup = parseDuration("--warmup", value);
                case "--users" -> users = parsePositiveInt("--users", value);
                case "--group-size" -> groupSize = parsePositiveInt("--group-size", value);
                case "--batch" -> batch = parsePositiveInt("--batch", value);
                case "--slow-connections" -> slowConnections = parsePositiveInt("--slow-connections", value);
                case "--prefix" -> {
                    if (!PREFIX.matcher(value).matches()) {
                        throw new UsageException("--prefix must be letters, digits, '.', '_' or '-' "
                                + "(it becomes part of an email address), got '" + value + "'");
                    }
                    prefix = value;
                }
                default -> throw new UsageException("unknown option '" + name + "'");
            }
        }

        if (scenario == null) {
            throw new UsageException("missing scenario: expected one of " + Scenario.allCliNames());
        }
        if ((scenario == Scenario.SEED || scenario == Scenario.BULK_IMPORT) && users == 0) {
            throw new UsageException(scenario.cliName() + " needs --users N (how many users to create)");
        }
        if (token != null && token.isBlank()) {
            token = null; // an empty ROSTER_ADMIN_TOKEN= is no token, not an empty bearer
        }
        return new Options(scenario, url, token, clients, duration, warmup, users, prefix, json, groupSize, batch, slowConnections);
    }

    /**
     * "30s", "2m", "1h", "500ms"; a bare number means seconds, since that is what people mean when
     * they forget the unit.
     */
    static Duration parseDuration(String option, String value) throws UsageException {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException(option + " must look like 30s, 2m, 1h or 500ms, got '" + value + "'");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " is too large: '" + value + "'");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (ArithmeticException e) {
            throw new UsageException(option + " is too large: '" + value + "'");
        }
    }

    static int parsePositiveInt(String option, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " must be a positive integer, got '" + value + "'");
    }

    /** Validates the base URL and drops a trailing '/', so paths can be appended as "/Users". */
    static String parseUrl(String value) throws UsageException {
        URI uri;
        try {
            uri = new URI(value);
        } catch (Exception e) {
            throw new UsageException("--url is not a valid URL: '" + value + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new UsageException("--url must be an http(s) URL like " + DEFAULT_URL + ", got '" + value + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException("--url must be the SCIM base URL without query or fragment, got '" + value + "'");
        }
        String s = value;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
