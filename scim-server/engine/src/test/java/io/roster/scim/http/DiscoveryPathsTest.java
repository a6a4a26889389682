package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.glassfish.jersey.uri.UriComponent;
import org.junit.jupiter.api.Test;

class DiscoveryPathsTest {

    /** The decoded segments Jersey gives a filter for this raw path. */
    private static boolean discovery(String rawPath) {
        return DiscoveryPaths.isDiscovery(UriComponent.decodePath(rawPath, true));
    }

    @Test
    void theThreeEndpointsAndTheirIdsAreDiscovery() {
        assertTrue(discovery("scim/v2/ServiceProviderConfig"));
        assertTrue(discovery("scim/v2/Schemas"));
        assertTrue(discovery("scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"));
        assertTrue(discovery("scim/v2/ResourceTypes"));
        assertTrue(discovery("scim/v2/ResourceTypes/User"));
        assertTrue(discovery("/scim/v2//Schemas/"));
    }

    @Test
    void anythingElseIsNot() {
        assertFalse(discovery("scim/v2/Users"));
        assertFalse(discovery("scim/v2/ServiceProviderConfig/x"));
        assertFalse(discovery("scim/v2/Schemas/x/y"));
        assertFalse(discovery("scim/v2/Schemas/.search"));
        assertFalse(discovery("scim/v2/SchemasX"));
        assertFalse(discovery("other/v2/Schemas"));
    }

    @Test
    void anEncodedSlashNeverMakesAPathLookLikeDiscovery() {
        assertFalse(discovery("scim/v2/Schemas%2F..%2FUsers"));
        assertFalse(discovery("scim/v2/Schemas/..%2FUsers"));
        assertFalse(discovery("scim/v2/Schemas/a%2Fb"));
    }

    @Test
    void matrixParametersMatchNoEndpoint() {
        assertFalse(discovery("scim/v2/Schemas;x=1"));
        assertFalse(DiscoveryPaths.isMe(UriComponent.decodePath("scim/v2/Me;x=1", true)));
        assertTrue(DiscoveryPaths.isMe(UriComponent.decodePath("scim/v2/Me", true)));
    }
}
