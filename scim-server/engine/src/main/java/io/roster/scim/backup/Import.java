package io.roster.scim.backup;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.BoundedJsonReader;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Reads an export ({@link ExportFormat}) into an empty store, keeping ids, versions, timestamps,
 * memberships and settings as exported. Streaming: lines are applied in units of {@link #BATCH}, a few
 * units in flight at once, so memory stays flat and the writer's group commit shares journal forces.
 *
 * <p>Every line is checked before it is written: one JSON object of bounded length and depth, of a known
 * kind, a resource of a type this server registers (a missing plugin is named), in the file's order. The
 * end line's counts must match what was read, so a truncated or spliced file fails. A failed import
 * leaves a partly filled store behind; the command line removes it ({@code roster.jar import} only
 * writes into an empty data directory).
 */
public final class Import {
    /** Lines per unit of work. */
    static final int BATCH = 500;
    /** Units submitted and not yet durable. */
    private static final int IN_FLIGHT = 4;

    /** What an import wrote. */
    public record Summary(Map<String, Long> resources, long members, long settings) {
        public long totalResources() {
            return resources.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The file cannot be imported; the message says where and why. */
    public static final class ImportException extends RuntimeException {
        ImportException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ResourceStore store;
    private final Set<String> types;

    /** @param types the resource types this server registers */
    public Import(ResourceStore store, Set<String> types) {
        this.store = store;
        this.types = Set.copyOf(types);
    }

    /** Refuses a store holding any resource or setting: an import restores a whole store, never merges. */
    public void requireEmpty() {
        String held = store.read(r -> {
            for (String t : types) {
                long n = r.count(t);
                if (n > 0) {
                    return n + " " + t + " resources";
                }
            }
            boolean[] any = {false};
            r.forEachSetting((k, v) -> any[0] = true);
            return any[0] ? "settings" : null;
        });
        if (held != null) {
            throw new ImportException("the store is not empty (it holds " + held + "); import into a new data directory", null);
        }
    }

    /**
     * Reads the whole export from {@code in} and writes it, reporting progress lines to {@code progress}.
     *
     * @throws ImportException naming the line and the problem when the file cannot be imported
     */
    public Summary readFrom(InputStream in, Consumer<String> progress) {
        State s = new State(progress);
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            LineReader lines = new LineReader(reader, ExportFormat.MAX_LINE_CHARS);
            String text;
            while ((text = lines.next()) != null) {
                s.line++;
                if (text.isBlank()) {
                    continue;
                }
                s.accept(parse(text, s.line));
            }
            s.flush();
            s.awaitAll();
            s.finish();
            return new Summary(s.resources, s.members, s.settings);
        } catch (ExportFormat.BadLine e) {
            s.abandon();
            throw new ImportException("cannot import: " + e.getMessage(), e);
        } catch (IOException e) {
            s.abandon();
            throw new ImportException("cannot read the export: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            s.abandon();
            throw new ImportException("cannot import: " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof CompletionFailure && e.getCause() != null ? e.getCause() : e;
        String detail = t instanceof ScimException se ? se.getMessage() : t.getMessage();
        return (e instanceof CompletionFailure cf ? cf.getMessage() + ": " : "") + (detail == null ? t.toString() : detail);
    }

    private static JsonObject parse(String text, long line) {
        JsonValue v;
        try {
            v = BoundedJsonReader.read(new StringReader(text));
        } catch (ScimException e) {
            throw new ExportFormat.BadLine(line, "not valid JSON (" + e.getMessage() + ")");
        }
        if (!(v instanceof JsonObject o)) {
            throw new ExportFormat.BadLine(line, "each line must be one JSON object");
        }
        return o;
    }

    /** A unit of work that failed, with the lines it held. */
    private static final class CompletionFailure extends RuntimeException {
        CompletionFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The import's progress through the file, and the units it has in flight. */
    private final class State {
        private enum Section { HEADER, RESOURCES, MEMBERS, SETTINGS, END }

        long line;
        private Section section = Section.HEADER;
        private Map<String, Long> expected;
        final Map<String, Long> resources = new LinkedHashMap<>();
        long members;
        long settings;
        private final List<Consumer<StoreWriter>> batch = new ArrayList<>();
        private long batchFirstLine;
        private final Deque<Pending> inFlight = new ArrayDeque<>();
        private final Consumer<String> out;
        private Progress progress;

        State(Consumer<String> out) {
            this.out = out;
        }

        record Pending(CompletableFuture<Void> future, long firstLine, long lastLine) {
        }

        void accept(JsonObject o) {
            String kind = ExportFormat.kind(o, line);
            switch (kind) {
                case "header" -> {
                    expect(Section.HEADER, kind);
                    expected = ExportFormat.counts(o, line);
                    for (String type : expected.keySet()) {
                        if (!types.contains(type) && expected.get(type) > 0) {
                            throw new ExportFormat.BadLine(line, "the export holds " + type + " resources, a type this server "
                                    + "does not register; install the plugin that provides it (see --plugins-dir) and import again");
                        }
                    }
                    long total = expected.values().stream().mapToLong(Long::longValue).sum();
                    progress = new Progress("import", "resources", total, out);
                    section = Section.RESOURCES;
                }
                case "resource" -> {
                    expect(Section.RESOURCES, kind);
                    StoredResource r = ExportFormat.readResource(o, line);
                    if (!types.contains(r.type())) {
                        throw new ExportFormat.BadLine(line, "resource type " + r.type() + " is not registered on this server");
                    }
                    resources.merge(r.type(), 1L, Long::sum);
                    add(w -> w.load(r));
                    progress.advance(1);
                }
                case "member" -> {
                    if (section == Section.RESOURCES) {
                        section = Section.MEMBERS;
                    }
                    expect(Section.MEMBERS, kind);
                    String group = ExportFormat.text(o, "group", line);
                    MemberRef m = ExportFormat.readMember(o, line);
                    members++;
                    add(w -> w.addMember(group, m));
                }
                case "setting" -> {
                    if (section == Section.RESOURCES || section == Section.MEMBERS) {
                        section = Section.SETTINGS;
                    }
                    expect(Section.SETTINGS, kind);
                    String key = ExportFormat.text(o, "key", line);
                    if (!(o.get("value") instanceof jakarta.json.JsonString v)) {
                        throw new ExportFormat.BadLine(line, "a setting's \"value\" must be a string");
                    }
                    String value = v.getString();
                    settings++;
                    add(w -> w.putSetting(key, value));
                }
                case "end" -> {
                    if (section != Section.HEADER && section != Section.END) {
                        section = Section.END;
                    }
                    expect(Section.END, kind);
                    long r = ExportFormat.number(o, "resources", line);
                    long m = ExportFormat.number(o, "members", line);
                    long st = ExportFormat.number(o, "settings", line);
                    long read = resources.values().stream().mapToLong(Long::longValue).sum();
                    if (r != read || m != members || st != settings) {
                        throw new ExportFormat.BadLine(line, String.format("the end line counts %d resources, %d members and %d "
                                + "settings, but the file held %d, %d and %d: it was changed or spliced", r, m, st, read, members, settings));
                    }
                    section = null; // nothing may follow
                }
                default -> throw new ExportFormat.BadLine(line, "unknown kind \"" + kind + "\"");
            }
        }

        private void expect(Section wanted, String kind) {
            if (section == null) {
                throw new ExportFormat.BadLine(line, "a \"" + kind + "\" line after the end line");
            }
            if (section != wanted) {
                throw new ExportFormat.BadLine(line, section == Section.HEADER
                        ? "not a Roster export (the first line must be its header)"
                        : "a \"" + kind + "\" line out of order (an export holds the header, resources, members, settings, "
                                + "then the end line)");
            }
        }

        private void add(Consumer<StoreWriter> op) {
            if (batch.isEmpty()) {
                batchFirstLine = line;
            }
            batch.add(op);
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<Consumer<StoreWriter>> ops = List.copyOf(batch);
            batch.clear();
            CompletableFuture<Void> f = store.submit(w -> {
                ops.forEach(op -> op.accept(w));
                return null;
            });
            inFlight.add(new Pending(f, batchFirstLine, line));
            while (inFlight.size() > IN_FLIGHT) {
                await(inFlight.poll());
            }
        }

        void awaitAll() {
            while (!inFlight.isEmpty()) {
                await(inFlight.poll());
            }
        }

        private void await(Pending p) {
            try {
                p.future().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionFailure("interrupted", e);
            } catch (ExecutionException e) {
                throw new CompletionFailure("lines " + p.firstLine() + " to " + p.lastLine() + " could not be written", e.getCause());
            }
        }

        void finish() {
            if (section == Section.HEADER) {
                throw new ExportFormat.BadLine(line, "the file is empty; it is not a Roster export");
            }
            if (section != null) {
                throw new ExportFormat.BadLine(line, "the file ends without its end line: it was cut short (copy it again)");
            }
            for (Map.Entry<String, Long> e : expected.entrySet()) {
                long got = resources.getOrDefault(e.getKey(), 0L);
                if (got != e.getValue()) {
                    throw new ExportFormat.BadLine(line, "the header announces " + e.getValue() + " " + e.getKey()
                            + " resources but the file held " + got);
                }
            }
            progress.finish();
        }

        /** Waits for what is in flight, ignoring its outcome: the import failed anyway. */
        void abandon() {
            for (Pending p : inFlight) {
                try {
                    p.future().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    // already failing
                }
            }
        }
    }

    /** Lines of at most {@code max} characters; a longer one is an error, never buffered whole. */
    static final class LineReader {
        private final Reader in;
        private final int max;
        private final char[] buf = new char[1 << 16];
        private int pos;
        private int len;
        private long lineNo;

        LineReader(Reader in, int max) {
            this.in = in;
            this.max = max;
        }

        String next() throws IOException {
            StringBuilder sb = null;
            while (true) {
                if (pos == len) {
                    len = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        return sb == null ? null : sb.toString();
                    }
                }
                int start = pos;
                while (pos < len && buf[pos] != '\n') {
                    pos++;
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(buf, start, pos - start);
                if (sb.length() > max) {
                    throw new ExportFormat.BadLine(lineNo + 1, "longer than " + max + " characters");
                }
                if (pos < len) {
                    pos++; // the newline
                    lineNo++;
                    int end = sb.length();
                    if (end > 0 && sb.charAt(end - 1) == '\r') {
                        sb.setLength(end - 1);
                    }
                    return sb.toString();
                }
            }
        }
    }
}
