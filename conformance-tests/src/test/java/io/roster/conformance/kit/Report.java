package io.roster.conformance.kit;

import io.roster.conformance.Scim;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one run of the kit: every kit test with its level, area, rule and outcome, a failure
 * with its message and last exchanges. Written as JSON and HTML, summed up on one screen.
 */
public final class Report {
    public enum Status { PASSED, FAILED, SKIPPED }

    /** One kit test's outcome. */
    public record Result(String test, String className, String method, Level level, Area area, String rule,
            Status status, String message, List<Exchanges.Exchange> exchanges) {
    }

    /** Pass, fail and skip counts. */
    public record Counts(int passed, int failed, int skipped) {
        Counts plus(Status s) {
            return new Counts(passed + (s == Status.PASSED ? 1 : 0), failed + (s == Status.FAILED ? 1 : 0),
                    skipped + (s == Status.SKIPPED ? 1 : 0));
        }

        public int total() {
            return passed + failed + skipped;
        }
    }

    private final String target;
    private final KitSettings settings;
    private final List<Result> results = Collections.synchronizedList(new ArrayList<>());

    Report(String target, KitSettings settings) {
        this.target = target;
        this.settings = settings;
    }

    void add(Result r) {
        results.add(r);
    }

    public List<Result> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    public Map<Area, Counts> byArea() {
        Map<Area, Counts> m = new EnumMap<>(Area.class);
        for (Result r : results()) {
            m.merge(r.area(), new Counts(0, 0, 0).plus(r.status()), (a, b) -> new Counts(
                    a.passed() + b.passed(), a.failed() + b.failed(), a.skipped() + b.skipped()));
        }
        return m;
    }

    public Map<Level, Counts> byLevel() {
        Map<Level, Counts> m = new EnumMap<>(Level.class);
        for (Result r : results()) {
            m.merge(r.level(), new Counts(0, 0, 0).plus(r.status()), (a, b) -> new Counts(
                    a.passed() + b.passed(), a.failed() + b.failed(), a.skipped() + b.skipped()));
        }
        return m;
    }

    public Counts total() {
        Counts c = new Counts(0, 0, 0);
        for (Result r : results()) {
            c = c.plus(r.status());
        }
        return c;
    }

    public List<Result> failures() {
        return results().stream().filter(r -> r.status() == Status.FAILED).toList();
    }

    // ------------------------------------------------------------------ console

