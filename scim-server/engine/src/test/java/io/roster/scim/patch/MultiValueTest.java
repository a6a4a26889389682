package io.roster.scim.patch;

import static io.roster.scim.patch.PatchEngineTest.array;
import static io.roster.scim.patch.PatchEngineTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.schema.SchemaUrns;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The working values of one multi-valued attribute: identity by hash, order by slot, one primary. */
class MultiValueTest {
    static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    static final AttributeDefinition EMAILS = REGISTRY.schema(SchemaUrns.USER).attribute("emails");

    static MultiValue emails(String json) {
        return new MultiValue(EMAILS, array(json));
    }

    @Test
    void addOfAnEqualValueChangesNothing() {
        MultiValue m = emails("[{\"value\":\"a@x.example\",\"type\":\"work\"}]");
        m.add(json("{\"value\":\"a@x.example\",\"type\":\"work\"}"));
        assertEquals(array("[{\"value\":\"a@x.example\",\"type\":\"work\"}]"), m.toJson());
    }

    @Test
    void addOfTheSameValueAndTypeInAnotherCaseMergesIntoTheFirst() {
        MultiValue m = emails("[{\"value\":\"a@x.example\",\"type\":\"home\"},{\"value\":\"a@x.example\",\"type\":\"work\"}]");
        m.add(json("{\"value\":\"A@X.EXAMPLE\",\"type\":\"Work\",\"display\":\"A\"}"));
        assertEquals(array("[{\"value\":\"a@x.example\",\"type\":\"home\"},"
                + "{\"value\":\"A@X.EXAMPLE\",\"type\":\"Work\",\"display\":\"A\"}]"), m.toJson());
    }

    @Test
    void aValueWithAnotherTypeOrWithoutTypeIsAnotherValue() {
        MultiValue m = emails("[{\"value\":\"a@x.example\",\"type\":\"work\"}]");
        m.add(json("{\"value\":\"a@x.example\",\"type\":\"home\"}"));
        m.add(json("{\"value\":\"a@x.example\"}"));
        m.add(json("{\"value\":\"a@x.example\"}"));
        assertEquals(3, m.size());
    }

    @Test
    void tenThousandAddsKeepRequestOrderAndFoldDuplicates() {
        MultiValue m = emails("[]");
        for (int i = 0; i < 10_000; i++) {
            m.add(json("{\"value\":\"e" + (i % 5_000) + (i < 5_000 ? "@x.example" : "@X.EXAMPLE") + "\",\"type\":\"work\"}"));
        }
        JsonArray out = m.toJson();
        assertEquals(5_000, out.size());
        for (int i = 0; i < 5_000; i++) {
            assertEquals("e" + i + "@X.EXAMPLE", out.getJsonObject(i).getString("value"), "the later spelling is merged into slot " + i);
        }
    }

    @Test
    void aNewPrimaryTakesPrimaryFromTheOthers() {
        MultiValue m = emails("[{\"value\":\"a@x.example\",\"primary\":true},{\"value\":\"b@x.example\"}]");
        m.add(json("{\"value\":\"c@x.example\",\"primary\":true}"));
        m.add(json("{\"value\":\"b@x.example\",\"primary\":true}"));
        assertEquals(array("[{\"value\":\"a@x.example\",\"primary\":false},{\"value\":\"b@x.example\",\"primary\":true},"
                + "{\"value\":\"c@x.example\",\"primary\":false}]"), m.toJson());
    }

    @Test
    void removeListedGoesByValueWhateverTheType() {
        MultiValue m = emails("[{\"value\":\"a@x.example\",\"type\":\"work\"},{\"value\":\"a@x.example\",\"type\":\"home\"},"
                + "{\"value\":\"b@x.example\"}]");
        m.removeListed(List.of(json("{\"value\":\"A@x.example\"}")));
        assertEquals(array("[{\"value\":\"b@x.example\"}]"), m.toJson());
    }

    @Test
    void aValueChangedInPlaceIsFoundUnderItsNewValueOnly() {
        MultiValue m = emails("[{\"value\":\"a@x.example\",\"type\":\"work\"}]");
        m.set(0, json("{\"value\":\"b@x.example\",\"type\":\"work\"}"));
        m.add(json("{\"value\":\"a@x.example\",\"type\":\"work\"}"));
        m.add(json("{\"value\":\"b@x.example\",\"type\":\"work\"}"));
        assertEquals(array("[{\"value\":\"b@x.example\",\"type\":\"work\"},{\"value\":\"a@x.example\",\"type\":\"work\"}]"), m.toJson());
    }

    @Test
    void removedSlotsAreSkippedAndAnEmptyListIsNoValue() {
        MultiValue m = emails("[{\"value\":\"a@x.example\"},{\"value\":\"b@x.example\"}]");
        m.remove(0);
        assertEquals(array("[{\"value\":\"b@x.example\"}]"), m.toJson());
        m.add(json("{\"value\":\"a@x.example\"}"));
        assertEquals(2, m.size());
        m.clear();
        assertTrue(m.isEmpty());
        assertNull(m.toJson());
    }

    @Test
    void simpleValuesCompareByEquality() {
        AttributeDefinition schemas = new AttributeDefinition("tags", io.roster.scim.schema.AttributeType.STRING, true, null,
                false, false, io.roster.scim.schema.Mutability.READ_WRITE, io.roster.scim.schema.Returned.DEFAULT,
                io.roster.scim.schema.Uniqueness.NONE, List.of(), List.of(), List.of());
        MultiValue m = new MultiValue(schemas, array("[\"a\"]"));
        m.add(jakarta.json.Json.createValue("a"));
        m.add(jakarta.json.Json.createValue("A"));
        m.removeListed(List.of(jakarta.json.Json.createValue("a")));
        assertEquals(array("[\"A\"]"), m.toJson());
        assertEquals(JsonValue.ValueType.ARRAY, m.toJson().getValueType());
    }
}
