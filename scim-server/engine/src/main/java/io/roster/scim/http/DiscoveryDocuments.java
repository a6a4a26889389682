package io.roster.scim.http;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.schema.SchemaUrns;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ServiceSettings;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The discovery documents (RFC 7644 section 4), rendered once when the server starts, after every
 * plugin has registered its schemas: {@code /Schemas} alone is 42 KB of JSON, and building it per
 * request made it the slowest GET of the API. What varies per request is the base URL inside
 * {@code meta.location} (derived from the request unless {@code --base-url} is set), so each document
 * is kept as text split around a placeholder URL and joined with the request's base URL: a copy, not a
 * rendering. Each rendered document has a strong ETag (RFC 9110 section 8.8.3) for If-None-Match.
 */
final class DiscoveryDocuments {
    /** Stands for the base URL while rendering; the .invalid TLD (RFC 2606) appears in no real document. */
    private static final String PLACEHOLDER = "https://roster-base-url.invalid/scim/v2";
    /** Base URLs whose bytes are kept ready; more would let Host headers grow memory without bound. */
    private static final int CACHED_BASES = 8;

    /** A document's bytes for one base URL, and its entity tag. */
    record Rendered(byte[] body, String etag) {
    }

    private final Template serviceProviderConfig;
    private final Template schemas;
    private final Template resourceTypes;
    private final Map<String, Template> schemaById = new HashMap<>();
    private final Map<String, Template> resourceTypeByName = new HashMap<>();

    DiscoveryDocuments(SchemaRegistry registry, ServiceSettings settings, long maxPayloadSize) {
        RequestContext ctx = RequestContext.unauthenticated(PLACEHOLDER); // only the base URL is used: discovery is public
        serviceProviderConfig = new Template(ErrorResponses.JSONB.toJson(
                ServiceProviderConfig.of(registry, settings, maxPayloadSize, PLACEHOLDER + "/ServiceProviderConfig")));
        List<JsonObject> allSchemas = registry.schemas().stream().map(s -> schema(s, ctx)).toList();
        schemas = new Template(JsonSupport.toText(list(allSchemas)));
        for (JsonObject s : allSchemas) {
            schemaById.put(s.getString("id"), new Template(JsonSupport.toText(s)));
        }
        List<JsonObject> allTypes = registry.resourceTypes().stream().map(t -> resourceType(t, ctx)).toList();
        resourceTypes = new Template(JsonSupport.toText(list(allTypes)));
        for (JsonObject t : allTypes) {
            resourceTypeByName.put(t.getString("name"), new Template(JsonSupport.toText(t)));
        }
    }

    Rendered serviceProviderConfig(String baseUrl) {
        return serviceProviderConfig.render(baseUrl);
    }

    Rendered schemas(String baseUrl) {
        return schemas.render(baseUrl);
    }

    Rendered resourceTypes(String baseUrl) {
        return resourceTypes.render(baseUrl);
    }

    /** The schema with this exact id (the registry's canonical spelling), or null. */
    Rendered schema(String id, String baseUrl) {
        Template t = schemaById.get(id);
        return t == null ? null : t.render(baseUrl);
    }

    /** The resource type with this exact name, or null. */
    Rendered resourceType(String name, String baseUrl) {
        Template t = resourceTypeByName.get(name);
        return t == null ? null : t.render(baseUrl);
    }

    private static JsonObject schema(Schema s, RequestContext ctx) {
        return JsonSupport.object(s.toJson())
                .add("meta", JsonSupport.object().add("resourceType", "Schema").add("location", ctx.location("/Schemas", s.id())))
                .build();
    }

    private static JsonObject resourceType(ResourceType t, RequestContext ctx) {
        return JsonSupport.object(t.toJson())
                .add("meta", JsonSupport.object().add("resourceType", "ResourceType")
                        .add("location", ctx.location("/ResourceTypes", t.name())))
                .build();
    }

    private static JsonObject list(List<JsonObject> resources) {
        JsonArrayBuilder arr = JsonSupport.array();
        resources.forEach(arr::add);
        return JsonSupport.object()
                .add("schemas", JsonSupport.array().add(SchemaUrns.LIST_RESPONSE))
                .add("totalResults", resources.size())
                .add("itemsPerPage", resources.size())
                .add("startIndex", 1)
                .add("Resources", arr)
                .build();
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** One document as the text around each occurrence of the placeholder. */
    private static final class Template {
        private final String[] parts;
        private final String hash;
        private final Map<String, Rendered> cache = new ConcurrentHashMap<>();

        Template(String json) {
            this.parts = json.split(Pattern.quote(PLACEHOLDER), -1);
            this.hash = hash(json);
        }

        Rendered render(String baseUrl) {
            Rendered r = cache.get(baseUrl);
            if (r != null) {
                return r;
            }
            String escaped = JsonSupport.toText(JsonSupport.string(baseUrl));
            escaped = escaped.substring(1, escaped.length() - 1);
            r = new Rendered(String.join(escaped, parts).getBytes(StandardCharsets.UTF_8),
                    "\"" + hash + "-" + hash(baseUrl) + "\"");
            if (cache.size() < CACHED_BASES) {
                cache.putIfAbsent(baseUrl, r);
            }
            return r;
        }
    }
}
