package io.roster.conformance.kit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import io.roster.conformance.ScimTarget;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The standalone conformance runner ({@code java -jar roster-conformance.jar --url URL ...}): runs the
 * kit's tests through the JUnit Platform Launcher against any SCIM server, writes the report and exits 0
 * when nothing failed, 1 when something did, 2 on a usage error. Needs no Roster: the kit speaks HTTP only.
 */
public final class ConformanceRunner {
    /** The kit's test classes: the top-level *Test classes of the kit package, not its subpackages. */
    static final String KIT_CLASSES = "io\\.roster\\.conformance\\.[A-Za-z0-9_]+Test";

    static final String USAGE = """
            usage: java -jar roster-conformance.jar --url URL [--token T | --no-auth]
                   [--profile rfc|rfc-must|clients|roster|all[,...]] [--only AREA...] [--report DIR] [--stress]

              --url       the SCIM root, e.g. https://scim.example.com/scim/v2
              --token     a bearer token the server accepts for provisioning (or env SCIM_TOKEN)
              --no-auth   send no Authorization header (authentication tests are skipped)
              --profile   rfc (default): RFC 7643/7644/9865 MUSTs and SHOULDs; clients: Entra and Okta
                          request shapes; roster: Roster's own policies and extensions; all: everything
              --only      areas: %s
              --report    where conformance-report.json and .html go (default ./conformance-report)
              --stress    also run the large-data tests (thousands of users or members)
            Everything the kit creates has a unique prefix and is deleted or left only under that prefix.
            """.formatted(Area.known());

    /** The parsed command line. */
    public record Options(String url, String token, KitSettings settings) {
    }

    private ConformanceRunner() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options == null) {
            out.print(USAGE);
            return 0;
        }
        Report report = run(options, List.of(selectPackage(KitTests.PACKAGE)), true);
        if (report == null || report.results().isEmpty()) {
            err.println("no kit test was selected (profile " + options.settings().profileName() + ")");
            return 2;
        }
        return report.failures().isEmpty() ? 0 : 1;
    }

    static Options parse(String[] args) {
        String url = null;
        String token = System.getenv("SCIM_TOKEN");
        boolean noAuth = false;
        String profile = "rfc";
        List<String> only = new ArrayList<>();
        Path report = Path.of("conformance-report");
        boolean stress = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--url" -> url = value(args, ++i, a);
                case "--token" -> token = value(args, ++i, a);
                case "--no-auth" -> noAuth = true;
                case "--profile" -> profile = value(args, ++i, a);
                case "--report" -> report = Path.of(value(args, ++i, a));
                case "--stress" -> stress = true;
                case "--only" -> {
                    only.add(value(args, ++i, a));
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        only.add(args[++i]);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("--url http(s)://host/scim-root is required");
        }
        if (noAuth) {
            token = "";
        } else if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("give --token T (or SCIM_TOKEN), or --no-auth");
        }
        KitSettings settings = KitSettings.of(profile, String.join(",", only), stress, report);
        return new Options(url, token, settings);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /**
     * Runs the selected kit tests against the options' server and returns the report. The kit's target
     * and settings are this run's until it ends; kit tests must not be running otherwise in this JVM.
     */
    public static Report run(Options options, List<? extends DiscoverySelector> selectors, boolean print) {
        ReportListener listener = new ReportListener(print);
        LauncherDiscoveryRequest request = request()
                .selectors(selectors)
                .filters(ClassNameFilter.includeClassNamePatterns(KIT_CLASSES))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .build();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(listener)
                .build());
        ScimTarget target = ScimTarget.external(options.url(), options.token());
        try (AutoCloseable t = ScimTarget.use(target); AutoCloseable s = KitSettings.use(options.settings())) {
            Cleanup.enable();
            try {
                launcher.execute(request);
            } finally {
                Cleanup.deleteAll(target);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the kit could not run", e);
        }
        return listener.report();
    }
}
