package io.roster.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Load generator for Roster (or any SCIM 2.0 server). Runs on a bare JDK 17, no dependencies:
 *
 * <pre>
 * java -jar conformance-tests/target/roster-loadgen.jar &lt;scenario&gt; [options]
 *
 *   seed --users 100000          create a population as fast as --clients workers can
 *   create-users                 POST new users for --duration
 *   get-users                    GET /Users/{id} of random existing users
 *   filter-username              GET /Users?filter=userName eq "..." of random existing users
 *   mixed                        80% get-users, 20% create-users
 *   filter-email, filter-prefix, sorted-page, cursor-walk   the query scenarios (see --help)
 *   slow-bodies                  GET probes while --slow-connections clients drip POST bodies
 * </pre>
 *
 * Each of the --clients workers is a platform thread sending synchronously through one shared
 * HTTP/1.1 client, so concurrency is exactly --clients. Requests of the --warmup period are not
 * measured; every other request's latency is kept so the percentiles in the report are exact. The
 * report goes to stdout (plus one JSON line with --json), progress and diagnostics to stderr.
 * Exit codes: 0 success, 1 every request failed or the server could not be used, 2 bad arguments.
 * Run {@code --help} for all options.
 */
public final class LoadGenerator {

    /** Ids or userNames sampled for the read scenarios: enough to defeat trivial caching, cheap to page in. */
    static final int SAMPLE_LIMIT = 10_000;
    static final int PAGE_SIZE = 1000;

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;

