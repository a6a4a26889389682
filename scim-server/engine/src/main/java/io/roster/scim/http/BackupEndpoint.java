package io.roster.scim.http;

import io.roster.scim.backup.BackupManifest;
import io.roster.scim.backup.Backups;
import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Principal;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.TreeMap;

/**
 * {@code POST /backups} takes an online backup into the server's backup folder and answers, once it is
 * complete, with its name, folder, position and counts (201); {@code GET /backups} lists the complete
 * ones. The backup itself never travels over HTTP (see {@link Backups}). Who may is the authorizer's
 * {@code backupDenied}: the administrator token, or a Global Administrator with the roles plugin.
 */
@Path("backups")
public final class BackupEndpoint {
    private final Backups backups;

    BackupEndpoint(Backups backups) {
        this.backups = backups;
    }

    @POST
    public Response create(@Context ContainerRequestContext request) {
        BackupManifest m = backups.create(caller(request));
        return Response.status(201).entity(JsonSupport.toText(json(m))).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, NoStoreFilter.NO_STORE).build();
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        JsonArrayBuilder all = JsonSupport.array();
        backups.list(caller(request)).forEach(m -> all.add(json(m)));
        JsonObject body = JsonSupport.object().add("folder", backups.dir().toAbsolutePath().normalize().toString())
                .add("backups", all).build();
        return Response.ok(JsonSupport.toText(body), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, NoStoreFilter.NO_STORE).build();
    }

    private JsonObject json(BackupManifest m) {
        JsonObjectBuilder counts = JsonSupport.object();
        new TreeMap<>(m.counts()).forEach(counts::add);
        return JsonSupport.object().add("name", m.name())
                .add("path", backups.dir().resolve(m.name()).toAbsolutePath().normalize().toString())
                .add("created", m.created().toString()).add("store", m.store()).add("roster", m.roster())
                .add("position", m.position()).add("bytes", m.bytes()).add("counts", counts).build();
    }

    private static Principal caller(ContainerRequestContext request) {
        if (request.getProperty(Authentication.PRINCIPAL_ATTRIBUTE) instanceof Principal p) {
            return p;
        }
        throw ScimException.unauthorized("Authentication required: send the header \"Authorization: Bearer <token>\".");
    }
}
