package io.roster.scim.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in RFC 7643 schema and resource type files, as {@link SchemaRegistry#withBuiltIns()} loads them. */
class BuiltInSchemasTest {

    private static SchemaRegistry registry;

    @BeforeAll
    static void load() {
        registry = SchemaRegistry.withBuiltIns();
    }

    private static Schema schema(String urn) {
        Schema s = registry.schema(urn);
        assertNotNull(s, "schema " + urn + " is registered");
        return s;
    }

    private static AttributeDefinition attribute(String urn, String name) {
        AttributeDefinition a = schema(urn).attribute(name);
        assertNotNull(a, "attribute " + name + " of " + urn);
        return a;
    }

    @Test
    void registryLoadsTheThreeRfcSchemasRostersApiClientAndJobAndTheirResourceTypes() {
        assertEquals(5, registry.schemas().size());
        assertEquals(List.of("User", "Group", "ApiClient", "Job"), registry.resourceTypes().stream().map(t -> t.name()).toList());
        assertEquals("User", schema(SchemaUrns.USER).name());
        assertEquals("Group", schema(SchemaUrns.GROUP).name());
        assertEquals("EnterpriseUser", schema(SchemaUrns.ENTERPRISE_USER).name());
        assertEquals("ApiClient", schema("urn:roster:params:scim:schemas:core:2.0:ApiClient").name());
        assertEquals("Job", schema("urn:roster:params:scim:schemas:core:2.0:Job").name());
        assertEquals("/Jobs", registry.resourceType("Job").endpoint());
    }

    /** Clients may read every Job attribute but its handler's own state, and write none (the server keeps them). */
    @Test
    void jobAttributesAreReadOnlyAndTheHandlersStateIsNeverReturned() {
        String job = "urn:roster:params:scim:schemas:core:2.0:Job";
        for (AttributeDefinition a : schema(job).attributes()) {
            assertEquals(Mutability.READ_ONLY, a.mutability(), a.name());
            boolean internal = List.of("params", "cursor").contains(a.name());
            assertEquals(internal ? Returned.NEVER : Returned.DEFAULT, a.returned(), a.name());
        }
        assertEquals(List.of("plugin", "kind", "key", "run", "state", "processed", "total", "params", "cursor"),
                schema(job).attributes().stream().map(AttributeDefinition::name).toList());
        assertEquals(List.of("queued", "running", "completed"), attribute(job, "state").canonicalValues());
    }

    @Test
    void userSchemaDefinesEveryRfc7643CoreAttribute() {
        List<String> expected = List.of("userName", "name", "displayName", "nickName", "profileUrl", "title",
                "userType", "preferredLanguage", "locale", "timezone", "active", "password", "emails",
                "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates");
        assertEquals(expected, schema(SchemaUrns.USER).attributes().stream().map(AttributeDefinition::name).toList());
        AttributeDefinition name = attribute(SchemaUrns.USER, "name");
        for (String sub : List.of("formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix")) {
            assertNotNull(name.subAttribute(sub), "name." + sub);
        }
    }

    @Test
    void userNameIsRequiredCaseInsensitiveAndUniqueOnTheServer() {
        AttributeDefinition userName = attribute(SchemaUrns.USER, "userName");
        assertEquals(AttributeType.STRING, userName.type());
        assertTrue(userName.required());
        assertFalse(userName.caseExact());
        assertEquals(Uniqueness.SERVER, userName.uniqueness());
        assertEquals(Mutability.READ_WRITE, userName.mutability());
    }

    @Test
    void passwordIsWriteOnlyAndNeverReturned() {
        AttributeDefinition password = attribute(SchemaUrns.USER, "password");
        assertEquals(Mutability.WRITE_ONLY, password.mutability());
        assertEquals(Returned.NEVER, password.returned());
    }

    @Test
    void groupsOnUserAreReadOnlyDownToTheirSubAttributes() {
        AttributeDefinition groups = attribute(SchemaUrns.USER, "groups");
        assertEquals(Mutability.READ_ONLY, groups.mutability());
        assertTrue(groups.multiValued());
        for (AttributeDefinition sub : groups.subAttributes()) {
            assertEquals(Mutability.READ_ONLY, sub.mutability(), "groups." + sub.name());
        }
    }

    @Test
    void emailsAreMultiValuedComplexWithWorkHomeOtherTypes() {
        AttributeDefinition emails = attribute(SchemaUrns.USER, "emails");
        assertTrue(emails.multiValued());
        assertTrue(emails.isComplex());
        AttributeDefinition type = emails.subAttribute("type");
        assertNotNull(type);
        assertTrue(type.canonicalValues().contains("work"));
        assertEquals(List.of("work", "home", "other"), type.canonicalValues());
        assertEquals("work", type.canonicalValue("WORK"));
        assertEquals(AttributeType.BOOLEAN, emails.subAttribute("primary").type());
    }

    @Test
    void enterpriseManagerIsComplexWithValueRefAndReadOnlyDisplayName() {
        AttributeDefinition manager = attribute(SchemaUrns.ENTERPRISE_USER, "manager");
        assertTrue(manager.isComplex());
        assertFalse(manager.multiValued());
        assertNotNull(manager.subAttribute("value"));
        assertEquals(AttributeType.REFERENCE, manager.subAttribute("$ref").type());
        assertEquals(List.of("User"), manager.subAttribute("$ref").referenceTypes());
        assertEquals(Mutability.READ_ONLY, manager.subAttribute("displayName").mutability());
    }

    @Test
    void groupDisplayNameIsRequiredAndUniqueOnTheServer() {
        AttributeDefinition displayName = attribute(SchemaUrns.GROUP, "displayName");
        assertTrue(displayName.required());
        assertEquals(Uniqueness.SERVER, displayName.uniqueness());
    }

    @Test
    void groupMembersHaveValueRefTypeAndDisplay() {
        AttributeDefinition members = attribute(SchemaUrns.GROUP, "members");
        assertTrue(members.multiValued());
        assertTrue(members.isComplex());
        for (String sub : List.of("value", "$ref", "type", "display")) {
            assertNotNull(members.subAttribute(sub), "members." + sub);
        }
        assertEquals(Mutability.IMMUTABLE, members.subAttribute("value").mutability());
        assertEquals(List.of("User", "Group"), members.subAttribute("type").canonicalValues());
        assertEquals(List.of("User", "Group"), members.subAttribute("$ref").referenceTypes());
        assertEquals(Mutability.READ_ONLY, members.subAttribute("display").mutability());
    }

    @Test
    void userResourceTypeServesUsersWithOptionalEnterpriseExtension() {
        ResourceType user = registry.resourceType("User");
        assertNotNull(user);
        assertEquals("/Users", user.endpoint());
        assertEquals(SchemaUrns.USER, user.schema());
        assertTrue(user.hasExtension(SchemaUrns.ENTERPRISE_USER));
        assertFalse(user.schemaExtensions().get(0).required());
        assertEquals(user, registry.resourceTypeByEndpoint("/Users"));
    }

    @Test
    void groupResourceTypeServesGroupsWithoutExtensions() {
        ResourceType group = registry.resourceType("Group");
        assertNotNull(group);
        assertEquals("/Groups", group.endpoint());
        assertEquals(SchemaUrns.GROUP, group.schema());
        assertTrue(group.schemaExtensions().isEmpty());
        assertEquals(group, registry.resourceTypeByEndpoint("Groups"));
    }
}
