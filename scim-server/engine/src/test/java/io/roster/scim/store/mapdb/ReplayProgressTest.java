package io.roster.scim.store.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {
    @Test
    void theLineSaysCountsShareAndTimeLeftFromTheBytesReadSoFar() {
        long[] now = {0};
        ReplayProgress p = new ReplayProgress("replaying the journal", 4L << 20, () -> now[0]);
        for (int i = 0; i < 1024; i++) {
            p.record(1024 - 16, 3); // 1 MB of records in all, a quarter of the journal
        }
        now[0] = TimeUnit.SECONDS.toNanos(10);
        assertEquals("replaying the journal: 1024 records, 3072 operations, 25% of 4 MB of journal, about 30 s left", p.line(now[0]));
        assertEquals(3072, p.operations());
    }

    @Test
    void anEmptyOrUnreadableJournalGivesNoEstimateRatherThanAWrongOne() {
        ReplayProgress p = new ReplayProgress("replaying the journal", 0, () -> 0L);
        assertEquals("replaying the journal: 0 records, 0 operations, 0% of 0 MB of journal, unknown left", p.line(0));
    }
}
