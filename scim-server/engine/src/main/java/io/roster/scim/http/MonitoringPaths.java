package io.roster.scim.http;

/**
 * The operators' paths, outside the SCIM root: {@code /health/live}, {@code /health/ready},
 * {@code /metrics} and {@code /backups}, matched exactly on the path as {@link RequestTargets#path} leaves it (no prefix, no
 * trailing slash, no encoded variants), so that being public never extends to a neighbouring path.
 */
final class MonitoringPaths {
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";
    static final String METRICS = "/metrics";
    static final String BACKUPS = "/backups";

    private MonitoringPaths() {
    }

    static boolean isHealth(String path) {
        return LIVE.equals(path) || READY.equals(path);
    }

    static boolean isMetrics(String path) {
        return METRICS.equals(path);
    }

    static boolean isBackups(String path) {
        return BACKUPS.equals(path);
    }

    /** What a separate admin port serves, and the main port then does not: metrics and backups. */
    static boolean isAdminOnly(String path) {
        return isMetrics(path) || isBackups(path);
    }
}
