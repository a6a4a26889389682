package io.roster.scim.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceNormalizer;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaExtension;
import io.roster.scim.schema.SchemaLoader;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.schema.SchemaUrns;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** PatchEngine on stored-attribute JSON, followed by the normaliser exactly as ResourceService runs it. */
class PatchEngineTest {
    static final String ENTERPRISE = SchemaUrns.ENTERPRISE_USER;
    static final String BADGE = "urn:example:params:scim:schemas:extension:badge:2.0:User";
    static final SchemaRegistry REGISTRY = registry();
    static final ResourceType USER = REGISTRY.resourceType("User");
    static final ResourceType GROUP = REGISTRY.resourceType("Group");
    static final ResourceNormalizer NORMALIZER = new ResourceNormalizer(REGISTRY);
    static final PatchEngine ENGINE = new PatchEngine(REGISTRY, NORMALIZER, ClientQuirks.standard(REGISTRY));
    /** The engine with the standard value quirks but no operation quirk: how it reads an operation the RFC's way. */
    static final PatchEngine RFC_ENGINE = engineWith();
    static final FilterParser FILTERS = new FilterParser(4096, 32);

    /** The built-ins plus a test extension with an immutable attribute (no built-in User attribute is immutable). */
    private static SchemaRegistry registry() {
        SchemaRegistry.Builder r = SchemaRegistry.builderWithBuiltIns();
        r.addSchema(SchemaLoader.schema(JsonSupport.parseTrusted("""
                {"id": "%s", "name": "Badge", "attributes": [
                  {"name": "badgeNumber", "type": "string", "multiValued": false, "required": false,
                   "caseExact": true, "mutability": "immutable", "returned": "default", "uniqueness": "none"}
                ]}""".formatted(BADGE))));
        r.addExtension("User", new SchemaExtension(BADGE, false));
        return r.build();
    }

    /** An engine with the standard value quirks and only the given operation quirks. */
    static PatchEngine engineWith(OperationQuirk... quirks) {
        return new PatchEngine(REGISTRY, NORMALIZER, new ClientQuirks(REGISTRY,
                List.of(new BareStringManager(), new StringifiedRoleValues(), new EntraBooleanStrings(), new UserUriAsUserId()),
                List.of(quirks)));
    }

    /** A User's stored attributes after {@code engine} ran the operations, normalised as the service stores them. */
    static JsonObject user(PatchEngine engine, String stored, String... ops) {
        JsonObject before = json(stored);
        PatchEngine.Result r = engine.apply(USER, "u1", before, operations(ops), false);
        return r.attributesTouched() ? NORMALIZER.forPatch(USER, r.attributes(), before) : before;
    }

    static JsonObject json(String text) {
        return JsonSupport.parseTrusted(text);
    }

    static JsonArray array(String text) {
        return json("{\"a\":" + text + "}").getJsonArray("a");
    }

    static List<PatchOperation> operations(String... ops) {
        return PatchRequest.parse(json("{\"Operations\":[" + String.join(",", ops) + "]}"), FILTERS);
    }

    /** The stored attributes of a User after the operations, normalised as the service stores them. */
    static JsonObject user(String stored, String... ops) {
        return user(ENGINE, stored, ops);
    }

    static PatchEngine.Result group(String stored, String... ops) {
        return ENGINE.apply(GROUP, "g1", json(stored), operations(ops), true);
    }

    static ScimException userFails(String stored, String... ops) {
        return assertThrows(ScimException.class, () -> user(stored, ops));
    }

    static final String BJENSEN = """
            {"userName": "bjensen", "displayName": "Babs", "title": "Tour Guide",
             "name": {"givenName": "Barbara", "familyName": "Jensen"},
             "emails": [{"value": "bjensen@work.example", "type": "work", "primary": true},
                        {"value": "babs@home.example", "type": "home"}],
             "phoneNumbers": [{"value": "555-1", "type": "work"}],
             "%s": {"employeeNumber": "701984", "department": "Tour Operations"}}""".formatted(ENTERPRISE);

    // ------------------------------------------------------------------ add

    @Nested
    class Add {
        @Test
        void addToSingularAttributeSetsIt() {
            assertEquals("Manager", user(BJENSEN, "{\"op\":\"add\",\"path\":\"title\",\"value\":\"Manager\"}").getString("title"));
            assertEquals("Dr.", user(BJENSEN, "{\"op\":\"add\",\"path\":\"name.honorificPrefix\",\"value\":\"Dr.\"}")
                    .getJsonObject("name").getString("honorificPrefix"));
        }

        @Test
        void addToComplexSingularMergesSubAttributes() {
            JsonObject name = user(BJENSEN, "{\"op\":\"add\",\"path\":\"name\",\"value\":{\"middleName\":\"Jane\"}}").getJsonObject("name");
            assertEquals(json("{\"givenName\":\"Barbara\",\"familyName\":\"Jensen\",\"middleName\":\"Jane\"}"), name);
        }

