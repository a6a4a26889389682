package io.roster.scim.app;

import io.roster.scim.backup.BackupManifest;
import io.roster.scim.backup.Export;
import io.roster.scim.backup.Import;
import io.roster.scim.backup.Restore;
import io.roster.scim.schema.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data tools of {@code roster.jar}, beside serving:
 * <pre>
 * java -jar roster.jar restore BACKUP_FOLDER --data-dir NEW_DIR
 * java -jar roster.jar export [--out FILE] [--from-backup BACKUP_FOLDER] [--data-dir DIR]
 * java -jar roster.jar import FILE --data-dir NEW_DIR
 * </pre>
 * Each takes the server's options too (file, environment and flags), so the plugins, their settings
 * and the store backend are the server's: the resource types and indexes are the same. They open the
 * store without starting the plugins, so nothing but the tool writes to it. Progress goes to stderr,
 * a summary to stdout; a failure prints what to do and exits 1, leaving no half-written directory.
 */
final class Tools {
    static final List<String> COMMANDS = List.of("restore", "export", "import");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Tools(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Thrown for a mistake in the command line: printed with the usage, exit 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static String usage() {
        return """
                Data tools (each also takes the server's options, such as --data-dir, --store and --plugin):
                  java -jar roster.jar restore BACKUP_FOLDER --data-dir NEW_DIR
                      Restores an online backup (POST /backups) into a new, empty data directory, checks it
                      and prints its counts; then start the server with --data-dir NEW_DIR.
                  java -jar roster.jar export [--out FILE] [--from-backup BACKUP_FOLDER]
                      Writes every resource, membership and setting as NDJSON (to stdout without --out) from
                      the stopped server's --data-dir, or from a backup (for a running server: take one
                      with POST /backups). The file holds password and token hashes: keep it as safe as the
                      data directory.
                  java -jar roster.jar import FILE --data-dir NEW_DIR
                      Loads an export (- for stdin) into a new, empty data directory, keeping ids, ETags,
                      timestamps, memberships, API clients and plugins' state.
                """;
    }

    /** Runs the command {@code args[0]}; returns the exit code. */
    int run(String[] args) {
        try {
            return switch (args[0]) {
                case "restore" -> restore(args);
                case "export" -> export(args);
                case "import" -> importFile(args);
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            };
        } catch (UsageException | ConfigLoader.ConfigException e) {
            err.println("roster " + args[0] + ": " + e.getMessage());
            err.print(usage());
            return 2;
        } catch (IOException | UncheckedIOException | IllegalStateException | Import.ImportException e) {
            err.println("roster " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }

    // ---------------------------------------------------------------- restore

    private int restore(String[] args) throws UsageException, ConfigLoader.ConfigException, IOException {
        Parsed p = parse(args, Set.of());
        Path backup = p.single("BACKUP_FOLDER");
        Config config = ConfigLoader.load(p.rest(), env);
        Path dataDir = config.dataDir();
        Map<String, Long> counts = restoreInto(backup, dataDir, config);
        out.println("restored " + describe(counts) + " into " + dataDir.toAbsolutePath().normalize()
                + "; start the server with --data-dir " + dataDir);
        return 0;
    }

    /** Copies, opens (rebuilding the store) and verifies; on failure removes what it wrote. */
    private Map<String, Long> restoreInto(Path backup, Path dataDir, Config config) throws IOException {
        Restore.requireEmpty(dataDir);
        boolean existed = Files.exists(dataDir);
        try {
            BackupManifest manifest = Restore.copyInto(backup, dataDir, err::println);
            err.println("restore: opening the copy (the store is rebuilt from the backup; large stores log progress)");
            Map<String, Long> counts;
            try (Opened opened = open(config.withDataDir(dataDir))) {
                counts = opened.engine.counts();
            }
            Restore.verify(manifest, counts);
            return counts;
        } catch (IOException | RuntimeException e) {
            clean(dataDir, existed);
            throw e;
        }
    }

    // ---------------------------------------------------------------- export

    private int export(String[] args) throws UsageException, ConfigLoader.ConfigException, IOException {
        Parsed p = parse(args, Set.of("--out", "--from-backup"));
        p.none("export takes no positional arguments; name the file with --out");
        Config config = ConfigLoader.load(p.rest(), env);
        String outFile = p.flags.get("--out");
        String fromBackup = p.flags.get("--from-backup");
        Path source = config.dataDir();
        Path scratch = null;
        try {
            if (fromBackup != null) {
                scratch = Files.createTempDirectory("roster-export-");
                Files.delete(scratch); // restore wants a missing or empty directory; it creates it
                restoreInto(Path.of(fromBackup), scratch, config);
                source = scratch;
            }
            Export.Summary summary;
            boolean toFile = outFile != null && !outFile.equals("-");
            OutputStream target = toFile ? create(Path.of(outFile)) : nonClosing(out);
            try (Opened opened = open(config.withDataDir(source)); target) {
                List<String> types = opened.engine.registry().resourceTypes().stream().map(ResourceType::name).toList();
                summary = new Export(opened.engine.store(), types).writeTo(target, Main.version(), Clock.systemUTC().instant(),
                        err::println);
            } catch (IOException | RuntimeException e) {
                if (toFile) {
                    Files.deleteIfExists(Path.of(outFile)); // made above: never leave a partial file that looks like an export
                }
                throw e;
            }
            err.println("exported " + describe(summary.resources()) + ", " + summary.members() + " memberships and "
                    + summary.settings() + " settings" + (outFile == null ? "" : " to " + outFile));
            return 0;
        } finally {
            if (scratch != null) {
                clean(scratch, false);
            }
        }
    }

    /** A new file only the owner may read: the export holds hashes of passwords and tokens. */
    private static OutputStream create(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + " exists; choose a new file for the export (nothing is overwritten)");
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system
        }
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static OutputStream nonClosing(OutputStream s) {
        return new java.io.FilterOutputStream(s) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    // ---------------------------------------------------------------- import

    private int importFile(String[] args) throws UsageException, ConfigLoader.ConfigException, IOException {
        Parsed p = parse(args, Set.of());
        String file = p.single("FILE").toString();
        Config config = ConfigLoader.load(p.rest(), env);
        Path dataDir = config.dataDir();
        Restore.requireEmpty(dataDir);
        if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
            throw new IOException("no such file: " + file);
        }
        boolean existed = Files.exists(dataDir);
        Import.Summary summary;
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            try (Opened opened = open(config)) {
                Set<String> types = new HashSet<>();
                opened.engine.registry().resourceTypes().forEach(t -> types.add(t.name()));
                Import importer = new Import(opened.engine.store(), types);
                importer.requireEmpty();
                summary = importer.readFrom(in, err::println);
            }
        } catch (IOException | RuntimeException e) {
            clean(dataDir, existed);
            throw e;
        }
        out.println("imported " + describe(summary.resources()) + ", " + summary.members() + " memberships and "
                + summary.settings() + " settings into " + dataDir.toAbsolutePath().normalize()
                + "; start the server with --data-dir " + dataDir);
        return 0;
    }

    // ---------------------------------------------------------------- shared

    /** The engine over a data directory, plugins registered but not started, and the plugins folder it loaded from. */
    private record Opened(Engine engine, PluginFolder folder) implements AutoCloseable {
        @Override
        public void close() {
            try {
                engine.close();
            } finally {
                folder.close();
            }
        }
    }

    private static Opened open(Config config) {
        PluginFolder folder = PluginFolder.open(config.pluginsDir(), Tools.class.getClassLoader());
        try {
            Engine engine = Engine.open(config.dataDir(), config.store(), folder.discover(), config.settings(), Clock.systemUTC(),
                    PluginSettings.of(config.plugins()));
            return new Opened(engine, folder);
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /** Removes a directory the tool filled: all of it if the tool created it, else what is inside. */
    private void clean(Path dir, boolean existed) {
        try {
            if (existed) {
                try (var entries = Files.list(dir)) {
                    for (Path p : entries.toList()) {
                        Restore.deleteTree(p);
                    }
                }
            } else {
                Restore.deleteTree(dir);
            }
        } catch (IOException e) {
            err.println("could not remove " + dir + " (" + e.getMessage() + "); remove it by hand before trying again");
        }
    }

    private static String describe(Map<String, Long> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((type, n) -> parts.add(n + " " + type + (n == 1 ? "" : "s")));
        return String.join(", ", parts);
    }

    /** The command's own flags and positional arguments; the rest are the server's options. */
    private record Parsed(Map<String, String> flags, List<String> positional, List<String> restList) {
        String[] rest() {
            return restList.toArray(String[]::new);
        }

        Path single(String what) throws UsageException {
            if (positional.size() != 1) {
                throw new UsageException("give exactly one " + what);
            }
            return Path.of(positional.get(0));
        }

        void none(String message) throws UsageException {
            if (!positional.isEmpty()) {
                throw new UsageException(message);
            }
        }
    }

    /** Splits {@code args} (after the command) into the command's flags, positional arguments and server options. */
    private static Parsed parse(String[] args, Set<String> own) throws UsageException {
        Map<String, String> flags = new java.util.HashMap<>();
        List<String> positional = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (own.contains(name)) {
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : null;
                if (value == null || value.isEmpty()) {
                    throw new UsageException(name + " needs a value");
                }
                flags.put(name, value);
            } else if (a.startsWith("--")) {
                rest.add(a);
                if (!a.contains("=") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    rest.add(args[++i]); // the option's value
                }
            } else {
                positional.add(a);
            }
        }
        return new Parsed(flags, positional, rest);
    }
}
