package io.roster.scim.http;

import java.util.HashSet;
import java.util.Set;

/**
 * The {@code endpoint} label of a request's metrics, from a bounded set whatever the path: the endpoint
 * under the SCIM root ({@code Users}, {@code Groups}, {@code Schemas}, {@code Bulk}, {@code Me}, ...;
 * {@code Users/.search} for a type's search), {@code .search} for the root's, {@code metrics},
 * {@code unknown} under the root for a name that is no endpoint, {@code other} elsewhere. Ids never
 * appear, so a million users do not make a million series.
 */
final class EndpointLabels {
    private final Set<String> endpoints = new HashSet<>(Set.of("ServiceProviderConfig", "Schemas", "ResourceTypes", "Bulk", "Me"));

    /** @param resourceEndpoints the resource types' endpoint segments ("Users") */
    EndpointLabels(Iterable<String> resourceEndpoints) {
        resourceEndpoints.forEach(endpoints::add);
    }

    String of(String path) {
        if (MonitoringPaths.isMetrics(path)) {
            return "metrics";
        }
        String root = "/" + BaseUrl.SCIM_ROOT + "/";
        if (!path.startsWith(root)) {
            return "other";
        }
        int start = root.length();
        int slash = path.indexOf('/', start);
        String first = slash < 0 ? path.substring(start) : path.substring(start, slash);
        if (first.equals(".search")) {
            return first;
        }
        if (!endpoints.contains(first)) {
            return "unknown";
        }
        if (slash >= 0 && path.substring(slash + 1).equals(".search")) {
            return first + "/.search";
        }
        return first;
    }
}
