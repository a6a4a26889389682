package io.roster.conformance.kit;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.roster.conformance.ScimTarget;
import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Deletes what a run created on a server the kit does not own. While enabled (by the standalone runner),
 * every resource a kit request created, seen as a 201 with a location or a Bulk POST operation with one,
 * is remembered, whichever client made the request ({@link Exchanges#record} shows each exchange here);
 * at the end each still there is deleted, newest first. Only locations under the target's SCIM root are
 * ever deleted. The embedded server's data directory is simply discarded instead.
 */
public final class Cleanup {
    private static volatile boolean enabled;
    private static final Deque<String> CREATED = new ConcurrentLinkedDeque<>();

    private Cleanup() {
    }

    static void enable() {
        CREATED.clear();
        enabled = true;
    }

    /** Whether exchanges are being watched for what they create. */
    static boolean watching() {
        return enabled;
    }

    /** Remembers what this response says was created (called for every kit exchange, whichever client made it). */
    static void observe(String method, Exchanges.Received response) {
        if (!enabled || !"POST".equalsIgnoreCase(method)) {
            return;
        }
        try {
            if (response.status() == 201) {
                String location = response.header("Location");
                if (location == null) {
                    location = JsonPath.from(response.text()).getString("meta.location");
                }
                if (location != null) {
                    CREATED.push(location);
                }
            } else if (response.status() == 200 && String.valueOf(response.header("Content-Type")).contains("json")) {
                List<Map<String, Object>> ops = JsonPath.from(response.text()).getList("Operations");
                if (ops != null) {
                    for (Map<String, Object> op : ops) {
                        if ("POST".equalsIgnoreCase(String.valueOf(op.get("method"))) && op.get("location") != null
                                && "201".equals(String.valueOf(op.get("status")))) {
                            CREATED.push(String.valueOf(op.get("location")));
                        }
                    }
                }
            }
        } catch (RuntimeException notJson) {
            // an answer that is no SCIM resource created nothing the kit could name
        }
    }

    /**
     * Deletes every remembered resource still there; returns how many could not be deleted. A resource
     * refused (say a group another one still references) is tried again after the others, as long as a
     * pass deletes something; what is still refused then is listed on stderr.
     */
    static int deleteAll(ScimTarget target) {
        enabled = false;
        String root = target.scimRoot() + "/";
        List<String> pending = new ArrayList<>();
        for (String location; (location = CREATED.poll()) != null; ) {
            String url = URI.create(root).resolve(location).toString();
            if (url.startsWith(root)) {
                pending.add(url);
            }
        }
        List<String> refused = new ArrayList<>();
        while (!pending.isEmpty()) {
            List<String> again = new ArrayList<>();
            refused.clear();
            for (String url : pending) {
                int status = given().spec(target.spec()).delete(url).statusCode();
                if (status != 204 && status != 200 && status != 404) {
                    again.add(url);
                    refused.add(url + " (" + status + ")");
                }
            }
            if (again.size() == pending.size()) {
                break;
            }
            pending = again;
        }
        if (!refused.isEmpty()) {
            System.err.println("could not delete " + refused.size() + " resources the kit created: " + refused);
        }
        return refused.size();
    }
}
