package io.roster.scim.http;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Jersey's own refusals (no such path, method not allowed, unsupported media type, ...) answered as
 * SCIM errors instead of Jersey's empty or HTML bodies, keeping their status and headers (Allow).
 */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        String detail;
        if (e instanceof NotFoundException) {
            detail = "No such endpoint. SCIM resources live under /scim/v2 (for example /scim/v2/Users); "
                    + "see /scim/v2/ResourceTypes.";
        } else if (e instanceof NotAllowedException) {
            detail = "This endpoint does not support the method; allowed: " + allowed(original) + ".";
        } else if (e instanceof NotSupportedException) {
            detail = "Send the body as application/scim+json (or application/json).";
        } else {
            detail = original != null && original.getStatusInfo() != null
                    ? original.getStatusInfo().getReasonPhrase() : "Request failed.";
        }
        Response.ResponseBuilder b = ErrorResponses.of(status, null, detail);
        if (original != null) {
            original.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> b.header(name, v));
                }
            });
        }
        return b.build();
    }

    private static String allowed(Response r) {
        if (r == null || r.getAllowedMethods().isEmpty()) {
            return "see the API documentation";
        }
        return String.join(", ", new java.util.TreeSet<>(r.getAllowedMethods()));
    }
}
