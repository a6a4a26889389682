package io.roster.conformance.kit;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.roster.conformance.Scim;
import io.roster.conformance.ScimTarget;
import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Deletes what a run created on a server the kit does not own. While enabled (by the standalone runner),
 * every resource a kit request created, seen as a 201 with a location or a Bulk POST operation with one,
 * is remembered, whichever client made the request ({@link Exchanges#record} shows each exchange here);
 * at the end each still there is deleted, newest first. Only locations under the target's SCIM root are
 * ever deleted or, when the server refuses to delete one while it holds something, emptied first. The
 * embedded server's data directory is simply discarded instead.
 */
public final class Cleanup {
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
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
     * pass deletes something. When a pass deletes nothing, each resource refused with 409 Conflict is
     * {@linkplain #release released} once and the deletes are tried again; what is still refused then is
     * listed on stderr.
     */
    static int deleteAll(ScimTarget target) {
        enabled = false;
        String root = target.scimRoot() + "/";
        Set<String> unique = new LinkedHashSet<>();
        for (String location; (location = CREATED.poll()) != null; ) {
            String url = URI.create(root).resolve(location).toString();
            if (url.startsWith(root)) {
                unique.add(url);
            }
        }
        List<String> pending = new ArrayList<>(unique);
        Set<String> released = new HashSet<>();
        Map<String, Integer> refused = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            refused.clear();
            for (String url : pending) {
                int status = given().spec(target.spec()).delete(url).statusCode();
                if (status != 204 && status != 200 && status != 404) {
                    refused.put(url, status);
                }
            }
            if (refused.size() == pending.size()) {
                List<String> conflicts = refused.entrySet().stream()
                        .filter(e -> e.getValue() == 409 && !released.contains(e.getKey())).map(Map.Entry::getKey).toList();
                if (conflicts.isEmpty()) {
                    break;
                }
                for (String url : conflicts) {
                    release(target, url);
                    released.add(url);
                }
            }
            pending = new ArrayList<>(refused.keySet());
        }
        if (!refused.isEmpty()) {
            System.err.println("could not delete " + refused.size() + " resources the kit created: "
                    + refused.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList());
        }
        return refused.size();
    }

    /**
     * Empties a resource the server refuses to delete while it holds something: RFC 7644 leaves it to the
     * server which references block a delete (Roster refuses to delete a group that gives licenses, and a
     * license a group gives, so neither can go first). Every non-empty multi-valued attribute the resource
     * shows, core or of an extension, is removed by a PATCH of its own (RFC 7644 section 3.5.2.2), so that
     * one the server refuses (a read-only attribute) does not keep the others. The resource is one the kit
     * created and is about to be deleted, so nothing it held is worth keeping.
     */
    static void release(ScimTarget target, String url) {
        Response r = given().spec(target.spec()).get(url);
        if (r.statusCode() != 200) {
            return;
        }
        Map<String, Object> resource;
        try {
            resource = r.jsonPath().getMap("$");
        } catch (RuntimeException notJson) {
            return;
        }
        if (resource == null) {
            return;
        }
        List<String> paths = new ArrayList<>();
        resource.forEach((name, value) -> {
            if (name.equals("schemas") || name.equals("meta")) {
                return;
            }
            if (value instanceof List<?> values && !values.isEmpty()) {
                paths.add(name);
            } else if (name.regionMatches(true, 0, "urn:", 0, 4) && value instanceof Map<?, ?> extension) {
                extension.forEach((sub, subValue) -> {
                    if (subValue instanceof List<?> values && !values.isEmpty()) {
                        paths.add(name + ":" + sub);
                    }
                });
            }
        });
        for (String path : paths) {
            given().spec(target.spec())
                    .body("{\"schemas\": [\"" + PATCH_OP + "\"], \"Operations\": [{\"op\": \"remove\", \"path\": "
                            + Scim.q(path) + "}]}")
                    .patch(url);
        }
    }
}
