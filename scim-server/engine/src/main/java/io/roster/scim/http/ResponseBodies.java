package io.roster.scim.http;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.Projection;
import io.roster.scim.schema.SchemaUrns;
import io.roster.scim.service.ListResult;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceAssembler;
import io.roster.scim.service.ResourceService;
import io.roster.scim.service.ResourceSnapshot;
import io.roster.scim.spi.ResourceTypeNames;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import io.roster.scim.schema.ResourceType;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes resources and list responses straight to the socket with a JSON generator. A group's members
 * are streamed page by page from the membership index, so answering a group of a million members
 * never holds them in memory, and a projection without members never reads them at all.
 */
final class ResponseBodies {
    private final ResourceService service;

    ResponseBodies(ResourceService service) {
        this.service = service;
    }

    StreamingOutput resource(ResourceSnapshot snapshot, Projection projection, RequestContext ctx) {
        return out -> {
            try (JsonGenerator g = JsonSupport.generator(out)) {
                writeResource(g, snapshot, projection, ctx);
            }
        };
    }

    /** A ListResponse; {@code projections} gives each resource type's projection (a root search mixes types). */
    StreamingOutput list(ListResult result, Function<ResourceType, Projection> projections, RequestContext ctx) {
        return out -> {
            try (JsonGenerator g = JsonSupport.generator(out)) {
                g.writeStartObject();
                g.writeStartArray("schemas").write(SchemaUrns.LIST_RESPONSE).writeEnd();
                g.write("totalResults", result.totalResults());
                g.write("itemsPerPage", result.resources().size());
                if (result.startIndex() != null) {
                    g.write("startIndex", result.startIndex());
                }
                if (result.previousCursor() != null) {
                    g.write("previousCursor", result.previousCursor());
                }
                if (result.nextCursor() != null) {
                    g.write("nextCursor", result.nextCursor());
                }
                Map<ResourceType, Projection> byType = new HashMap<>();
                g.writeStartArray("Resources");
                for (ResourceSnapshot s : result.resources()) {
                    writeResource(g, s, byType.computeIfAbsent(s.type(), projections), ctx);
                }
                g.writeEnd();
                g.writeEnd();
            }
        };
    }

    private void writeResource(JsonGenerator g, ResourceSnapshot snapshot, Projection projection, RequestContext ctx) {
        JsonObject projected = projection.apply(snapshot.representation());
        boolean members = ResourceTypeNames.GROUP.equals(snapshot.type().name()) && projection.wants("members");
        g.writeStartObject();
        for (Map.Entry<String, JsonValue> e : projected.entrySet()) {
            if (e.getKey().equals("meta") && members) {
                writeMembers(g, snapshot.id(), projection, ctx);
                members = false;
            }
            g.write(e.getKey(), e.getValue());
        }
        if (members) {
            writeMembers(g, snapshot.id(), projection, ctx);
        }
        g.writeEnd();
    }

    private void writeMembers(JsonGenerator g, String groupId, Projection projection, RequestContext ctx) {
        ResourceAssembler assembler = service.assembler();
        g.writeStartArray("members");
        service.forEachMember(groupId, m -> g.write(projection.projectElement("members", assembler.member(m, ctx))));
        g.writeEnd();
    }
}
