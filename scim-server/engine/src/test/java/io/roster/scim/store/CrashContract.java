package io.roster.scim.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Store contract, rules 1 and 2 under a crash: a process killed (SIGKILL) while writing loses no
 * acknowledged unit of work, and every unit is there wholly or not at all after the next open. The
 * writer runs in a child JVM ({@link StoreCrashWorker}) that is killed once it has acknowledged enough
 * units while more are in flight.
 */
public interface CrashContract extends StoreContract {
    /** Units the child must acknowledge before it is killed. */
    int ACKNOWLEDGED_BEFORE_KILL = 150;

    /** Whether this backend's writer can be run in a child process and killed (any embedded backend can). */
    default boolean killable() {
        return true;
    }

    @Test
    default void aKilledWriterLosesNoAcknowledgedUnitAndLeavesNoneHalfDone() throws Exception {
        assumeTrue(killable());
        Path data = dir().resolve("crashed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), StoreCrashWorker.class.getName(), provider(),
                data.toString()));
        options().forEach((k, v) -> command.add(k + "=" + v));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        CountDownLatch enough = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("ack ")) {
                        acknowledged.add(Integer.parseInt(line.substring(4)));
                        if (acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL) {
                            enough.countDown();
                        }
                    }
                }
            } catch (java.io.IOException closedByTheKill) {
                // what was read before counts
            }
        });
        reader.start();
        try {
            assertTrue(enough.await(60, TimeUnit.SECONDS), "the child acknowledged only " + acknowledged.size() + " units");
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, units in flight
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join(10_000);
        } finally {
            child.destroyForcibly();
        }
        assertTrue(acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL, "the child acknowledged " + acknowledged.size() + " units");

        ResourceStore recovered = StoreProvider.openStore(ContractData.config(provider(), data, Map.copyOf(options())));
        try {
            recovered.read(r -> {
                long users = r.count("User");
                int whole = 0;
                for (String userId : r.ids("User", null, Integer.MAX_VALUE)) {
                    String n = userId.substring("crash-user-".length());
                    String groupId = "crash-group-" + n;
                    assertTrue(r.get("Group", groupId) != null && r.isMember(groupId, userId), "unit " + n + " is whole");
                    whole++;
                }
                assertEquals(users, whole);
                assertEquals(users, r.count("Group"), "no group without its user");
                assertEquals(users, Long.parseLong(r.setting(StoreCrashWorker.COUNT)), "the counter counts the units that are there");
                for (int n : acknowledged) {
                    assertTrue(r.get("User", ContractData.id("crash-user", n)) != null, "acknowledged unit " + n + " survived");
                }
                return null;
            });
        } finally {
            recovered.close();
        }
    }
}
