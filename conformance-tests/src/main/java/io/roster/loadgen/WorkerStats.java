package io.roster.loadgen;

import java.util.HashMap;
import java.util.Map;

/**
 * What one worker thread observed. Written only by its owner thread and read only after that thread
 * has been joined (join gives the needed happens-before), so nothing here is synchronized.
 */
final class WorkerStats {
    final LatencyRecorder latencies = new LatencyRecorder();
    final Map<String, Long> errors = new HashMap<>();
    long ok;

    /**
     * Records one request.
     *
     * @param errorKey null for success, otherwise what went wrong ("HTTP 404", "ConnectException")
     */
    void record(long latencyNanos, String errorKey) {
        latencies.add(latencyNanos);
        if (errorKey == null) {
            ok++;
        } else {
            errors.merge(errorKey, 1L, Long::sum);
        }
    }
}
