package io.roster.scim.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.app.Engine;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoredResource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NDJSON export and import: a round trip reproduces the store exactly (ids, versions, timestamps,
 * password hashes, memberships, settings), and an import refuses, naming the line, every file it cannot
 * trust: cut short, spliced, reordered, not JSON, too long, of a type the server does not register, or
 * into a store that holds data.
 */
class ExportImportTest {
    private static final Instant T0 = Instant.parse("2025-02-03T04:05:06Z");

    @TempDir
    Path dir;

    private static List<String> types(Engine e) {
        return e.registry().resourceTypes().stream().map(ResourceType::name).toList();
    }

    private static void fill(ResourceStore store, int users) {
        store.write(w -> {
            for (int i = 0; i < users; i++) {
                w.create("User", String.format("u-%05d", i), JsonSupport.object().add("userName", "user" + i + "@example.com")
                        .add("password", "$pbkdf2-sha256$100000$salt$hash" + i).build(), T0.plusSeconds(i));
            }
            w.create("Group", "g-1", JsonSupport.object().add("displayName", "Engineering").build(), T0);
            for (int i = 0; i < users; i += 2) {
                w.addMember("g-1", new MemberRef(String.format("u-%05d", i), "User", "user" + i));
            }
            w.putSetting("plugin/licensing/joinOrder/g-1", "u-00000|u-00002");
            w.putSetting("auth.bootstrap.sha256", "abcdef");
            return null;
        });
        store.write(w -> w.update("User", "u-00001", JsonSupport.object().add("userName", "renamed@example.com").build(), T0.plusSeconds(99)));
    }

    /** Everything an export can see, in a comparable form. */
    private static Map<String, Object> snapshot(Engine e) {
        Map<String, Object> all = new TreeMap<>();
        e.store().read(r -> {
            for (String type : types(e)) {
                for (String id : r.ids(type, null, 10_000)) {
                    StoredResource res = r.get(type, id);
                    all.put(type + "/" + id, res);
                    List<MemberRef> members = r.members(id, null, 10_000);
                    if (!members.isEmpty()) {
                        all.put("members/" + id, members);
                    }
                }
            }
            r.forEachSetting((k, v) -> all.put("setting/" + k, v));
            return null;
        });
        return all;
    }

    private byte[] export(Engine e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Export(e.store(), types(e)).writeTo(out, "test", T0, line -> { });
        return out.toByteArray();
    }

    private Import.Summary importInto(Path target, byte[] file) {
        try (Engine e = Engine.open(target, List.of())) {
            Set<String> types = new HashSet<>(types(e));
            Import imp = new Import(e.store(), types);
            imp.requireEmpty();
            return imp.readFrom(new ByteArrayInputStream(file), line -> { });
        }
    }

    @Test
    void aRoundTripReproducesTheStoreExactly() {
        Map<String, Object> before;
        byte[] file;
        try (Engine source = Engine.open(dir.resolve("source"), List.of())) {
            fill(source.store(), 1_203); // more than two chunks and batches
            before = snapshot(source);
            file = export(source);
        }
        Import.Summary s = importInto(dir.resolve("copy"), file);
        assertEquals(1_203L, s.resources().get("User"));
        assertEquals(602, s.members());
        try (Engine copy = Engine.open(dir.resolve("copy"), List.of())) {
            assertEquals(before, snapshot(copy));
            assertEquals("u-00001", copy.store().read(r -> r.findUnique("User", "userName", "RENAMED@example.com")),
                    "indexes are built as resources are loaded");
            assertEquals(2, copy.store().read(r -> r.get("User", "u-00001")).version(), "ETags survive");
        }
        String text = new String(file, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"kind\":\"header\""));
        assertTrue(text.endsWith("{\"kind\":\"end\",\"resources\":1204,\"members\":602,\"settings\":2}\n"), text.substring(text.length() - 200));
    }

    private List<String> lines() {
        try (Engine source = Engine.open(dir.resolve("lines-" + System.nanoTime()), List.of())) {
            fill(source.store(), 3);
            return new ArrayList<>(List.of(new String(export(source), StandardCharsets.UTF_8).split("\n")));
        }
    }

    private String refusal(List<String> lines) {
        Path target = dir.resolve("bad-" + System.nanoTime());
        byte[] file = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        return assertThrows(Import.ImportException.class, () -> importInto(target, file)).getMessage();
    }

    @Test
    void aFileCutShortIsRefused() {
        List<String> l = lines();
        l.remove(l.size() - 1);
        assertTrue(refusal(l).contains("ends without its end line"), refusal(l));
    }

    @Test
    void aFileMissingALineIsRefused() {
        List<String> l = lines();
        l.remove(2);
        String message = refusal(l);
        assertTrue(message.contains("the file held"), message);
    }

    @Test
    void linesOutOfOrderAreRefused() {
        List<String> l = lines();
        String member = l.stream().filter(s -> s.contains("\"kind\":\"member\"")).findFirst().orElseThrow();
        l.remove(member);
        l.add(1, member);
        String message = refusal(l);
        assertTrue(message.contains("line 3") && message.contains("out of order"), message);
    }

    @Test
    void brokenJsonIsRefusedNamingTheLine() {
        List<String> l = lines();
        l.set(2, "{\"kind\":\"resource\",");
        String message = refusal(l);
        assertTrue(message.contains("line 3") && message.contains("not valid JSON"), message);
        l = lines();
        l.set(0, "[1,2]");
        assertTrue(refusal(l).contains("line 1: each line must be one JSON object"), refusal(l));
        assertTrue(refusal(List.of("{\"kind\":\"header\",\"format\":\"something-else\"}")).contains("not a Roster export"));
    }

    @Test
    void aTypeTheServerDoesNotRegisterNamesThePlugin() {
        List<String> l = lines();
        l.set(0, l.get(0).replace("\"counts\":{", "\"counts\":{\"Application\":1,"));
        String message = refusal(l);
        assertTrue(message.contains("Application") && message.contains("install the plugin"), message);
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedWithoutBufferingIt() throws Exception {
        Import.LineReader reader = new Import.LineReader(new java.io.StringReader("x".repeat(5000) + "\n"), 1000);
        assertTrue(assertThrows(RuntimeException.class, reader::next).getMessage().contains("longer than 1000"));
    }

    @Test
    void anImportIntoAStoreHoldingDataIsRefused() {
        byte[] file = String.join("\n", lines()).getBytes(StandardCharsets.UTF_8);
        Path target = dir.resolve("full");
        try (Engine e = Engine.open(target, List.of())) {
            fill(e.store(), 1);
            Import imp = new Import(e.store(), new HashSet<>(types(e)));
            assertTrue(assertThrows(Import.ImportException.class, imp::requireEmpty).getMessage().contains("not empty"));
        }
        assertTrue(file.length > 0);
    }

    @Test
    void progressReportsCountsRateAndTimeLeft() {
        Progress p = new Progress("import", "resources", 1000, line -> { });
        p.advance(250);
        String line = p.line(System.nanoTime());
        assertTrue(line.startsWith("import: 250 of 1,000 resources (25%)") && line.contains("left"), line);
        assertEquals("2 min 5 s", Progress.duration(125));
    }
}
