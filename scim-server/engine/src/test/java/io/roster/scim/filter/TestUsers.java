package io.roster.scim.filter;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeType;
import io.roster.scim.schema.Mutability;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Returned;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaExtension;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.schema.SchemaUrns;
import io.roster.scim.schema.Uniqueness;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * A small User schema built in code, with one attribute of every type (the built-in schemas have no
 * integer, decimal or dateTime attributes of their own), plus the enterprise extension and two users.
 */
final class TestUsers {
    static final String ENTERPRISE = SchemaUrns.ENTERPRISE_USER;

    static final JsonObject BJENSEN = JsonSupport.parseTrusted("""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"],
              "id": "2819c223-7f76-453a-919d-413861904646",
              "externalId": "BJensen-EXT",
              "userName": "bjensen@example.com",
              "name": {"familyName": "Jensen", "givenName": "Barbara", "formatted": "Ms. Barbara J Jensen III"},
              "displayName": "Babs Jensen",
              "title": "Tour Guide",
              "userType": "Employee",
              "active": true,
              "password": "t1meMa$heen",
              "badge": "AbC-123",
              "loginCount": 42,
              "score": 7.5,
              "lastLogin": "2024-03-01T09:30:00+01:00",
              "profileUrl": "https://login.example.com/bjensen",
              "tags": ["blue", "Green"],
              "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@jensen.org", "type": "home"}
              ],
              "x509Certificates": [{"value": "MIIDQzCCAqygAwIBAgICEAAwDQYJ"}],
              "meta": {
                "resourceType": "User",
                "created": "2024-01-10T08:00:00Z",
                "lastModified": "2024-06-01T12:00:00Z",
                "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646",
                "version": "W/\\"3694e05e9dff590\\""
              },
              "%s": {
                "employeeNumber": "701984",
                "department": "Tour Operations",
                "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"}
              }
            }
            """.formatted(ENTERPRISE, ENTERPRISE));

    /** Sparse on purpose: a JSON null title, an empty tags array, no extension object. */
    static final JsonObject JSMITH = JsonSupport.parseTrusted("""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "id": "c75ad752-64ae-4823-840d-ffa80929976c",
              "userName": "jsmith",
              "name": {"givenName": "John"},
              "title": null,
              "active": false,
              "loginCount": 3,
              "score": 10,
              "lastLogin": "2024-03-01T08:30:00Z",
              "tags": [],
              "emails": [{"value": "john@example.org", "type": "work"}],
              "meta": {"resourceType": "User", "created": "2023-12-01T08:00:00Z", "lastModified": "2023-12-31T23:59:59Z"}
            }
            """);

    static final List<JsonObject> USERS = List.of(BJENSEN, JSMITH);

    private TestUsers() {
    }

    static SchemaRegistry registry() {
        SchemaRegistry.Builder r = SchemaRegistry.builder();
        r.addSchema(new Schema(SchemaUrns.USER, "User", "", List.of(
                simple("userName", AttributeType.STRING),
                complex("name", false, simple("formatted", AttributeType.STRING), simple("familyName", AttributeType.STRING),
                        simple("givenName", AttributeType.STRING), simple("middleName", AttributeType.STRING)),
                simple("displayName", AttributeType.STRING),
                simple("nickName", AttributeType.STRING),
                simple("title", AttributeType.STRING),
                simple("userType", AttributeType.STRING),
                simple("active", AttributeType.BOOLEAN),
                attr("password", AttributeType.STRING, false, false, Returned.NEVER, List.of()),
                attr("badge", AttributeType.STRING, false, true, Returned.DEFAULT, List.of()),
                simple("loginCount", AttributeType.INTEGER),
                simple("score", AttributeType.DECIMAL),
                simple("lastLogin", AttributeType.DATE_TIME),
                simple("profileUrl", AttributeType.REFERENCE),
                attr("tags", AttributeType.STRING, true, false, Returned.DEFAULT, List.of()),
                complex("emails", true, simple("value", AttributeType.STRING), simple("display", AttributeType.STRING),
                        simple("type", AttributeType.STRING), simple("primary", AttributeType.BOOLEAN)),
                complex("x509Certificates", true, simple("value", AttributeType.BINARY), simple("type", AttributeType.STRING)))));
        r.addSchema(new Schema(ENTERPRISE, "EnterpriseUser", "", List.of(
                simple("employeeNumber", AttributeType.STRING),
                simple("department", AttributeType.STRING),
                complex("manager", false, simple("value", AttributeType.STRING), simple("$ref", AttributeType.REFERENCE),
                        simple("displayName", AttributeType.STRING)))));
        r.addResourceType(userType());
        return r.build();
    }

    static ResourceType userType() {
        return new ResourceType("User", "/Users", "", SchemaUrns.USER, List.of(new SchemaExtension(ENTERPRISE, false)));
    }

    static FilterEvaluator evaluator() {
        return new FilterEvaluator(registry(), userType());
    }

    private static AttributeDefinition simple(String name, AttributeType type) {
        return attr(name, type, false, false, Returned.DEFAULT, List.of());
    }

    private static AttributeDefinition complex(String name, boolean multiValued, AttributeDefinition... subs) {
        return attr(name, AttributeType.COMPLEX, multiValued, false, Returned.DEFAULT, List.of(subs));
    }

    private static AttributeDefinition attr(String name, AttributeType type, boolean multiValued, boolean caseExact,
                                            Returned returned, List<AttributeDefinition> subs) {
        return new AttributeDefinition(name, type, multiValued, "", false, caseExact, Mutability.READ_WRITE, returned,
                Uniqueness.NONE, List.of(), List.of(), subs);
    }
}