    void printSummary(PrintStream out) {
        Counts t = total();
        out.println();
        out.println("SCIM conformance of " + target + " (profile " + settings.profileName() + ")");
        out.printf(Locale.ROOT, "  %-22s %6s %6s %6s%n", "area", "pass", "fail", "skip");
        byArea().forEach((area, c) -> out.printf(Locale.ROOT, "  %-22s %6d %6d %6d%n", area.label(), c.passed(), c.failed(), c.skipped()));
        byLevel().forEach((level, c) -> out.printf(Locale.ROOT, "  %-22s %6d %6d %6d%n", "[" + level.label() + "]", c.passed(), c.failed(), c.skipped()));
        out.printf(Locale.ROOT, "  %-22s %6d %6d %6d%n", "total", t.passed(), t.failed(), t.skipped());
        List<Result> failures = failures();
        int shown = Math.min(12, failures.size());
        for (Result f : failures.subList(0, shown)) {
            out.println("  FAIL [" + f.level().label() + (f.rule().isEmpty() ? "" : ", " + f.rule()) + "] " + f.test()
                    + ": " + firstLine(f.message()));
        }
        if (failures.size() > shown) {
            out.println("  ... and " + (failures.size() - shown) + " more failures");
        }
        out.println("  report: " + settings.reportDir().resolve("conformance-report.html").toAbsolutePath());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        List<String> lines = s.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String line = lines.isEmpty() ? "" : lines.get(0);
        if (line.matches("(\\w+: )?\\d+ expectations? failed\\.?") && lines.size() > 1) {
            // REST-assured's headline counts; the next line says what was expected
            line = lines.get(1);
        }
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    // ------------------------------------------------------------------ files

    void write() {
        try {
            Files.createDirectories(settings.reportDir());
            Files.writeString(settings.reportDir().resolve("conformance-report.json"), json(), StandardCharsets.UTF_8);
            Files.writeString(settings.reportDir().resolve("conformance-report.html"), html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance report to " + settings.reportDir(), e);
        }
    }

    String json() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"target\": ").append(js(target)).append(",\n");
        sb.append("  \"profile\": ").append(js(settings.profileName())).append(",\n");
        sb.append("  \"total\": ").append(counts(total())).append(",\n");
        sb.append("  \"areas\": {");
        String sep = "\n";
        for (Map.Entry<Area, Counts> e : byArea().entrySet()) {
            sb.append(sep).append("    ").append(js(e.getKey().label())).append(": ").append(counts(e.getValue()));
            sep = ",\n";
        }
        sb.append("\n  },\n  \"levels\": {");
        sep = "\n";
        for (Map.Entry<Level, Counts> e : byLevel().entrySet()) {
            sb.append(sep).append("    ").append(js(e.getKey().label())).append(": ").append(counts(e.getValue()));
            sep = ",\n";
        }
        sb.append("\n  },\n  \"tests\": [");
        sep = "\n";
        for (Result r : results()) {
            sb.append(sep).append("    {\"test\": ").append(js(r.test()))
                    .append(", \"class\": ").append(js(r.className()))
                    .append(", \"method\": ").append(js(r.method()))
                    .append(", \"level\": ").append(js(r.level().label()))
                    .append(", \"area\": ").append(js(r.area().label()))
                    .append(", \"rule\": ").append(js(r.rule()))
                    .append(", \"status\": ").append(js(r.status().name().toLowerCase(Locale.ROOT)));
            if (r.message() != null) {
                sb.append(", \"message\": ").append(js(r.message()));
            }
            if (!r.exchanges().isEmpty()) {
                sb.append(", \"exchanges\": [");
                String s2 = "";
                for (Exchanges.Exchange x : r.exchanges()) {
                    sb.append(s2).append("{\"request\": ").append(js(x.request())).append(", \"response\": ")
                            .append(js(x.response())).append('}');
                    s2 = ", ";
                }
                sb.append(']');
            }
            sb.append('}');
            sep = ",\n";
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    private static String counts(Counts c) {
        return "{\"passed\": " + c.passed() + ", \"failed\": " + c.failed() + ", \"skipped\": " + c.skipped() + "}";
    }

    private static String js(String s) {
        return s == null ? "null" : Scim.q(s);
    }

    String html() {
        StringBuilder sb = new StringBuilder();
        Counts t = total();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SCIM conformance report</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em}")
                .append(".failed{color:#b00}.skipped{color:#888}.passed{color:#070}pre{background:#f6f6f6;padding:.5em;overflow:auto;max-height:30em}</style></head><body>\n")
                .append("<h1>SCIM conformance report</h1>\n<p>Target <code>").append(h(target)).append("</code>, profile <b>")
                .append(h(settings.profileName())).append("</b>: ").append(t.passed()).append(" passed, ").append(t.failed())
                .append(" failed, ").append(t.skipped()).append(" skipped.</p>\n");
        sb.append("<h2>By area</h2>\n<table><tr><th>area</th><th>pass</th><th>fail</th><th>skip</th></tr>\n");
        byArea().forEach((a, c) -> sb.append("<tr><td><a href=\"#").append(a.label()).append("\">").append(a.label())
                .append("</a></td><td>").append(c.passed()).append("</td><td class=\"failed\">").append(c.failed())
                .append("</td><td>").append(c.skipped()).append("</td></tr>\n"));
        sb.append("</table>\n<h2>By level</h2>\n<table><tr><th>level</th><th>pass</th><th>fail</th><th>skip</th></tr>\n");
        byLevel().forEach((l, c) -> sb.append("<tr><td>").append(l.label()).append("</td><td>").append(c.passed())
                .append("</td><td class=\"failed\">").append(c.failed()).append("</td><td>").append(c.skipped()).append("</td></tr>\n"));
        sb.append("</table>\n");
        for (Area a : byArea().keySet()) {
            sb.append("<h2 id=\"").append(a.label()).append("\">").append(a.label()).append("</h2>\n<table>")
                    .append("<tr><th>test</th><th>level</th><th>rule</th><th>outcome</th></tr>\n");
            for (Result r : results()) {
                if (r.area() != a) {
                    continue;
                }
                String cls = r.status().name().toLowerCase(Locale.ROOT);
                sb.append("<tr><td>").append(h(r.test())).append("</td><td>").append(r.level().label()).append("</td><td>")
                        .append(h(r.rule())).append("</td><td class=\"").append(cls).append("\">").append(cls);
                if (r.message() != null && !r.message().isBlank()) {
                    sb.append(r.status() == Status.FAILED ? "<details open>" : "<details>")
                            .append("<summary>").append(h(firstLine(r.message()))).append("</summary><pre>")
                            .append(h(r.message())).append("</pre>");
                    for (Exchanges.Exchange x : r.exchanges()) {
                        sb.append("<pre>").append(h(x.request())).append("</pre><pre>").append(h(x.response())).append("</pre>");
                    }
                    sb.append("</details>");
                }
                sb.append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String h(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
