package io.roster.scim.http;

import io.roster.scim.error.Details;
import io.roster.scim.error.ScimException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds SCIM error responses; shared by the mappers so every error looks the same. */
final class ErrorResponses {
    /** Jsonb instances are thread-safe and costly to build: one for the whole server. */
    static final Jsonb JSONB = JsonbBuilder.create();

    private ErrorResponses() {
    }

    static Response of(ScimException e) {
        Response.ResponseBuilder b = Response.status(e.status())
                .type(ScimMediaType.SCIM_JSON_TYPE)
                .entity(JSONB.toJson(ScimError.of(e)));
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        return b.build();
    }

    static Response.ResponseBuilder of(int status, String scimType, String detail) {
        return Response.status(status)
                .type(ScimMediaType.SCIM_JSON_TYPE)
                .entity(JSONB.toJson(ScimError.of(status, scimType, Details.cap(detail))));
    }
}
