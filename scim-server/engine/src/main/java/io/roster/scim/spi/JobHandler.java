package io.roster.scim.spi;

/**
 * The work of one kind of background job. The engine runs each plugin's jobs on a thread of its own, one
 * step per durable write, round-robin over the pending jobs so several large jobs progress together; a
 * step that throws is undone and retried with backoff. Between steps other clients' writes get the writer.
 */
@FunctionalInterface
public interface JobHandler {

    /**
     * Processes the next chunk of the job after {@link Job#cursor()}, in a stable order, inside one write
     * ({@code context} is that write; changes it makes go through every hook as a request's would). The
     * returned cursor and count are stored in the same write.
     */
    JobStep step(Job job, HookContext context);
}
