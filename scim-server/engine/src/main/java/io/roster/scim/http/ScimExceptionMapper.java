package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Every {@link ScimException}, from any layer, becomes its RFC 7644 error response. */
public final class ScimExceptionMapper implements ExceptionMapper<ScimException> {
    @Override
    public Response toResponse(ScimException e) {
        return ErrorResponses.of(e);
    }
}
