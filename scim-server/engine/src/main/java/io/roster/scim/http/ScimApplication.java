package io.roster.scim.http;

import io.roster.scim.backup.Backups;
import io.roster.scim.metrics.MetricsMode;
import io.roster.scim.metrics.RosterMetrics;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.BulkService;
import io.roster.scim.service.ResourceService;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The JAX-RS application: every resource, filter and mapper registered as a constructed instance
 * (no scanning, no DI container beyond Jersey's own).
 */
public final class ScimApplication extends ResourceConfig {

    public ScimApplication(SchemaRegistry registry, ResourceService service, BulkService bulk, String configuredBaseUrl,
                           long maxPayloadSize) {
        this(registry, service, bulk, configuredBaseUrl, maxPayloadSize, null, MetricsMode.OFF);
    }

    /** @param metrics served at {@code /metrics} unless {@code mode} is {@link MetricsMode#OFF} (then may be null) */
    public ScimApplication(SchemaRegistry registry, ResourceService service, BulkService bulk, String configuredBaseUrl,
                           long maxPayloadSize, RosterMetrics metrics, MetricsMode mode) {
        this(registry, service, bulk, configuredBaseUrl, maxPayloadSize, metrics, mode, null);
    }

    /** @param backups served at {@code /backups}, or null for none */
    public ScimApplication(SchemaRegistry registry, ResourceService service, BulkService bulk, String configuredBaseUrl,
                           long maxPayloadSize, RosterMetrics metrics, MetricsMode mode, Backups backups) {
        BaseUrl baseUrl = new BaseUrl(configuredBaseUrl);
        RequestBodies bodies = new RequestBodies(maxPayloadSize);
        DiscoveryResource discovery = new DiscoveryResource(registry, baseUrl, service.settings(), maxPayloadSize);

        register(new DiscoveryResource.ServiceProviderConfigEndpoint(discovery));
        register(new DiscoveryResource.SchemasEndpoint(discovery));
        register(new DiscoveryResource.ResourceTypesEndpoint(discovery));
        ResourceEndpoint resources = new ResourceEndpoint(registry, service, bodies, baseUrl);
        register(resources);
        register(new MeEndpoint(resources));
        register(new BulkEndpoint(bulk, bodies, baseUrl));
        register(new SearchEndpoint(registry, service, bodies, baseUrl));

        register(new DiscoveryMethods());
        if (mode != MetricsMode.OFF) {
            register(new MetricsEndpoint(metrics));
        }
        if (backups != null) {
            register(new BackupEndpoint(backups));
        }
        register(new AdmissionCheck(mode == MetricsMode.OPEN)); // callers are authenticated at the edge (Authentication, run by HttpEdge)
        register(new NoStoreFilter());
        register(new ResponseStatusProbe());
        register(new ScimExceptionMapper());
        register(new JsonExceptionMapper());
        register(new WebApplicationExceptionMapper());
        register(new UnexpectedExceptionMapper());

        property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
