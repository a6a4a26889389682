package io.roster.scim.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * {@code Cache-Control: no-store} (RFC 9111 section 5.2.2.5) on every response to an authenticated
 * request. Such responses carry personal data (RFC 7644 section 7's concerns) and some carry a bearer
 * secret (an API client's creation or rotation): RFC 6749 section 5.1 requires {@code no-store} on any
 * response containing tokens, credentials or other sensitive information. Marking all of them, rather than picking the secret-bearing ones, keeps a
 * new endpoint from forgetting. The public discovery responses stay cacheable (they carry an ETag).
 */
final class NoStoreFilter implements ContainerResponseFilter {
    static final String NO_STORE = "no-store";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(Authentication.PRINCIPAL_ATTRIBUTE) != null
                && !response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, NO_STORE);
        }
    }
}
