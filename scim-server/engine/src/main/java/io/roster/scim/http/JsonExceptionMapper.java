package io.roster.scim.http;

import jakarta.json.JsonException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Malformed JSON that escaped the body reader (JSON-P's {@code JsonException} and its parsing subtype):
 * 400 invalidSyntax, never a 500.
 */
public final class JsonExceptionMapper implements ExceptionMapper<JsonException> {
    @Override
    public Response toResponse(JsonException e) {
        return ErrorResponses.of(400, "invalidSyntax", "The request body is not valid JSON: " + e.getMessage()).build();
    }
}
