package io.roster.scim.http;

/**
 * The monitoring paths, outside the SCIM root: {@code /health/live}, {@code /health/ready} and
 * {@code /metrics}, matched exactly on the path as {@link RequestTargets#path} leaves it (no prefix, no
 * trailing slash, no encoded variants), so that being public never extends to a neighbouring path.
 */
final class MonitoringPaths {
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final String METRICS = "/metrics";

    private MonitoringPaths() {
    }

    static boolean isHealth(String path) {
        return LIVE.equals(path) || READY.equals(path);
    }

    static boolean isMetrics(String path) {
        return METRICS.equals(path);
    }
}