        @Test
        void addToMultiValuedAppendsNewValues() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"b@other.example\",\"type\":\"other\"}]}")
                    .getJsonArray("emails");
            assertEquals(3, emails.size());
            assertEquals("b@other.example", emails.getJsonObject(2).getString("value"));
        }

        @Test
        void addOfAnEqualValueIsSkipped() {
            JsonObject after = user(BJENSEN, "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"babs@home.example\",\"type\":\"home\"}]}");
            assertEquals(json(BJENSEN).getJsonArray("emails"), after.getJsonArray("emails"));
        }

        @Test
        void addOfAValueWithSameValueAndTypeMergesIntoIt() {
            JsonArray emails = user(BJENSEN,
                    "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"BABS@home.example\",\"type\":\"home\",\"display\":\"Home\"}]}")
                    .getJsonArray("emails");
            assertEquals(2, emails.size());
            assertEquals("Home", emails.getJsonObject(1).getString("display"));
        }

        @Test
        void addOfASingleObjectToMultiValuedAppendsIt() {
            JsonArray phones = user(BJENSEN, "{\"op\":\"add\",\"path\":\"phoneNumbers\",\"value\":{\"value\":\"555-2\",\"type\":\"mobile\"}}")
                    .getJsonArray("phoneNumbers");
            assertEquals(2, phones.size());
        }

        @Test
        void filteredAddUpdatesTheMatchingElement() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"add\",\"path\":\"emails[type eq \\\"home\\\"].display\",\"value\":\"Home\"}")
                    .getJsonArray("emails");
            assertEquals(2, emails.size());
            assertEquals("Home", emails.getJsonObject(1).getString("display"));
            assertFalse(emails.getJsonObject(0).containsKey("display"));
        }

        @Test
        void filteredAddWithNoMatchCreatesTheElementFromTheFiltersEqualityTerms() {
            String stored = "{\"userName\":\"u\",\"emails\":[{\"value\":\"me@home.example\",\"type\":\"home\"}]}";
            JsonArray emails = user(stored, "{\"op\":\"Add\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"a@b.c\"}")
                    .getJsonArray("emails");
            assertEquals(array("[{\"value\":\"me@home.example\",\"type\":\"home\"},{\"type\":\"work\",\"value\":\"a@b.c\"}]"), emails);
        }

        @Test
        void filteredAddOnAUserWithoutTheAttributeCreatesIt() {
            JsonArray emails = user("{\"userName\":\"u\"}", "{\"op\":\"Add\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"a@b.c\"}")
                    .getJsonArray("emails");
            assertEquals(array("[{\"type\":\"work\",\"value\":\"a@b.c\"}]"), emails);
        }

        @Test
        void addToUrnQualifiedExtensionAttributeSetsIt() {
            JsonObject ext = user(BJENSEN, "{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":costCenter\",\"value\":\"4130\"}")
                    .getJsonObject(ENTERPRISE);
            assertEquals("4130", ext.getString("costCenter"));
            assertEquals("701984", ext.getString("employeeNumber"));
        }

        @Test
        void addCreatesTheExtensionObjectWhenAbsent() {
            JsonObject after = user("{\"userName\":\"u\"}", "{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":department\",\"value\":\"Sales\"}");
            assertEquals(json("{\"department\":\"Sales\"}"), after.getJsonObject(ENTERPRISE));
        }

        @Test
        void primaryTrueOnAnAddedValueClearsItOnTheOthers() {
            JsonArray emails = user(BJENSEN,
                    "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"new@work.example\",\"type\":\"work\",\"primary\":true}]}")
                    .getJsonArray("emails");
            assertEquals(3, emails.size());
            assertEquals(JsonValue.FALSE, emails.getJsonObject(0).get("primary"));
            assertEquals(JsonValue.TRUE, emails.getJsonObject(2).get("primary"));
        }

        @Test
        void primaryTrueSetThroughAFilterClearsItOnTheOthers() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"].primary\",\"value\":true}")
                    .getJsonArray("emails");
            assertEquals(JsonValue.FALSE, emails.getJsonObject(0).get("primary"));
            assertEquals(JsonValue.TRUE, emails.getJsonObject(1).get("primary"));
        }

        @Test
        void booleanStringsAreCoerced() {
            assertEquals(JsonValue.FALSE, user(BJENSEN, "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}").get("active"));
            assertEquals(JsonValue.TRUE, user(BJENSEN, "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}").get("active"));
        }

        @Test
        void wrongTypedValueIsInvalidValue() {
            assertEquals(ScimType.INVALID_VALUE, userFails(BJENSEN, "{\"op\":\"add\",\"path\":\"active\",\"value\":\"perhaps\"}").scimType());
            assertEquals(ScimType.INVALID_VALUE, userFails(BJENSEN, "{\"op\":\"add\",\"path\":\"name\",\"value\":\"Barbara\"}").scimType());
        }
    }

    // ------------------------------------------------------------------ replace

    @Nested
    class Replace {
        @Test
        void replaceSingularSetsIt() {
            assertEquals("Babs J", user(BJENSEN, "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Babs J\"}").getString("displayName"));
        }

        @Test
        void replaceWithNullRemovesASingularAttribute() {
            assertFalse(user(BJENSEN, "{\"op\":\"replace\",\"path\":\"title\",\"value\":null}").containsKey("title"));
            assertFalse(user(BJENSEN, "{\"op\":\"replace\",\"value\":{\"title\":null}}").containsKey("title"));
        }

        @Test
        void replaceOfComplexSingularMergesGivenSubAttributesAndKeepsOthers() {
            JsonObject name = user(BJENSEN, "{\"op\":\"replace\",\"path\":\"name\",\"value\":{\"givenName\":\"Babs\"}}").getJsonObject("name");
            assertEquals(json("{\"givenName\":\"Babs\",\"familyName\":\"Jensen\"}"), name);
        }

        @Test
        void replaceOfMultiValuedWithoutFilterReplacesItWhole() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"replace\",\"path\":\"emails\",\"value\":[{\"value\":\"only@x.example\",\"type\":\"work\"}]}")
                    .getJsonArray("emails");
            assertEquals(array("[{\"value\":\"only@x.example\",\"type\":\"work\"}]"), emails);
        }

        @Test
        void filteredReplaceReplacesTheMatchingElementWhole() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"]\",\"value\":{\"value\":\"new@work.example\",\"type\":\"work\"}}")
                    .getJsonArray("emails");
            assertEquals(json("{\"value\":\"new@work.example\",\"type\":\"work\"}"), emails.getJsonObject(0));
            assertEquals(json("{\"value\":\"babs@home.example\",\"type\":\"home\"}"), emails.getJsonObject(1));
        }

        @Test
        void filteredReplaceOfASubAttributeChangesOnlyThatSubAttribute() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"new@work.example\"}")
                    .getJsonArray("emails");
            assertEquals(json("{\"value\":\"new@work.example\",\"type\":\"work\",\"primary\":true}"), emails.getJsonObject(0));
            assertEquals(2, emails.size());
        }

        @Test
        void filteredReplaceWithNoMatchCreatesTheElement() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"other\\\"].value\",\"value\":\"o@x.example\"}")
                    .getJsonArray("emails");
            assertEquals(3, emails.size());
            assertEquals(json("{\"type\":\"other\",\"value\":\"o@x.example\"}"), emails.getJsonObject(2));
        }

        @Test
        void namesAreCaseInsensitiveAndStoredInSchemaSpelling() {
            JsonObject after = user(BJENSEN,
                    "{\"op\":\"replace\",\"path\":\"UserName\",\"value\":\"BJ\"}",
                    "{\"op\":\"replace\",\"path\":\"emails[Type eq \\\"work\\\"].Value\",\"value\":\"x@work.example\"}",
                    "{\"op\":\"replace\",\"path\":\"NAME.givenname\",\"value\":\"B\"}");
            assertEquals("BJ", after.getString("userName"));
            assertEquals("x@work.example", after.getJsonArray("emails").getJsonObject(0).getString("value"));
            assertEquals("B", after.getJsonObject("name").getString("givenName"));
        }

        @Test
        void replaceOfASubAttributeOfAllValuesWithoutFilterUpdatesEach() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"replace\",\"path\":\"emails.display\",\"value\":\"E\"}").getJsonArray("emails");
            assertEquals("E", emails.getJsonObject(0).getString("display"));
            assertEquals("E", emails.getJsonObject(1).getString("display"));
        }
    }

    // ------------------------------------------------------------------ remove

    @Nested
    class Remove {
        @Test
        void removeUnassignsASingularAttribute() {
            assertFalse(user(BJENSEN, "{\"op\":\"remove\",\"path\":\"title\"}").containsKey("title"));
        }

        @Test
        void removeOfASubAttributeKeepsTheOthers() {
            assertEquals(json("{\"familyName\":\"Jensen\"}"),
                    user(BJENSEN, "{\"op\":\"remove\",\"path\":\"name.givenName\"}").getJsonObject("name"));
        }

        @Test
        void removeOfAMultiValuedAttributeRemovesAllValues() {
            assertFalse(user(BJENSEN, "{\"op\":\"remove\",\"path\":\"emails\"}").containsKey("emails"));
        }

        @Test
        void filteredRemoveRemovesOnlyTheMatches() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"remove\",\"path\":\"emails[type eq \\\"home\\\"]\"}").getJsonArray("emails");
            assertEquals(1, emails.size());
            assertEquals("work", emails.getJsonObject(0).getString("type"));
        }

        @Test
        void filteredRemoveOfTheLastValueRemovesTheAttribute() {
            assertFalse(user(BJENSEN, "{\"op\":\"remove\",\"path\":\"phoneNumbers[type eq \\\"work\\\"]\"}").containsKey("phoneNumbers"));
        }

        @Test
        void filteredRemoveOfASubAttributeKeepsTheElement() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"remove\",\"path\":\"emails[type eq \\\"work\\\"].primary\"}").getJsonArray("emails");
            assertEquals(json("{\"value\":\"bjensen@work.example\",\"type\":\"work\"}"), emails.getJsonObject(0));
        }

        @Test
        void filteredRemoveWithNoMatchChangesNothing() {
            assertEquals(json(BJENSEN).getJsonArray("emails"),
                    user(BJENSEN, "{\"op\":\"remove\",\"path\":\"emails[type eq \\\"other\\\"]\"}").getJsonArray("emails"));
        }

        @Test
        void removeOfMultiValuedWithValueListRemovesOnlyTheListedValues() {
            JsonArray emails = user(BJENSEN, "{\"op\":\"remove\",\"path\":\"emails\",\"value\":[{\"value\":\"babs@home.example\"}]}")
                    .getJsonArray("emails");
            assertEquals(1, emails.size());
            assertEquals("bjensen@work.example", emails.getJsonObject(0).getString("value"));
        }

        @Test
        void removeOfAWriteOnlyAttributeUnassignsIt() {
            JsonObject after = user("{\"userName\":\"u\",\"password\":\"secret\"}", "{\"op\":\"remove\",\"path\":\"password\"}");
            assertFalse(after.containsKey("password"), after.toString());
        }

        @Test
        void patchNotMentioningAWriteOnlyAttributeKeepsIt() {
            JsonObject after = user("{\"userName\":\"u\",\"password\":\"secret\"}", "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"T\"}");
            assertEquals("secret", after.getString("password"));
        }

        @Test
        void removeOfAbsentAttributeIsANoOp() {
            JsonObject after = user(BJENSEN, "{\"op\":\"remove\",\"path\":\"nickName\"}");
            assertEquals(NORMALIZER.forReplace(USER, json(BJENSEN), json(BJENSEN)), after);
        }

        @Test
        void removeOfAnExtensionsLastAttributeDropsTheExtensionObject() {
            JsonObject after = user("{\"userName\":\"u\",\"" + ENTERPRISE + "\":{\"department\":\"Sales\"}}",
                    "{\"op\":\"remove\",\"path\":\"" + ENTERPRISE + ":department\"}");
            assertFalse(after.containsKey(ENTERPRISE), after.toString());
        }
    }

    // ------------------------------------------------------------------ path-less

    @Nested
    class PathLess {
        @Test
        void dottedAndUrnQualifiedKeysAreTargets() {
            JsonObject after = user(BJENSEN, "{\"op\":\"replace\",\"value\":{\"name.givenName\":\"B\",\"" + ENTERPRISE + ":employeeNumber\":\"7\"}}");
            assertEquals("B", after.getJsonObject("name").getString("givenName"));
            assertEquals("Jensen", after.getJsonObject("name").getString("familyName"));
            assertEquals("7", after.getJsonObject(ENTERPRISE).getString("employeeNumber"));
            assertEquals("Tour Operations", after.getJsonObject(ENTERPRISE).getString("department"));
        }

        @Test
        void extensionUrnKeyWithObjectValueTargetsItsAttributes() {
            JsonObject after = user(BJENSEN, "{\"op\":\"replace\",\"value\":{\"" + ENTERPRISE + "\":{\"department\":\"Sales\"}}}");
            assertEquals(json("{\"employeeNumber\":\"701984\",\"department\":\"Sales\"}"), after.getJsonObject(ENTERPRISE));
        }

        @Test
        void schemasKeyIsIgnored() {
            JsonObject after = user(BJENSEN, "{\"op\":\"replace\",\"value\":{\"schemas\":[\"urn:x\"],\"active\":false}}");
            assertEquals(JsonValue.FALSE, after.get("active"));
        }

        @Test
        void idEqualToTheResourcesOwnIdIsIgnored() {
            PatchEngine.Result r = group("{\"displayName\":\"Old\"}", "{\"op\":\"replace\",\"value\":{\"id\":\"g1\",\"displayName\":\"New\"}}");
            assertEquals("New", r.attributes().getString("displayName"));
        }

        @Test
        void aDifferentIdIsMutability() {
            ScimException e = assertThrows(ScimException.class,
                    () -> group("{\"displayName\":\"Old\"}", "{\"op\":\"replace\",\"value\":{\"id\":\"other\",\"displayName\":\"New\"}}"));
            assertEquals(ScimType.MUTABILITY, e.scimType());
        }

        @Test
        void readOnlyKeysAndUnknownSubAttributesAreIgnoredAsOnPut() {
            JsonObject after = user(BJENSEN, "{\"op\":\"replace\",\"value\":{\"meta\":{\"resourceType\":\"User\"},"
                    + "\"groups\":[{\"value\":\"g\"}],\"name.colour\":\"red\",\"title\":\"T\"}}");
            assertEquals("T", after.getString("title"));
            assertFalse(after.containsKey("groups"));
            assertFalse(after.containsKey("meta"));
            assertFalse(after.getJsonObject("name").containsKey("colour"));
        }

        @Test
        void addingNullUnassignsUnderRemovesRules() {
            JsonObject after = user(BJENSEN, "{\"op\":\"add\",\"value\":{\"title\":null}}");
            assertFalse(after.containsKey("title"));
            ScimException e = assertThrows(ScimException.class, () -> user(BJENSEN, "{\"op\":\"add\",\"value\":{\"userName\":null}}"));
            assertEquals(ScimType.MUTABILITY, e.scimType());
        }

        @Test
        void unknownKeysAreIgnored() {
            JsonObject after = user(BJENSEN, "{\"op\":\"replace\",\"value\":{\"favouriteColour\":\"red\",\"urn:example:other:1.0:User:x\":1,\"title\":\"T\"}}");
            assertEquals("T", after.getString("title"));
            assertFalse(after.containsKey("favouriteColour"));
        }

        @Test
        void pathLessAddOfComplexMergesAndOfMultiValuedAppends() {
            JsonObject after = user(BJENSEN, "{\"op\":\"add\",\"value\":{\"name\":{\"middleName\":\"J\"},\"emails\":[{\"value\":\"c@x.example\"}]}}");
            assertEquals("Barbara", after.getJsonObject("name").getString("givenName"));
            assertEquals("J", after.getJsonObject("name").getString("middleName"));
            assertEquals(3, after.getJsonArray("emails").size());
        }

        @Test
        void oktaDeactivationSetsActiveFalse() {
            assertEquals(JsonValue.FALSE, user(BJENSEN, "{\"op\":\"replace\",\"value\":{\"active\":false}}").get("active"));
        }
    }

    // ------------------------------------------------------------------ errors

    @Nested
    class Errors {
        @Test
        void unknownAttributeInPathIsInvalidPath() {
            assertEquals(ScimType.INVALID_PATH, userFails(BJENSEN, "{\"op\":\"add\",\"path\":\"favouriteColour\",\"value\":\"red\"}").scimType());
            assertEquals(ScimType.INVALID_PATH, userFails(BJENSEN, "{\"op\":\"remove\",\"path\":\"urn:example:unknown:1.0:User:x\"}").scimType());
        }

        @Test
        void unknownSubAttributeIsInvalidPath() {
            assertEquals(ScimType.INVALID_PATH, userFails(BJENSEN, "{\"op\":\"add\",\"path\":\"name.nickname\",\"value\":\"x\"}").scimType());
            assertEquals(ScimType.INVALID_PATH, userFails(BJENSEN, "{\"op\":\"add\",\"path\":\"emails[type eq \\\"work\\\"].nope\",\"value\":\"x\"}").scimType());
            assertEquals(ScimType.INVALID_PATH, userFails(BJENSEN, "{\"op\":\"add\",\"path\":\"userName.value\",\"value\":\"x\"}").scimType());
        }

        @Test
        void filterOnANonComplexAttributeIsInvalidPath() {
            assertEquals(ScimType.INVALID_PATH, userFails(BJENSEN, "{\"op\":\"remove\",\"path\":\"userName[value eq \\\"x\\\"]\"}").scimType());
        }

        @Test
        void filterOnAnUnknownSubAttributeIsInvalidPath() {
            assertEquals(ScimType.INVALID_PATH, userFails(BJENSEN, "{\"op\":\"remove\",\"path\":\"emails[colour eq \\\"red\\\"]\"}").scimType());
        }

        @Test
        void readOnlyTargetsAreMutability() {
            for (String path : List.of("id", "meta", "meta.lastModified", "groups", ENTERPRISE + ":manager.displayName")) {
                ScimException e = userFails(BJENSEN, "{\"op\":\"replace\",\"path\":\"" + path + "\",\"value\":\"x\"}");
                assertEquals(ScimType.MUTABILITY, e.scimType(), path + ": " + e.detail());
            }
            assertEquals(ScimType.MUTABILITY, userFails(BJENSEN, "{\"op\":\"remove\",\"path\":\"groups\"}").scimType());
        }

        @Test
        void removingARequiredAttributeIsMutability() {
            assertEquals(ScimType.MUTABILITY, userFails(BJENSEN, "{\"op\":\"remove\",\"path\":\"userName\"}").scimType());
            assertEquals(ScimType.MUTABILITY, userFails(BJENSEN, "{\"op\":\"replace\",\"path\":\"userName\",\"value\":null}").scimType());
            assertEquals(ScimType.MUTABILITY, userFails(BJENSEN, "{\"op\":\"replace\",\"value\":{\"userName\":null}}").scimType());
            ScimException g = assertThrows(ScimException.class, () -> group("{\"displayName\":\"G\"}", "{\"op\":\"remove\",\"path\":\"displayName\"}"));
            assertEquals(ScimType.MUTABILITY, g.scimType());
        }

        @Test
        void changingOrRemovingASetImmutableAttributeIsMutability() {
            String stored = "{\"userName\":\"u\",\"" + BADGE + "\":{\"badgeNumber\":\"B-1\"}}";
            assertEquals(ScimType.MUTABILITY, userFails(stored, "{\"op\":\"replace\",\"path\":\"" + BADGE + ":badgeNumber\",\"value\":\"B-2\"}").scimType());
            assertEquals(ScimType.MUTABILITY, userFails(stored, "{\"op\":\"remove\",\"path\":\"" + BADGE + ":badgeNumber\"}").scimType());
            assertEquals(ScimType.MUTABILITY, userFails(stored, "{\"op\":\"replace\",\"path\":\"" + BADGE + ":badgeNumber\",\"value\":null}").scimType());
        }

        @Test
        void settingAnUnsetImmutableAttributeOrRepeatingItsValueIsAllowed() {
            String path = BADGE + ":badgeNumber";
            JsonObject set = user("{\"userName\":\"u\"}", "{\"op\":\"add\",\"path\":\"" + path + "\",\"value\":\"B-1\"}");
            assertEquals("B-1", set.getJsonObject(BADGE).getString("badgeNumber"));
            JsonObject same = user(set.toString(), "{\"op\":\"replace\",\"path\":\"" + path + "\",\"value\":\"B-1\"}");
            assertEquals(set, same);
        }

        @Test
        void errorDetailNamesTheFailingOperation() {
            ScimException e = userFails(BJENSEN, "{\"op\":\"add\",\"path\":\"title\",\"value\":\"x\"}",
                    "{\"op\":\"add\",\"path\":\"nope\",\"value\":\"x\"}");
            assertTrue(e.detail().startsWith("Operation 2"), e.detail());
        }

        @Test
        void engineNeverMutatesItsInput() {
            JsonObject before = json(BJENSEN);
            ENGINE.apply(USER, "u1", before, operations("{\"op\":\"remove\",\"path\":\"emails\"}"), false);
            assertEquals(json(BJENSEN), before);
        }
    }

    // ------------------------------------------------------------------ group members

    @Nested
    class Members {
        @Test
        void membersChangesBecomeMemberChangesAndLeaveTheRecordUntouched() {
            PatchEngine.Result r = group("{\"displayName\":\"G\"}",
                    "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"u1\"},{\"value\":\"u2\"}]}");
            assertFalse(r.attributesTouched());
            assertEquals(1, r.memberChanges().size());
            MemberChange.Add add = assertInstanceOf(MemberChange.Add.class, r.memberChanges().get(0));
            assertEquals(2, add.members().size());
        }

        @Test
        void removeWithValueListRemovesThoseIds() {
            PatchEngine.Result r = group("{\"displayName\":\"G\"}", "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"u1\"}]}");
            assertEquals(new MemberChange.Remove(List.of("u1")), r.memberChanges().get(0));
        }

        @Test
        void removeWithoutValueRemovesAll() {
            assertInstanceOf(MemberChange.RemoveAll.class, group("{\"displayName\":\"G\"}", "{\"op\":\"Remove\",\"path\":\"members\"}").memberChanges().get(0));
        }

        @Test
        void removeByValueFilterNamesTheId() {
            PatchEngine.Result r = group("{\"displayName\":\"G\"}", "{\"op\":\"remove\",\"path\":\"members[value eq \\\"u9\\\"]\"}");
            assertEquals(new MemberChange.Remove(List.of("u9")), r.memberChanges().get(0));
        }

        @Test
        void removeByOtherFilterIsEvaluatedPerMember() {
            PatchEngine.Result r = group("{\"displayName\":\"G\"}", "{\"op\":\"remove\",\"path\":\"members[type eq \\\"Group\\\"]\"}");
            assertInstanceOf(MemberChange.RemoveMatching.class, r.memberChanges().get(0));
        }

        @Test
        void replaceMembersSetsTheList() {
            PatchEngine.Result r = group("{\"displayName\":\"G\"}", "{\"op\":\"replace\",\"path\":\"members\",\"value\":[{\"value\":\"u3\"}]}");
            assertInstanceOf(MemberChange.Replace.class, r.memberChanges().get(0));
        }

        @Test
        void pathLessMembersAndRenameInOneOperation() {
            PatchEngine.Result r = group("{\"displayName\":\"G\"}", "{\"op\":\"add\",\"value\":{\"displayName\":\"H\",\"members\":[{\"value\":\"u1\"}]}}");
            assertTrue(r.attributesTouched());
            assertEquals("H", r.attributes().getString("displayName"));
            assertInstanceOf(MemberChange.Add.class, r.memberChanges().get(0));
        }

        @Test
        void oktaMixedRemoveAndAddKeepsRequestOrder() {
            PatchEngine.Result r = group("{\"displayName\":\"G\"}",
                    "{\"op\":\"remove\",\"path\":\"members[value eq \\\"u1\\\"]\"}",
                    "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"u2\"}]}");
            assertEquals(2, r.memberChanges().size());
            assertInstanceOf(MemberChange.Remove.class, r.memberChanges().get(0));
            assertInstanceOf(MemberChange.Add.class, r.memberChanges().get(1));
        }

        @Test
        void memberSubAttributePathIsInvalidPath() {
            ScimException e = assertThrows(ScimException.class,
                    () -> group("{\"displayName\":\"G\"}", "{\"op\":\"replace\",\"path\":\"members[value eq \\\"u1\\\"].value\",\"value\":\"u2\"}"));
            assertEquals(ScimType.INVALID_PATH, e.scimType());
        }

        @Test
        void memberWithoutValueToRemoveIsInvalidValue() {
            ScimException e = assertThrows(ScimException.class,
                    () -> group("{\"displayName\":\"G\"}", "{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"display\":\"x\"}]}"));
            assertEquals(ScimType.INVALID_VALUE, e.scimType());
        }
    }

    // ------------------------------------------------------------------ a bare extension URN as the path

    @Nested
    class ExtensionUrnPath {
        @Test
        void addWithTheExtensionUrnAsPathSetsTheGivenAttributesAndKeepsTheOthers() {
            JsonObject ext = user(BJENSEN, "{\"op\":\"add\",\"path\":\"" + ENTERPRISE + "\",\"value\":{\"department\":\"X\"}}")
                    .getJsonObject(ENTERPRISE);
            assertEquals(json("{\"employeeNumber\":\"701984\",\"department\":\"X\"}"), ext);
        }

        @Test
        void capitalisedReplaceWithTheExtensionUrnAsPathSetsTheGivenAttributesAndKeepsTheOthers() {
            JsonObject ext = user(BJENSEN, "{\"op\":\"Replace\",\"path\":\"" + ENTERPRISE + "\",\"value\":"
                    + "{\"department\":\"X\",\"manager\":{\"value\":\"m1\"}}}").getJsonObject(ENTERPRISE);
            assertEquals(json("{\"employeeNumber\":\"701984\",\"department\":\"X\",\"manager\":{\"value\":\"m1\"}}"), ext);
        }

        @Test
        void addCreatesTheExtensionWhenTheUserHasNone() {
            JsonObject after = user("{\"userName\":\"u\"}", "{\"op\":\"add\",\"path\":\"" + ENTERPRISE + "\",\"value\":{\"department\":\"X\"}}");
            assertEquals(json("{\"department\":\"X\"}"), after.getJsonObject(ENTERPRISE));
        }

        @Test
        void theUrnMatchesInAnyCase() {
            JsonObject after = user(BJENSEN, "{\"op\":\"replace\",\"path\":\"" + ENTERPRISE.toUpperCase(java.util.Locale.ROOT)
                    .replace("URN:", "urn:") + "\",\"value\":{\"Department\":\"X\"}}");
            assertEquals("X", after.getJsonObject(ENTERPRISE).getString("department"));
        }

        @Test
        void readOnlyAndUnknownAttributesInTheValueAreIgnored() {
            JsonObject ext = user(BJENSEN, "{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + "\",\"value\":"
                    + "{\"department\":\"X\",\"manager\":{\"value\":\"m1\",\"displayName\":\"Boss\"},\"colour\":\"red\"}}")
                    .getJsonObject(ENTERPRISE);
            assertEquals(json("{\"employeeNumber\":\"701984\",\"department\":\"X\",\"manager\":{\"value\":\"m1\"}}"), ext);
        }

        @Test
        void removeWithTheExtensionUrnAsPathClearsTheWholeExtension() {
            assertFalse(user(BJENSEN, "{\"op\":\"remove\",\"path\":\"" + ENTERPRISE + "\"}").containsKey(ENTERPRISE));
            assertFalse(user(BJENSEN, "{\"op\":\"Remove\",\"path\":\"" + ENTERPRISE + "\"}").containsKey(ENTERPRISE));
            assertFalse(user(BJENSEN, "{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + "\",\"value\":null}").containsKey(ENTERPRISE));
        }

        @Test
        void removeOfAnAbsentExtensionChangesNothing() {
            assertEquals(NORMALIZER.forReplace(USER, json("{\"userName\":\"u\"}"), json("{\"userName\":\"u\"}")),
                    user("{\"userName\":\"u\"}", "{\"op\":\"remove\",\"path\":\"" + ENTERPRISE + "\"}"));
        }

        @Test
        void removeOfAnExtensionHoldingASetImmutableAttributeIsMutability() {
            ScimException e = userFails("{\"userName\":\"u\",\"" + BADGE + "\":{\"badgeNumber\":\"B-1\"}}",
                    "{\"op\":\"remove\",\"path\":\"" + BADGE + "\"}");
            assertEquals(ScimType.MUTABILITY, e.scimType());
        }

        @Test
        void aValueThatIsNotAnObjectIsInvalidValue() {
            ScimException e = userFails(BJENSEN, "{\"op\":\"add\",\"path\":\"" + ENTERPRISE + "\",\"value\":\"X\"}");
            assertEquals(ScimType.INVALID_VALUE, e.scimType());
            assertTrue(e.detail().contains(ENTERPRISE), e.detail());
        }

        @Test
        void anExtensionTheResourceTypeDoesNotCarryIsInvalidPath() {
            ScimException e = assertThrows(ScimException.class, () -> group("{\"displayName\":\"G\"}",
                    "{\"op\":\"add\",\"path\":\"" + ENTERPRISE + "\",\"value\":{\"department\":\"X\"}}"));
            assertEquals(ScimType.INVALID_PATH, e.scimType());
        }

        @Test
        void anUnknownUrnIsStillInvalidPath() {
            assertEquals(ScimType.INVALID_PATH,
                    userFails(BJENSEN, "{\"op\":\"add\",\"path\":\"urn:example:nothing:2.0:User\",\"value\":{\"a\":1}}").scimType());
        }
    }

    // ------------------------------------------------------------------ many operations in one request

    @Nested
    class ManyOperations {
        static String[] emailAdds(int n, int distinct) {
            String[] ops = new String[n];
            for (int i = 0; i < n; i++) {
                ops[i] = "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"e" + (i % distinct)
                        + "@x.example\",\"type\":\"work\"}]}";
            }
            return ops;
        }

        @Test
        void tenThousandAddsInOnePatchAddEveryNewValueOnceInRequestOrder() {
            JsonArray emails = user("{\"userName\":\"u\"}", emailAdds(10_000, 4_000)).getJsonArray("emails");
            assertEquals(4_000, emails.size());
            for (int i = 0; i < 4_000; i++) {
                assertEquals("e" + i + "@x.example", emails.getJsonObject(i).getString("value"));
            }
        }

        @Test
        void addsRemovesAndFilteredEditsInOnePatchSeeEachOthersResults() {
            JsonObject after = user("{\"userName\":\"u\"}",
                    "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"a@x.example\",\"type\":\"work\",\"primary\":true}]}",
                    "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"b@x.example\",\"type\":\"home\"}]}",
                    "{\"op\":\"remove\",\"path\":\"emails\",\"value\":[{\"value\":\"A@x.example\"}]}",
                    "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"a@x.example\",\"type\":\"work\"}]}",
                    "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"].primary\",\"value\":true}",
                    "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"c@x.example\",\"primary\":true}]}",
                    "{\"op\":\"remove\",\"path\":\"emails[value eq \\\"b@x.example\\\"]\"}");
            assertEquals(array("[{\"value\":\"a@x.example\",\"type\":\"work\"},{\"value\":\"c@x.example\",\"primary\":true}]"),
                    after.getJsonArray("emails"));
        }
    }

    @Nested
    class NoChange {
        @Test
        void replaceWithTheCurrentValueYieldsTheStoredAttributes() {
            JsonObject stored = NORMALIZER.forReplace(USER, json(BJENSEN), json(BJENSEN));
            assertEquals(stored, user(stored.toString(), "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Tour Guide\"}"));
            assertEquals(stored, user(stored.toString(), "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"babs@home.example\",\"type\":\"home\"}]}"));
            assertNull(user(stored.toString(), "{\"op\":\"remove\",\"path\":\"title\"}").get("title"));
        }
    }
}
