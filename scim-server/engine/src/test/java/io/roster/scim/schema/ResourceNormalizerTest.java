package io.roster.scim.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class ResourceNormalizerTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    private static final ResourceType USER = REGISTRY.resourceType("User");
    private static final ResourceType GROUP = REGISTRY.resourceType("Group");
    private final ResourceNormalizer normalizer = new ResourceNormalizer(REGISTRY);

    private static JsonObject json(String text) {
        return JsonSupport.parseTrusted(text);
    }

    private static ScimException rejected(Runnable r) {
        return assertThrows(ScimException.class, r::run);
    }

    @Test
    void namesAreMatchedCaseInsensitivelyAndStoredInSchemaSpelling() {
        JsonObject out = normalizer.forCreate(USER, json("{\"UserName\":\"bjensen\",\"NAME\":{\"GivenName\":\"Barbara\"}}"));
        assertEquals("bjensen", out.getString("userName"));
        assertEquals("Barbara", out.getJsonObject("name").getString("givenName"));
    }

    /** Entra's "True"/"False" strings are turned into booleans by its named quirk before the normaliser (EntraBooleanStringsTest). */
    @Test
    void booleansMustBeJsonBooleans() {
        assertEquals(JsonValue.FALSE, normalizer.forCreate(USER, json("{\"userName\":\"a\",\"active\":false}")).get("active"));
        for (String bad : new String[] {"\"maybe\"", "\"False\"", "0", "[true]"}) {
            ScimException e = rejected(() -> normalizer.forCreate(USER, json("{\"userName\":\"a\",\"active\":" + bad + "}")));
            assertEquals(ScimType.INVALID_VALUE, e.scimType(), bad);
            assertTrue(e.detail().contains("'active'"), e.detail());
        }
    }

    /** RFC 7643 section 2.3: a value of another JSON type is refused, naming the attribute, never stringified. */
    @Test
    void aSingularStringAttributeTakesOnlyAString() {
        String ent = SchemaUrns.ENTERPRISE_USER;
        String[][] cases = {
                {"\"userType\":true", "'userType'", "a boolean (true)"},
                {"\"displayName\":123", "'displayName'", "a number (123)"},
                {"\"nickName\":[\"a\"]", "'nickName'", "not an array"},
                {"\"nickName\":[]", "'nickName'", "not an array"},
                {"\"name\":{\"givenName\":false}", "'name.givenName'", "a boolean (false)"},
                {"\"externalId\":42", "'externalId'", "a number (42)"},
                {"\"" + ent + "\":{\"employeeNumber\":7}", "'" + ent + ":employeeNumber'", "a number (7)"},
                {"\"emails\":[{\"value\":1}]", "'emails.value'", "a number (1)"}};
        for (String[] c : cases) {
            ScimException e = rejected(() -> normalizer.forCreate(USER, json("{\"userName\":\"a\"," + c[0] + "}")));
            assertEquals(ScimType.INVALID_VALUE, e.scimType(), c[0]);
            assertTrue(e.detail().contains(c[1]) && e.detail().contains(c[2]), c[0] + ": " + e.detail());
        }
    }

    @Test
    void numbersMustBeJsonNumbers() {
        SchemaRegistry.Builder builder = SchemaRegistry.builderWithBuiltIns();
        builder.addSchema(SchemaLoader.schema(json("""
                {"id": "urn:example:params:scim:schemas:extension:seats:2.0:User", "name": "Seats", "attributes": [
                  {"name": "seats", "type": "integer"}, {"name": "share", "type": "decimal"}]}""")));
        builder.addExtension("User", new SchemaExtension("urn:example:params:scim:schemas:extension:seats:2.0:User", false));
        SchemaRegistry registry = builder.build();
        ResourceNormalizer n = new ResourceNormalizer(registry);
        ResourceType user = registry.resourceType("User");
        String ext = "urn:example:params:scim:schemas:extension:seats:2.0:User";
        JsonObject ok = n.forCreate(user, json("{\"userName\":\"a\",\"" + ext + "\":{\"seats\":5,\"share\":0.5}}"));
        assertEquals(5, ok.getJsonObject(ext).getInt("seats"));
        for (String bad : new String[] {"{\"seats\":\"5\"}", "{\"share\":\"0.5\"}", "{\"seats\":1.5}", "{\"seats\":true}"}) {
            ScimException e = rejected(() -> n.forCreate(user, json("{\"userName\":\"a\",\"" + ext + "\":" + bad + "}")));
            assertEquals(ScimType.INVALID_VALUE, e.scimType(), bad);
        }
    }

    @Test
    void idMetaReadOnlyAndUnknownAttributesAreIgnored() {
        JsonObject out = normalizer.forCreate(USER, json("""
                {"id":"mine","meta":{"created":"x"},"userName":"a","groups":[{"value":"g"}],"favouriteColour":"red"}"""));
        assertEquals(json("{\"userName\":\"a\"}"), out);
    }

    @Test
    void nullsAndEmptyArraysMeanNoValue() {
        JsonObject out = normalizer.forCreate(USER, json("{\"userName\":\"a\",\"displayName\":null,\"roles\":[],\"emails\":[null]}"));
        assertEquals(json("{\"userName\":\"a\"}"), out);
    }

    @Test
    void requiredAttributesMustHaveAValue() {
        assertTrue(rejected(() -> normalizer.forCreate(USER, json("{\"displayName\":\"x\"}"))).detail().contains("userName"));
        assertTrue(rejected(() -> normalizer.forCreate(USER, json("{\"userName\":\"  \"}"))).detail().contains("userName"));
        assertTrue(rejected(() -> normalizer.forCreate(GROUP, json("{\"members\":[]}"))).detail().contains("displayName"));
    }

    @Test
    void extensionAttributesGoUnderTheirUrnWhetherNestedOrQualified() {
        JsonObject out = normalizer.forCreate(USER, json("""
                {"userName":"a",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"Department":"Sales"},
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"7"}"""));
        JsonObject ext = out.getJsonObject(SchemaUrns.ENTERPRISE_USER);
        assertEquals("Sales", ext.getString("department"));
        assertEquals("7", ext.getString("employeeNumber"));
    }

    @Test
    void otherVendorsSchemasAreIgnored() {
        JsonObject out = normalizer.forCreate(GROUP, json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
                            "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
                 "displayName":"Sales","members":[]}"""));
        assertEquals(json("{\"displayName\":\"Sales\"}"), out);
    }

    @Test
    void schemasMustNameTheResourceTypesCoreSchemaWhenGiven() {
        ScimException e = rejected(() -> normalizer.forCreate(USER, json("{\"schemas\":[\"" + SchemaUrns.GROUP + "\"],\"userName\":\"a\"}")));
        assertEquals(ScimType.INVALID_VALUE, e.scimType());
    }

    @Test
    void canonicalValuesAreStoredInCanonicalSpellingAndOthersKept() {
        JsonObject out = normalizer.forCreate(USER, json("""
                {"userName":"a","emails":[{"type":"Work","value":"a@x"},{"type":"internal","value":"b@x"}]}"""));
        assertEquals("work", out.getJsonArray("emails").getJsonObject(0).getString("type"));
        assertEquals("internal", out.getJsonArray("emails").getJsonObject(1).getString("type"));
    }

    @Test
    void atMostOnePrimaryValue() {
        ScimException e = rejected(() -> normalizer.forCreate(USER, json("""
                {"userName":"a","emails":[{"value":"a@x","primary":true},{"value":"b@x","primary":true}]}""")));
        assertTrue(e.detail().contains("primary"), e.detail());
    }

    @Test
    void typesAreEnforced() {
        assertEquals(ScimType.INVALID_VALUE, rejected(() -> normalizer.forCreate(USER, json("{\"userName\":\"a\",\"name\":\"Bob\"}"))).scimType());
        assertEquals(ScimType.INVALID_VALUE, rejected(() -> normalizer.forCreate(USER, json("{\"userName\":{\"x\":1}}"))).scimType());
        assertEquals(ScimType.INVALID_VALUE, rejected(() -> normalizer.forCreate(USER,
                json("{\"userName\":\"a\",\"x509Certificates\":[{\"value\":\"not base64!\"}]}"))).scimType());
    }

    @Test
    void aLoneValueForAMultiValuedAttributeBecomesAnArray() {
        JsonObject out = normalizer.forCreate(USER, json("{\"userName\":\"a\",\"emails\":{\"value\":\"a@x\"}}"));
        assertEquals(1, out.getJsonArray("emails").size());
    }

    @Test
    void duplicateNamesInAnotherCaseAreRejected() {
        assertEquals(ScimType.INVALID_SYNTAX, rejected(() -> normalizer.forCreate(USER, json("{\"userName\":\"a\",\"UserName\":\"b\"}"))).scimType());
    }

    @Test
    void replaceClearsOmittedReadWriteButKeepsWriteOnlyAndReadOnly() {
        JsonObject existing = json("{\"userName\":\"a\",\"title\":\"CEO\",\"password\":\"$pbkdf2-sha256$1$x$y\"}");
        JsonObject out = normalizer.forReplace(USER, json("{\"userName\":\"b\"}"), existing);
        assertEquals("b", out.getString("userName"));
        assertFalse(out.containsKey("title"));
        assertEquals("$pbkdf2-sha256$1$x$y", out.getString("password"));
    }

    /** Okta's profile PUT carries core (and maybe enterprise) attributes only: extensions it does not name stay as they were. */
    @Test
    void replaceKeepsAnExtensionTheBodyDoesNotMentionButReplacesOneItDoes() {
        String ent = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        JsonObject existing = json("{\"userName\":\"a\",\"title\":\"CEO\",\"" + ent + "\":{\"department\":\"Sales\",\"costCenter\":\"7\"}}");
        JsonObject silent = normalizer.forReplace(USER, json("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"a\"}"), existing);
        assertEquals("Sales", silent.getJsonObject(ent).getString("department"));
        assertFalse(silent.containsKey("title")); // core omissions still clear
        JsonObject listed = normalizer.forReplace(USER, json("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"" + ent
                + "\"],\"userName\":\"a\"}"), existing);
        assertFalse(listed.containsKey(ent)); // declared but empty: cleared
        JsonObject sent = normalizer.forReplace(USER, json("{\"userName\":\"a\",\"" + ent + "\":{\"department\":\"Ops\"}}"), existing);
        assertEquals("Ops", sent.getJsonObject(ent).getString("department"));
        assertFalse(sent.getJsonObject(ent).containsKey("costCenter"));
        JsonObject qualified = normalizer.forReplace(USER, json("{\"userName\":\"a\",\"" + ent + ":department\":\"HR\"}"), existing);
        assertEquals("HR", qualified.getJsonObject(ent).getString("department"));
        assertFalse(qualified.getJsonObject(ent).containsKey("costCenter"));
    }

    /** RFC 7643 section 7: an immutable attribute may be given again with the value it has; a different value is mutability. */
    @Test
    void anImmutableAttributeMayBeRepeatedWithItsValueButNotChanged() {
        ResourceType client = REGISTRY.resourceType("ApiClient");
        JsonObject existing = json("{\"displayName\":\"job\",\"userId\":\"u-1\"}");
        assertEquals(existing, normalizer.forReplace(client, json("{\"displayName\":\"job\",\"userId\":\"u-1\"}"), existing));
        assertEquals(existing, normalizer.forReplace(client, json("{\"displayName\":\"job\"}"), existing), "omitted: kept");
        ScimException e = rejected(() -> normalizer.forReplace(client, json("{\"displayName\":\"job\",\"userId\":\"u-2\"}"), existing));
        assertEquals(ScimType.MUTABILITY, e.scimType());
        assertTrue(e.detail().contains("userId"), e.detail());
        JsonObject unset = json("{\"displayName\":\"job\"}");
        assertEquals("u-3", normalizer.forReplace(client, json("{\"displayName\":\"job\",\"userId\":\"u-3\"}"), unset).getString("userId"),
                "not set yet: a replacement may define it");
    }

    @Test
    void readOnlyTargetsCannotBeSetButImmutableOnesCannotChange() {
        // Group members.value is immutable but lives inside a multi-valued attribute: membership changes are allowed
        JsonObject existing = json("{\"displayName\":\"G\",\"members\":[{\"value\":\"1\"}]}");
        JsonObject out = normalizer.forReplace(GROUP, json("{\"displayName\":\"G\",\"members\":[{\"value\":\"2\"}]}"), existing);
        assertEquals("2", out.getJsonArray("members").getJsonObject(0).getString("value"));
    }
}
