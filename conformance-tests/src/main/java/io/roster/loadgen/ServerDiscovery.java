package io.roster.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks what a scenario needs against what the server says it offers (RFC 7644 section 4), before
 * anything is written: resource types from {@code /ResourceTypes}, features from
 * {@code /ServiceProviderConfig}, extension attributes from {@code /Schemas}. A missing one stops the
 * run with a message naming it, instead of thousands of 404s. Discovery the server does not answer
 * (some put it behind other auth, or lack it) is warned about and the run goes on.
 */
final class ServerDiscovery {

    /** What the run may use: the most operations a Bulk request may carry, 0 when the server does not say. */
    record Found(int bulkMaxOperations) {
    }

    private final ScimClient client;
    private final PrintStream err;

    ServerDiscovery(ScimClient client, PrintStream err) {
        this.client = client;
        this.err = err;
    }

    Found check(Scenario scenario) throws RunFailure, InterruptedException {
        List<String> missing = new ArrayList<>();
        missing.addAll(missingEndpoints(scenario.endpoints()));
        int bulkMax = 0;
        if (!scenario.features().isEmpty()) {
            ScimClient.Response spc = get("/ServiceProviderConfig");
            if (spc.status() == 200) {
                for (Scenario.Feature f : scenario.features()) {
                    Optional<String> flag = Json.scalarAt(spc.body(), f.block, f.flag);
                    // absent: the RFC 7643 features are mandatory in the document, so say nothing and try;
                    // RFC 9865's pagination block is optional, and without it there are no cursors
                    if (flag.map(v -> v.equalsIgnoreCase("false")).orElse(f == Scenario.Feature.CURSOR)) {
                        missing.add(f.description + " (/ServiceProviderConfig " + f.block + "." + f.flag + " is "
                                + flag.orElse("absent") + ")");
                    }
                }
                bulkMax = Json.scalarAt(spc.body(), "bulk", "maxOperations").map(ServerDiscovery::intOrZero).orElse(0);
            } else {
                err.printf("warning: GET /ServiceProviderConfig answered HTTP %d: cannot check that the server supports %s%n",
                        spc.status(), scenario.features().stream().map(f -> f.description).collect(Collectors.joining(", ")));
            }
        }
        missing.addAll(missingAttributes(scenario.extensionAttributes()));
        if (!missing.isEmpty()) {
            throw new RunFailure("scenario " + scenario.cliName() + " needs what the server at " + client.baseUrl()
                    + " does not offer: " + String.join("; ", missing));
        }
        return new Found(bulkMax);
    }

    private List<String> missingEndpoints(List<String> needed) throws RunFailure, InterruptedException {
        ScimClient.Response r = get("/ResourceTypes");
        if (r.status() != 200) {
            err.printf("warning: GET /ResourceTypes answered HTTP %d: cannot check that the server offers %s%n", r.status(),
                    String.join(", ", needed));
            return List.of();
        }
        String body = r.body().strip();
        // a ListResponse (RFC 7644 section 4); some servers answer a bare array of resource types
        List<String> endpoints = Json.stringsInArray(body.startsWith("[") ? "{\"Resources\":" + body + "}" : body,
                "Resources", "endpoint");
        List<String> offered = endpoints.stream().map(ServerDiscovery::lastSegment).toList();
        List<String> out = new ArrayList<>();
        for (String endpoint : needed) {
            if (!offered.contains(lastSegment(endpoint))) {
                out.add(endpoint + " (GET /ResourceTypes lists " + (endpoints.isEmpty() ? "none" : String.join(", ", endpoints))
                        + ")" + hint(endpoint));
            }
        }
        return out;
    }

    private List<String> missingAttributes(List<String> needed) throws RunFailure, InterruptedException {
        Map<String, List<String>> bySchema = new LinkedHashMap<>();
        for (String qualified : needed) {
            int colon = qualified.lastIndexOf(':');
            bySchema.computeIfAbsent(qualified.substring(0, colon), k -> new ArrayList<>()).add(qualified.substring(colon + 1));
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : bySchema.entrySet()) {
            ScimClient.Response r = get("/Schemas/" + e.getKey()); // a URN is safe in a path as it is
            if (r.status() != 200 && r.status() != 404) {
                err.printf("warning: GET /Schemas/%s answered HTTP %d: cannot check its attributes%n", e.getKey(), r.status());
                continue;
            }
            List<String> names = r.status() == 404 ? List.of()
                    : Json.stringsInArray(r.body(), "attributes", "name").stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
            for (String attribute : e.getValue()) {
                if (!names.contains(attribute.toLowerCase(Locale.ROOT))) {
                    out.add("the attribute " + e.getKey() + ":" + attribute + " (not in /Schemas)");
                }
            }
        }
        return out;
    }

    private static String hint(String endpoint) {
        return switch (endpoint) {
            case "/Licenses" -> "; Roster's licensing plugin provides it";
            case "/Roles" -> "; Roster's roles plugin provides it";
            case "/Applications", "/AppRoleAssignments" -> "; Roster's applications plugin provides it";
            case "/ApiClients" -> "; Roster provides it";
            default -> "";
        };
    }

    /** "Users" for "/Users", "Users/", or an absolute URL ending so; case-insensitive. */
    static String lastSegment(String endpoint) {
        String e = endpoint.strip();
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return e.substring(e.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    private static int intOrZero(String s) {
        try {
            return Math.max(0, Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private ScimClient.Response get(String path) throws RunFailure, InterruptedException {
        try {
            return client.get(path);
        } catch (IOException e) {
            throw new RunFailure("GET " + client.baseUrl() + path + " failed: " + e);
        }
    }
}