    LoadGenerator(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Everything main does except exiting, returning the exit code. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (Options.wantsHelp(args)) {
            out.print(Options.USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(Options.USAGE);
            return 2;
        }
        try {
            return new LoadGenerator(options, out, err).execute();
        } catch (RunFailure e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 1;
        }
    }

    int execute() throws RunFailure, InterruptedException {
        ScimClient client = new ScimClient(options.url(), options.token());
        UserFactory users = new UserFactory(options.prefix(), UserFactory.newRunId());
        long existing = preflight(client);
        ServerDiscovery.Found found = new ServerDiscovery(client, err).check(options.scenario()); // before anything is written

        Report report = switch (options.scenario()) {
            case SEED -> {
                err.printf("seeding %d users with %d clients against %s (run id %s)%n",
                        options.users(), options.clients(), options.url(), users.runId());
                Runner.SeedResult seeded = Runner.seed(client, users, options.users(), options.clients(), err);
                yield Report.from(Scenario.SEED, options.clients(), seeded.elapsedNanos(), 0, seeded.workers());
            }
            case CREATE_USERS -> timed(random -> create(client, users));
            case GET_USERS -> {
                List<String> ids = population(client, users, existing, "id");
                yield timed(random -> get(client, ids.get(random.nextInt(ids.size()))));
            }
            case FILTER_USERNAME -> {
                List<String> names = population(client, users, existing, "userName");
                yield timed(random -> filter(client, names.get(random.nextInt(names.size()))));
            }
            case MIXED -> {
                List<String> ids = population(client, users, existing, "id");
                yield timed(random -> random.nextInt(100) < 80
                        ? get(client, ids.get(random.nextInt(ids.size())))
                        : create(client, users));
            }
            case PATCH_MEMBERS -> new GroupScenarios(client, users, options, err).patchMembers(existing,
                    limit -> collect(client, "id", limit), this::timed);
            case BULK_IMPORT -> new GroupScenarios(client, users, withinBulkLimit(found), err).bulkImport();
            case DYNAMIC_GROUPS -> new DynamicGroupScenarios(client, users, options, err).run(existing,
                    limit -> collect(client, "id", limit), this::timed);
            case LICENSING -> new LicensingScenarios(client, options, err).run(existing, users, limit -> collect(client, "id", limit), this::timed);
            case APPLICATIONS -> new ApplicationScenarios(client, options, err).run(existing, users, limit -> collect(client, "id", limit),
                    this::timed);
            case FILTER_EMAIL -> {
                List<String> names = population(client, users, existing, "userName");
                yield timed(random -> expectTotal(client.get("/Users?count=1&filter=" + ScimClient.encode(
                        "emails[type eq \"work\"].value eq " + literal(names.get(random.nextInt(names.size()))))), 1));
            }
            case FILTER_PREFIX -> {
                List<String> names = population(client, users, existing, "userName");
                yield timed(random -> expectTotal(client.get("/Users?count=100&attributes=userName&filter="
                        + ScimClient.encode("userName sw " + literal(prefixOf(names.get(random.nextInt(names.size())))))), -1));
            }
            case SORTED_PAGE -> {
                population(client, users, existing, "id");
                long total = Math.max(existing, options.users());
                long start = Math.max(1, total - total / 10);
                err.printf("sorted pages from startIndex %d of %d users%n", start, total);
                yield timed(random -> expectTotal(client.get("/Users?sortBy=userName&count=100&attributes=userName&startIndex="
                        + (start + random.nextInt(1000))), -1));
            }
            case CURSOR_WALK -> cursorWalk(client);
            case UA_GET_USERS -> {
                List<String> ids = population(client, users, existing, "id");
                ScimClient ua = new RoleScenarios(client, users, options, err).userAdministrator();
                yield timed(random -> get(ua, ids.get(random.nextInt(ids.size()))));
            }
            case UA_CREATE_USERS -> {
                ScimClient ua = new RoleScenarios(client, users, options, err).userAdministrator();
                yield timed(random -> create(ua, users));
            }
            case SLOW_BODIES -> new SlowBodyScenario(client, options, err).run(this::timed);
            case ROLE_GROUP_JOIN -> new RoleScenarios(client, users, options, err).roleGroupJoin(existing,
                    limit -> collect(client, "id", limit), this::timed);
        };

        out.print(report.toText());
        if (options.json()) {
            out.println(report.toJson());
        }
        if (report.ok() == 0) {
            err.println("error: every request failed (see errors above)");
            return 1;
        }
        return 0;
    }

    /** The options with --batch lowered to the server's bulk.maxOperations when it allows fewer. */
    private Options withinBulkLimit(ServerDiscovery.Found found) {
        int max = found.bulkMaxOperations();
        if (max > 0 && options.batch() > max) {
            err.printf("--batch %d is more than the server's bulk.maxOperations %d: sending %d operations per request%n",
                    options.batch(), max, max);
            return options.withBatch(max);
        }
        return options;
    }

    /**
     * Fails fast with a useful message if the server is down, the URL is wrong or the token is
     * rejected, instead of reporting thousands of identical errors. Returns totalResults of /Users.
     */
    private long preflight(ScimClient client) throws RunFailure, InterruptedException {
        ScimClient.Response r;
        try {
            r = client.listUsers(1, 1, "id");
        } catch (IOException e) {
            throw new RunFailure("cannot reach " + options.url() + ": start Roster first (see README)"
                    + " [" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "]");
        }
        return switch (r.status()) {
            case 200 -> Json.longField(r.body(), "totalResults").orElse(0);
            case 401, 403 -> throw new RunFailure(client.authenticated()
                    ? "the server at " + options.url() + " rejected the token (HTTP " + r.status()
                            + "): pass the admin token with --token or set " + Options.TOKEN_ENV
                    : "the server at " + options.url() + " wants authentication (HTTP " + r.status()
                            + "): pass a bearer token with --token or set " + Options.TOKEN_ENV);
            case 404 -> throw new RunFailure("no SCIM endpoint at " + options.url()
                    + "/Users (HTTP 404): check --url (it should end in /scim/v2)");
            default -> throw new RunFailure("GET " + options.url() + "/Users answered HTTP " + r.status()
                    + ": is the server healthy?");
        };
    }

    /**
     * The values of {@code attribute} ("id" or "userName") of up to {@link #SAMPLE_LIMIT} existing
     * users, after first creating users if --users asks for a bigger population than exists.
     */
    private List<String> population(ScimClient client, UserFactory users, long existing, String attribute)
            throws RunFailure, InterruptedException {
        if (options.users() > existing) {
            long missing = options.users() - existing;
            err.printf("server has %d users, creating %d more to reach --users %d (not measured)%n",
                    existing, missing, options.users());
            Runner.SeedResult seeded = Runner.seed(client, users, missing, options.clients(), err);
            long failed = seeded.workers().stream().mapToLong(w -> w.errors.values().stream()
                    .mapToLong(Long::longValue).sum()).sum();
            if (failed > 0) {
                err.printf("warning: %d of %d creates failed while topping up the population%n", failed, missing);
            }
        }
        List<String> values = collect(client, attribute, SAMPLE_LIMIT);
        if (values.isEmpty()) {
            throw new RunFailure("no users found at " + options.url() + "/Users: run `seed --users 10000` first, "
                    + "or pass --users N to create a population before measuring");
        }
        err.printf("sampled %d existing %s values%n", values.size(), attribute);
        return List.copyOf(values);
    }

    /**
     * Pages through /Users asking only for {@code attribute}. A server that ignores "attributes"
     * returns whole resources, which works too since only that field is extracted. Advances by the
     * number of resources actually returned, as servers may cap count below what was asked.
     */
    private List<String> collect(ScimClient client, String attribute, int limit)
            throws RunFailure, InterruptedException {
        List<String> values = new ArrayList<>();
        long startIndex = 1;
        while (values.size() < limit) {
            ScimClient.Response r;
            try {
                r = client.listUsers(startIndex, PAGE_SIZE, attribute);
            } catch (IOException e) {
                throw new RunFailure("listing users failed at startIndex " + startIndex + ": " + e);
            }
            if (r.status() != 200) {
                throw new RunFailure("GET " + options.url() + ScimClient.listPath(startIndex, PAGE_SIZE, attribute)
                        + " answered HTTP " + r.status());
            }
            List<String> page = Json.stringsInArray(r.body(), "Resources", attribute);
            if (page.isEmpty()) {
                break;
            }
            values.addAll(page.subList(0, Math.min(page.size(), limit - values.size())));
            startIndex += page.size();
            OptionalLong total = Json.longField(r.body(), "totalResults");
            if (total.isPresent() && startIndex > total.getAsLong()) {
                break;
            }
        }
        return values;
    }

    Report timed(Runner.Operation op) throws InterruptedException {
        err.printf("%s: %d clients against %s, warm-up %s, then measuring %s%n",
                options.scenario().cliName(), options.clients(), options.url(),
                human(options.warmup().toMillis()), human(options.duration().toMillis()));
        long start = System.nanoTime();
        long measureFrom = start + options.warmup().toNanos();
        long end = measureFrom + options.duration().toNanos();
        List<WorkerStats> stats = Runner.runTimed(options.clients(), measureFrom, end, op);
        return Report.from(options.scenario(), options.clients(), options.duration().toNanos(),
                options.warmup().toNanos(), stats);
    }

    private static String create(ScimClient client, UserFactory users) throws IOException, InterruptedException {
        ScimClient.Response r = client.createUser(users.createBody(users.nextNumber()), false);
        return r.status() == 201 ? null : "HTTP " + r.status();
    }

    private static String get(ScimClient client, String id) throws IOException, InterruptedException {
        ScimClient.Response r = client.getUser(id, false);
        return r.status() == 200 ? null : "HTTP " + r.status();
    }

    private static String filter(ScimClient client, String userName) throws IOException, InterruptedException {
        ScimClient.Response r = client.filterByUserName(userName);
        if (r.status() != 200) {
            return "HTTP " + r.status();
        }
        OptionalLong total = Json.longField(r.body(), "totalResults");
        if (total.isEmpty()) {
            return "HTTP 200 without totalResults";
        }
        // an existing userName must match exactly one user: 0 means a broken index, 2+ a broken filter
        return total.getAsLong() == 1 ? null : "HTTP 200 with totalResults " + total.getAsLong();
    }

    /** A SCIM string literal (JSON string) for a filter. */
    private static String literal(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The userName without the last two digits of its number: about a hundred users share it. */
    static String prefixOf(String userName) {
        int at = userName.indexOf('@');
        String local = at < 0 ? userName : userName.substring(0, at);
        return local.length() > 2 ? local.substring(0, local.length() - 2) : local;
    }

    /** 200 with totalResults {@code expected} (or, when negative, at least one resource). */
    private static String expectTotal(ScimClient.Response r, long expected) {
        if (r.status() != 200) {
            return "HTTP " + r.status();
        }
        OptionalLong total = Json.longField(r.body(), "totalResults");
        if (total.isEmpty()) {
            return "HTTP 200 without totalResults";
        }
        if (expected >= 0 ? total.getAsLong() != expected : total.getAsLong() < 1) {
            return "HTTP 200 with totalResults " + total.getAsLong();
        }
        return null;
    }

    /**
     * Walks every user by cursor with one client, 1000 per page, recording each page's latency;
     * an id seen twice, a failed page or a walk that ends short of totalResults is an error.
     */
    private Report cursorWalk(ScimClient client) throws RunFailure, InterruptedException {
        WorkerStats stats = new WorkerStats();
        java.util.Set<String> seen = new java.util.HashSet<>();
        String cursor = "";
        long started = System.nanoTime();
        long expectedTotal = -1;
        int pages = 0;
        while (cursor != null) {
            long t0 = System.nanoTime();
            ScimClient.Response r;
            try {
                r = client.get("/Users?count=" + PAGE_SIZE + "&attributes=id&cursor=" + ScimClient.encode(cursor));
            } catch (java.io.IOException e) {
                throw new RunFailure("cursor walk failed after " + seen.size() + " users: " + e);
            }
            long latency = System.nanoTime() - t0;
            if (r.status() != 200) {
                stats.record(latency, "HTTP " + r.status());
                throw new RunFailure("cursor walk: HTTP " + r.status() + " after " + seen.size() + " users: " + r.body());
            }
            List<String> ids = Json.stringsInArray(r.body(), "Resources", "id");
            long duplicates = ids.stream().filter(id -> !seen.add(id)).count();
            stats.record(latency, duplicates == 0 ? null : "duplicate ids");
            if (expectedTotal < 0) {
                expectedTotal = Json.longField(r.body(), "totalResults").orElse(-1);
            }
            cursor = Json.stringField(r.body(), "nextCursor").orElse(null);
            if (++pages % 100 == 0) {
                err.printf("cursor walk: %d pages, %d users%n", pages, seen.size());
            }
        }
        long elapsed = System.nanoTime() - started;
        err.printf("cursor walk: %d users in %d pages in %.1f s (totalResults on the first page: %d)%n",
                seen.size(), pages, elapsed / 1e9, expectedTotal);
        if (expectedTotal >= 0 && seen.size() < expectedTotal) {
            stats.errors.merge("walk ended short of totalResults", 1L, Long::sum);
        }
        return Report.from(Scenario.CURSOR_WALK, 1, elapsed, 0, List.of(stats));
    }

    private static String human(long millis) {
        return millis % 1000 == 0 ? Runner.formatSeconds(millis / 1000) : millis + "ms";
    }
}
