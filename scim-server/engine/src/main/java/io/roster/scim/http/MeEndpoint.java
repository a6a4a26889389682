package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import io.roster.scim.spi.Principal;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/**
 * {@code /Me} (RFC 7644 section 3.11): an alias for "the User or other resource associated with the
 * currently authenticated subject". For a token bound to a User, GET, PUT, PATCH and DELETE behave
 * exactly as on {@code /Users/{id}}, and responses carry that permanent location. For an API client
 * bound to no User, GET answers its own ApiClient record (so a client can learn its roles: the console
 * shows what they do not allow as read-only), and changes are 403: a client never changes itself (its
 * roles are its administrator's to give). The administrator token, which has no record, gets 404.
 */
@Path("scim/v2/Me")
public final class MeEndpoint {
    private static final String USERS = "Users";
    private static final String API_CLIENTS = "ApiClients";
    private final ResourceEndpoint resources;

    public MeEndpoint(ResourceEndpoint resources) {
        this.resources = resources;
    }

    @GET
    public Response get(@Context ContainerRequestContext request, @Context UriInfo uri, @Context HttpHeaders headers,
                        @QueryParam("attributes") String attributes,
                        @QueryParam("excludedAttributes") String excludedAttributes) {
        String client = unboundClient(request);
        if (client != null) {
            return resources.get(API_CLIENTS, client, uri, request, headers, attributes, excludedAttributes);
        }
        return resources.get(USERS, me(request), uri, request, headers, attributes, excludedAttributes);
    }

    @PUT
    public Response replace(@Context ContainerRequestContext request, @Context UriInfo uri, @Context HttpHeaders headers,
                            @QueryParam("attributes") String attributes,
                            @QueryParam("excludedAttributes") String excludedAttributes, InputStream body) {
        return resources.replace(USERS, me(request), uri, request, headers, attributes, excludedAttributes, body);
    }

    @PATCH
    public Response patch(@Context ContainerRequestContext request, @Context UriInfo uri, @Context HttpHeaders headers,
                          @QueryParam("attributes") String attributes,
                          @QueryParam("excludedAttributes") String excludedAttributes, InputStream body) {
        return resources.patch(USERS, me(request), uri, request, headers, attributes, excludedAttributes, body);
    }

    @DELETE
    public Response delete(@Context ContainerRequestContext request, @Context UriInfo uri, @Context HttpHeaders headers) {
        return resources.delete(USERS, me(request), uri, request, headers);
    }

    /**
     * Creating through /Me is left to the provider's discretion (RFC 7644 section 3.11); Roster does not
     * offer it. RFC 7644's 501 is for a provider without /Me at all; Roster has /Me, so a method it does not
     * serve there is 405 with {@code Allow} (RFC 9110 section 15.5.6), a client error rather than a 5xx.
     */
    @POST
    public Response create() {
        throw new ScimException(405, null, "POST /Me is not supported: create users with POST /Users.",
                java.util.Map.of("Allow", "GET, PUT, PATCH, DELETE"));
    }

    /** The id of the calling API client when it is bound to no User, else null. */
    private static String unboundClient(ContainerRequestContext request) {
        return request.getProperty(Authentication.PRINCIPAL_ATTRIBUTE) instanceof Principal p && p.userId() == null
                ? p.clientId() : null;
    }

    private static String me(ContainerRequestContext request) {
        if (unboundClient(request) != null) {
            throw ScimException.forbidden("/Me of an API client bound to no User is its own ApiClient record, which it may read "
                    + "(GET /Me) but not change: its roles and secret are managed at /ApiClients by an administrator.");
        }
        Object p = request.getProperty(Authentication.PRINCIPAL_ATTRIBUTE);
        String userId = p instanceof Principal principal ? principal.userId() : null;
        if (userId == null) {
            throw ScimException.notFound("/Me is the User the calling token is bound to, and this token ("
                    + (p instanceof Principal principal ? principal.name() : "unknown") + ") is bound to no User. "
                    + "Use /Users/{id}, or call with a token issued for a user.");
        }
        return userId;
    }
}
