package io.roster.scim.hook;

import io.roster.scim.spi.Job;
import io.roster.scim.spi.JobHandler;
import io.roster.scim.spi.JobStep;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one plugin's background jobs on a thread of its own: one step per durable write, the first pending
 * job of each kind in turn, the job served going to the back of its queue so that several large jobs
 * progress together. A step that throws is undone with its write and retried with backoff (100 ms
 * doubling to 30 s). Woken when a write that scheduled a job commits; it also looks every 250 ms, since
 * a wake from inside a write may come before its commit.
 */
final class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

    private final PluginScope scope;
    private final EngineRuntime runtime;
    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean stopping;
    private Thread thread;

    JobRunner(PluginScope scope, EngineRuntime runtime) {
        this.scope = scope;
        this.runtime = runtime;
    }

    synchronized void start() {
        stopping = false;
        thread = new Thread(this::loop, scope.pluginId + "-jobs");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after the step being written, if any; what is left stays pending in the store for the next start. */
    synchronized void stop() {
        stopping = true;
        wake();
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        long backoff = 100;
        while (!stopping) {
            boolean more;
            try {
                more = runtime.hasPendingJobs() && runtime.write(ctx -> step((PluginHookContext) ctx, scope));
                backoff = 100;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.log(Level.WARNING, "a background job of plugin " + scope.pluginId + " failed; retrying in " + backoff + " ms", e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
                continue;
            }
            if (!more) {
                synchronized (signal) {
                    if (!signalled && !stopping) {
                        try {
                            signal.wait(250);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    signalled = false;
                }
            }
        }
    }

    /** One step of the first pending job, in this write; true while work is left. */
    static boolean step(PluginHookContext ctx, PluginScope scope) {
        PluginJobs jobs = (PluginJobs) ctx.jobs();
        for (Map.Entry<String, JobHandler> kind : scope.jobHandlers.entrySet()) {
            Set<String> pending = jobs.pending(kind.getKey());
            if (pending.isEmpty()) {
                continue;
            }
            Job job = jobs.get(kind.getKey(), pending.iterator().next());
            if (job == null) { // a queue entry without a pending job: drop the entry
                jobs.unqueue(kind.getKey(), pending.iterator().next());
                return true;
            }
            JobStep step = kind.getValue().step(job, ctx);
            // the handler may have cancelled or rescheduled its own job in this step: then that stands
            if (!jobs.replacedInThisWrite(job.kind(), job.key())) {
                jobs.stepped(job, step);
            }
            return true;
        }
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
