package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.service.BulkService;
import io.roster.scim.service.RequestContext;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/** {@code POST /Bulk} (RFC 7644 section 3.7): answers 200 with a BulkResponse holding each operation's outcome. */
@Path("scim/v2/Bulk")
public final class BulkEndpoint {
    static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    private final BulkService bulk;
    private final RequestBodies bodies;
    private final BaseUrl baseUrl;

    public BulkEndpoint(BulkService bulk, RequestBodies bodies, BaseUrl baseUrl) {
        this.bulk = bulk;
        this.bodies = bodies;
        this.baseUrl = baseUrl;
    }

    @POST
    public Response post(@Context UriInfo uri, @Context ContainerRequestContext request, @Context HttpHeaders headers, InputStream body) {
        RequestContext ctx = baseUrl.of(uri, request);
        JsonArrayBuilder operations = JsonSupport.array();
        for (BulkService.OperationResult r : bulk.execute(bodies.readObject(headers, body), ctx)) {
            JsonObjectBuilder o = JsonSupport.object();
            if (r.method() != null) {
                o.add("method", r.method());
            }
            if (r.bulkId() != null) {
                o.add("bulkId", r.bulkId());
            }
            if (r.version() != null) {
                o.add("version", r.version());
            }
            if (r.location() != null) {
                o.add("location", r.location());
            }
            o.add("status", Integer.toString(r.status()));
            ScimException e = r.error();
            if (e != null) {
                o.add("response", JsonSupport.parseTrusted(ErrorResponses.JSONB.toJson(ScimError.of(e))));
            }
            operations.add(o);
        }
        String json = JsonSupport.toText(JsonSupport.object()
                .add("schemas", JsonSupport.array().add(BULK_RESPONSE))
                .add("Operations", operations)
                .build());
        return Response.ok(json, ScimMediaType.SCIM_JSON_TYPE).build();
    }
}
