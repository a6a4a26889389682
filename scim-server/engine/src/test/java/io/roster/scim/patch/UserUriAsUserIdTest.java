package io.roster.scim.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.AttributeType;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserUriAsUserIdTest {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    private static final ResourceType API_CLIENT = REGISTRY.resourceType("ApiClient");
    private static final AttributeResolver RESOLVER = new AttributeResolver(REGISTRY);
    private static final String ID = "01a244c4-e0d8-7000-be08-0cab3d7c4ff7";
    private final UserUriAsUserId quirk = new UserUriAsUserId();

    private static AttributeResolver.Resolved userId() {
        return RESOLVER.resolve(API_CLIENT, null, "userId");
    }

    @Test
    void userIdIsDeclaredAsTheStringItHolds() {
        assertEquals(AttributeType.STRING, userId().definition().type());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://scim.example.com/scim/v2/Users/" + ID,
            "http://localhost:8080/scim/v2/Users/" + ID + "/",
            "/Users/" + ID,
            "Users/" + ID,
            "/scim/v2/users/" + ID})
    void aUsersUriBecomesTheUsersId(String uri) {
        assertEquals(JsonSupport.string(ID), quirk.normalise(userId(), null, JsonSupport.string(uri)));
    }

    @ParameterizedTest
    @ValueSource(strings = {ID, "/Groups/" + ID, "https://host/scim/v2/Users/", "https://host/scim/v2/Users/" + ID + "?x=1"})
    void bareIdsAndOtherUrisAreLeftAsSent(String value) {
        JsonValue v = JsonSupport.string(value);
        assertSame(v, quirk.normalise(userId(), null, v));
    }

    @Test
    void otherAttributesAreLeftAlone() {
        JsonValue v = JsonSupport.string("/Users/" + ID);
        assertSame(v, quirk.normalise(RESOLVER.resolve(API_CLIENT, null, "displayName"), null, v));
        assertSame(v, quirk.normalise(RESOLVER.resolve(REGISTRY.resourceType("User"), null, "title"), null, v));
    }

    @Test
    void aCreateBodyWithTheUriIsStoredWithTheId() {
        JsonObject body = JsonSupport.parseTrusted("{\"displayName\": \"laptop\", \"userId\": \"https://h/scim/v2/Users/" + ID + "\"}");
        JsonObject normalised = ClientQuirks.standard(REGISTRY).body(API_CLIENT, body);
        assertEquals(ID, normalised.getString("userId"));
    }
}
