package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

/**
 * {@code /Me} (RFC 7644 section 3.11) needs tokens bound to users, which this version does not have
 * yet; the RFC's answer for an unsupported /Me is 501.
 */
@Path("scim/v2/Me")
public final class MeEndpoint {

    @GET
    public void get() {
        throw unsupported();
    }

    @POST
    public void post() {
        throw unsupported();
    }

    @PUT
    public void put() {
        throw unsupported();
    }

    @PATCH
    public void patch() {
        throw unsupported();
    }

    @DELETE
    public void delete() {
        throw unsupported();
    }

    private static ScimException unsupported() {
        return ScimException.notImplemented("/Me is not supported yet: the calling token is not bound to a User. "
                + "Use /Users/{id}.");
    }
}
