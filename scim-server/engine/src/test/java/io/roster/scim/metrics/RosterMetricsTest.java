package io.roster.scim.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.app.Engine;
import io.roster.scim.json.JsonSupport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters read from the store: jobs in progress summed per plugin and kind, the writer's batches, counts. */
class RosterMetricsTest {
    @TempDir
    Path dir;

    private static jakarta.json.JsonObject job(String plugin, String kind, String state, long processed, long total) {
        return JsonSupport.object().add("plugin", plugin).add("kind", kind).add("key", kind + processed).add("run", 1)
                .add("state", state).add("processed", processed).add("total", total).build();
    }

    @Test
    void jobsInProgressAreSummedPerPluginAndKindAndFinishedOnesLeftOut() {
        try (Engine engine = Engine.open(dir, List.of())) {
            Instant now = Instant.now();
            engine.store().write(w -> {
                w.create("Job", "j1", job("groups", "rebuild", "running", 10, 100), now);
                w.create("Job", "j2", job("groups", "rebuild", "queued", 0, 50), now);
                w.create("Job", "j3", job("groups", "rebuild", "completed", 70, 70), now);
                w.create("Job", "j4", job("licensing", "sync", "running", 3, 9), now);
                return null;
            });
            try (RosterMetrics metrics = new RosterMetrics(engine.store(), List.of("User", "Job"), () -> 7)) {
                engine.store().write(w -> w.create("Job", "j5", job("licensing", "sync", "completed", 1, 1), now));
                String text = metrics.scrape();
                assertTrue(text.contains("roster_jobs_in_progress{kind=\"rebuild\",plugin=\"groups\"} 2"), text);
                assertTrue(text.contains("roster_jobs_processed_items{kind=\"rebuild\",plugin=\"groups\"} 10"), text);
                assertTrue(text.contains("roster_jobs_total_items{kind=\"rebuild\",plugin=\"groups\"} 150"), text);
                assertTrue(text.contains("roster_jobs_in_progress{kind=\"sync\",plugin=\"licensing\"} 1"), text);
                assertTrue(text.contains("roster_resources{type=\"Job\"} 5"), text);
                assertTrue(text.contains("roster_outbox_pending_entries 7"), text);
                assertTrue(text.contains("roster_store_writer_batch_size_writes_count 1"), text);
                assertFalse(text.contains("roster_license_seats"), "no License type, no license gauges");
            }
        }
    }
}
