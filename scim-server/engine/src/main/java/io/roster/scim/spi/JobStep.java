package io.roster.scim.spi;

/**
 * What one step of a job did: the cursor to resume from, how many items it processed, and whether the job
 * is finished.
 */
public record JobStep(String cursor, long processed, boolean done) {

    /** More to do, from {@code cursor} on. */
    public static JobStep next(String cursor, long processed) {
        return new JobStep(cursor, processed, false);
    }

    /** Finished: in the same write the job leaves the queue and its Job resource becomes {@code completed}. */
    public static JobStep done(long processed) {
        return new JobStep(null, processed, true);
    }
}
