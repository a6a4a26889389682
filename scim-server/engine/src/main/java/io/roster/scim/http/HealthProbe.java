package io.roster.scim.http;

import io.roster.scim.metrics.Health;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Answers {@code /health/live} and {@code /health/ready} at the edge, before authentication and the
 * per-caller permits (a probe needs no token and is never refused for a busy caller), without Jersey and
 * without touching the store: live is 200 while the process serves; ready is 200 only while
 * {@link Health} says so, else 503 with the reason.
 */
final class HealthProbe {
    private final Health health;

    HealthProbe(Health health) {
        this.health = health;
    }

    void answer(Request request, Response response) throws IOException {
        Method method = request.getMethod();
        response.setHeader("Cache-Control", "no-store");
        if (method != Method.GET && method != Method.HEAD) {
            response.setStatus(405);
            response.setHeader("Allow", "GET, HEAD");
            response.setContentLength(0);
            return;
        }
        String body;
        if (MonitoringPaths.LIVE.equals(request.getRequestURI())) {
            body = "{\"status\":\"UP\"}";
        } else {
            String reason = health.reason();
            if (reason == null) {
                body = "{\"status\":\"UP\"}";
            } else {
                response.setStatus(503);
                body = "{\"status\":\"DOWN\",\"reason\":\"" + escape(reason) + "\"}";
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        if (method == Method.GET) {
            response.getOutputStream().write(bytes);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
