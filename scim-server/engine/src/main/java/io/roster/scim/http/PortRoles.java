package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;

/**
 * Which listener serves what, with {@code --admin-port}: the admin listener serves the operators' paths
 * only ({@code /health}, {@code /metrics}, {@code /backups}), and the main one everything else plus the
 * health probes, so that metrics and backups can be kept off the network clients reach. Without an admin
 * listener every path is served on the one port.
 */
final class PortRoles {
    private final NetworkListener admin;

    /** @param admin the admin listener, or null when there is none */
    PortRoles(NetworkListener admin) {
        this.admin = admin;
    }

    /**
     * Throws 404 when {@code request} came to a listener that does not serve its path (answering 404
     * rather than 403 says nothing about what the other port serves to someone who should not know).
     */
    void check(Request request) {
        if (admin == null) {
            return;
        }
        String path = request.getRequestURI();
        boolean onAdmin = request.getLocalPort() == admin.getPort();
        if (onAdmin && !MonitoringPaths.isHealth(path) && !MonitoringPaths.isAdminOnly(path)) {
            throw ScimException.notFound("This is the admin port: it serves only /health/live, /health/ready, /metrics and "
                    + "/backups. The SCIM API and the admin console are on the main port.");
        }
        if (!onAdmin && MonitoringPaths.isAdminOnly(path)) {
            throw ScimException.notFound("Not served on this port: /metrics and /backups are on the admin port (--admin-port).");
        }
    }
}
