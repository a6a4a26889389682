package io.roster.scim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.MemberRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roster.jar restore | export | import} as an operator runs them: exit codes, messages, files. */
class ToolsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        String[] withPlugins = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--plugins-dir", dir.resolve("no-plugins").toString())).toArray(String[]::new);
        return new Tools(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of()).run(withPlugins);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A data directory with two users in a group, and a backup of it taken while it was open. */
    private Path backupOfAStore() throws Exception {
        Files.createDirectories(dir.resolve("no-plugins"));
        try (Engine e = Engine.open(dir.resolve("live"), List.of())) {
            e.store().write(w -> {
                Instant now = Instant.parse("2025-01-01T00:00:00Z");
                w.create("User", "u-1", JsonSupport.object().add("userName", "ada@example.com").build(), now);
                w.create("User", "u-2", JsonSupport.object().add("userName", "grace@example.com").build(), now);
                w.create("Group", "g-1", JsonSupport.object().add("displayName", "Admins").build(), now);
                w.addMember("g-1", new MemberRef("u-1", "User", "ada"));
                return null;
            });
            Path backup = dir.resolve("backups/roster-1");
            var b = e.store().backup(backup, line -> { });
            Files.writeString(backup.resolve("backup.json"), "{\"format\":\"roster-backup\",\"name\":\"roster-1\",\"store\":\"mapdb\","
                    + "\"roster\":\"test\",\"created\":\"2025-01-01T00:00:00Z\",\"position\":" + b.position() + ",\"bytes\":"
                    + b.bytes() + ",\"counts\":{\"User\":2,\"Group\":1}}");
            return backup;
        }
    }

    @Test
    void restoreExportAndImportCarryTheDirectory() throws Exception {
        Path backup = backupOfAStore();
        assertEquals(0, run("restore", backup.toString(), "--data-dir", dir.resolve("restored").toString()), err());
        assertTrue(out().contains("restored 2 Users, 1 Group"), out());

        Path file = dir.resolve("all.ndjson");
        assertEquals(0, run("export", "--from-backup", backup.toString(), "--out", file.toString()), err());
        assertTrue(err().contains("export: done, 3 resources"), err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "the export holds hashes");

        assertEquals(0, run("import", file.toString(), "--data-dir", dir.resolve("imported").toString()), err());
        assertTrue(out().contains("imported 2 Users, 1 Group") && out().contains("1 memberships"), out());
        try (Engine e = Engine.open(dir.resolve("imported"), List.of())) {
            assertTrue((boolean) e.store().<Boolean>read(r -> r.isMember("g-1", "u-1")));
        }

        assertEquals(0, run("export", "--data-dir", dir.resolve("imported").toString()), err());
        assertTrue(out().startsWith("{\"kind\":\"header\""), "without --out the export goes to stdout");
    }

    @Test
    void nothingIsOverwrittenAndFailuresLeaveNothingBehind() throws Exception {
        Path backup = backupOfAStore();
        Path file = dir.resolve("all.ndjson");
        assertEquals(0, run("export", "--from-backup", backup.toString(), "--out", file.toString()), err());
        assertEquals(1, run("export", "--from-backup", backup.toString(), "--out", file.toString()));
        assertTrue(err().contains("exists"), err());

        assertEquals(1, run("import", file.toString(), "--data-dir", dir.resolve("live").toString()));
        assertTrue(err().contains("is not empty"), err());
        assertEquals(1, run("restore", backup.toString(), "--data-dir", dir.resolve("live").toString()));

        Files.writeString(dir.resolve("cut.ndjson"), Files.readAllLines(file).get(0) + "\n");
        Path target = dir.resolve("never");
        assertEquals(1, run("import", dir.resolve("cut.ndjson").toString(), "--data-dir", target.toString()));
        assertTrue(err().contains("cut short"), err());
        assertFalse(Files.exists(target), "a failed import removes the directory it made");

        assertEquals(1, run("restore", dir.resolve("nothing-here").toString(), "--data-dir", target.toString()));
        assertTrue(err().contains("not a complete Roster backup"), err());
        assertFalse(Files.exists(target));
    }

    @Test
    void mistakesInTheCommandLineShowTheUsage() {
        assertEquals(2, run("import"));
        assertTrue(err().contains("give exactly one FILE") && err().contains("java -jar roster.jar import"), err());
        assertEquals(2, run("export", "stray"));
        assertEquals(2, run("restore", "b", "--no-such-option", "x"));
        assertTrue(err().contains("unknown option"), err());
    }
}
