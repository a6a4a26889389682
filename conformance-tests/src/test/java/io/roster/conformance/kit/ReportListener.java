package io.roster.conformance.kit;

import io.roster.conformance.ScimTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Collects the kit tests' outcomes into a {@link Report}, writes it beside the JUnit XML when the plan
 * ends and prints the one-screen summary. Only classified kit tests count: the fuzzer, the load
 * generator's and the crash tests never do. A class skipped or aborted as a whole (a missing capability,
 * an assumption in {@code @BeforeAll}) counts each of its tests as skipped, with the reason.
 */
public final class ReportListener implements TestExecutionListener {
    private volatile TestPlan plan;
    private volatile Report report;
    private final Set<String> counted = ConcurrentHashMap.newKeySet();
    private final boolean print;

    /** As registered through META-INF/services: prints the summary. */
    public ReportListener() {
        this(true);
    }

    public ReportListener(boolean print) {
        this.print = print;
    }

    /** The report of the last plan (empty before one ran). */
    public Report report() {
        return report;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        counted.clear();
        report = null;
    }

    private Report current() {
        Report r = report;
        if (r == null) {
            synchronized (this) {
                r = report;
                if (r == null) {
                    r = new Report(ScimTarget.get().scimRoot().toString(), KitSettings.current());
                    report = r;
                }
            }
        }
        return r;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.getSource().filter(KitTests::isKitSource).isEmpty()) {
            return;
        }
        if (id.isTest()) {
            add(id, Report.Status.SKIPPED, reason, false);
        } else {
            skipDescendants(id, reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.getSource().filter(KitTests::isKitSource).isEmpty()) {
            return;
        }
        String message = result.getThrowable().map(ReportListener::describe).orElse(null);
        if (id.isTest()) {
            Report.Status status = switch (result.getStatus()) {
                case SUCCESSFUL -> Report.Status.PASSED;
                case ABORTED -> Report.Status.SKIPPED;
                case FAILED -> Report.Status.FAILED;
            };
            add(id, status, message, true);
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            // a class whose @BeforeAll failed or was aborted: its tests never ran
            skipDescendantsAs(id, result.getStatus() == TestExecutionResult.Status.FAILED
                    ? Report.Status.FAILED : Report.Status.SKIPPED, message);
        }
    }

    private void skipDescendants(TestIdentifier container, String reason) {
        skipDescendantsAs(container, Report.Status.SKIPPED, reason);
    }

    private void skipDescendantsAs(TestIdentifier container, Report.Status status, String reason) {
        TestPlan p = plan;
        if (p == null) {
            return;
        }
        for (TestIdentifier d : p.getDescendants(container)) {
            boolean templateThatNeverRan = d.getSource().filter(s -> s instanceof MethodSource).isPresent()
                    && p.getChildren(d).isEmpty();
            if (d.isTest() || templateThatNeverRan) {
                add(d, status, reason, false);
            }
        }
    }

    private void add(TestIdentifier id, Report.Status status, String message, boolean withExchanges) {
        List<Exchanges.Exchange> exchanges = withExchanges ? Exchanges.take(id.getUniqueId()) : List.of();
        if (!counted.add(id.getUniqueId())) {
            return;
        }
        Optional<Classification> c = id.getSource().flatMap(KitTests::classify);
        if (c.isEmpty() || !(id.getSource().get() instanceof MethodSource ms)) {
            return;
        }
        String name = ms.getJavaClass().getSimpleName() + "." + ms.getMethodName()
                + (id.getDisplayName().startsWith(ms.getMethodName()) ? "" : " " + id.getDisplayName());
        current().add(new Report.Result(name, ms.getClassName(), ms.getMethodName(), c.get().level(), c.get().area(),
                c.get().rule(), status, message, status == Report.Status.FAILED ? exchanges : List.of()));
    }

    private static String describe(Throwable t) {
        StringWriter w = new StringWriter();
        w.append(t.getClass().getSimpleName()).append(": ").append(String.valueOf(t.getMessage()));
        if (!(t instanceof AssertionError) && !(t.getClass().getName().startsWith("org.opentest4j"))) {
            // an exception, not an assertion: where it came from helps
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            w.append('\n').append(trace.toString().lines().limit(12).reduce("", (a, b) -> a + b + "\n"));
        }
        return w.toString();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Report r = report;
        if (r == null || r.results().isEmpty()) {
            return;
        }
        r.write();
        if (print) {
            r.printSummary(System.out);
        }
    }
}
