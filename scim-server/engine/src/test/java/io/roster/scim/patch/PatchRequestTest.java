package io.roster.scim.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchRequestTest {
    private static final String PATCH_OP = "\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"";
    private final FilterParser filters = new FilterParser(4096, 32);

    private List<PatchOperation> parse(String body) {
        return PatchRequest.parse(JsonSupport.parseTrusted(body), filters);
    }

    private ScimException rejected(String body) {
        return assertThrows(ScimException.class, () -> parse(body));
    }

    private static String ops(String operations) {
        return "{\"schemas\":[" + PATCH_OP + "],\"Operations\":[" + operations + "]}";
    }

    @Test
    void wellFormedRequestYieldsOperationsInOrderWithOneBasedIndexes() {
        List<PatchOperation> ops = parse(ops("""
                {"op":"add","path":"emails","value":[{"value":"a@b.c"}]},
                {"op":"remove","path":"title"},
                {"op":"replace","value":{"displayName":"X"}}"""));
        assertEquals(3, ops.size());
        assertEquals(PatchOperation.Op.ADD, ops.get(0).op());
        assertEquals("emails", ops.get(0).path().attribute().attribute());
        assertEquals(PatchOperation.Op.REMOVE, ops.get(1).op());
        assertNull(ops.get(1).value());
        assertEquals(PatchOperation.Op.REPLACE, ops.get(2).op());
        assertNull(ops.get(2).path());
        assertEquals(List.of(1, 2, 3), ops.stream().map(PatchOperation::index).toList());
    }

    @Test
    void opNamesAreCaseInsensitiveAsEntraCapitalisesThem() {
        List<PatchOperation> ops = parse(ops("""
                {"op":"Add","path":"title","value":"a"},
                {"op":"Replace","path":"title","value":"b"},
                {"op":"Remove","path":"title"},
                {"op":"REPLACE","path":"title","value":"c"}"""));
        assertEquals(List.of(PatchOperation.Op.ADD, PatchOperation.Op.REPLACE, PatchOperation.Op.REMOVE, PatchOperation.Op.REPLACE),
                ops.stream().map(PatchOperation::op).toList());
    }

    @Test
    void schemasMayBeOmitted() {
        assertEquals(1, parse("{\"Operations\":[{\"op\":\"remove\",\"path\":\"title\"}]}").size());
    }

    @Test
    void messageMemberNamesAreMatchedCaseInsensitively() {
        assertEquals(1, parse("{\"schemas\":[" + PATCH_OP + "],\"operations\":[{\"OP\":\"remove\",\"Path\":\"title\"}]}").size());
    }

    @Test
    void schemasWithoutThePatchOpUrnIsInvalidSyntax() {
        ScimException e = rejected("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"Operations\":[{\"op\":\"remove\",\"path\":\"title\"}]}");
        assertEquals(ScimType.INVALID_SYNTAX, e.scimType());
        assertTrue(e.detail().contains("PatchOp"), e.detail());
    }

    @Test
    void missingOrNonArrayOperationsIsInvalidSyntax() {
        assertEquals(ScimType.INVALID_SYNTAX, rejected("{\"schemas\":[" + PATCH_OP + "]}").scimType());
        assertEquals(ScimType.INVALID_SYNTAX, rejected("{\"Operations\":{\"op\":\"remove\",\"path\":\"title\"}}").scimType());
    }

    @Test
    void emptyOperationsIsInvalidSyntax() {
        ScimException e = rejected(ops(""));
        assertEquals(ScimType.INVALID_SYNTAX, e.scimType());
        assertTrue(e.detail().contains("empty"), e.detail());
    }

    @Test
    void tenThousandOperationsAreAcceptedAndOneMoreIsRejected() {
        String one = "{\"op\":\"add\",\"path\":\"title\",\"value\":\"t\"}";
        String max = String.join(",", java.util.Collections.nCopies(PatchRequest.MAX_OPERATIONS, one));
        assertEquals(10_000, parse(ops(max)).size());
        ScimException e = rejected(ops(max + "," + one));
        assertEquals(400, e.status());
        assertTrue(e.detail().contains("10000"), e.detail());
    }

    @Test
    void operationThatIsNotAnObjectIsInvalidSyntax() {
        assertEquals(ScimType.INVALID_SYNTAX, rejected(ops("\"add\"")).scimType());
    }

    @Test
    void missingOrUnknownOpIsInvalidSyntax() {
        assertEquals(ScimType.INVALID_SYNTAX, rejected(ops("{\"path\":\"title\",\"value\":\"x\"}")).scimType());
        ScimException e = rejected(ops("{\"op\":\"move\",\"path\":\"title\",\"value\":\"x\"}"));
        assertEquals(ScimType.INVALID_SYNTAX, e.scimType());
        assertTrue(e.detail().contains("\"move\""), e.detail());
        assertEquals(ScimType.INVALID_SYNTAX, rejected(ops("{\"op\":1,\"path\":\"title\",\"value\":\"x\"}")).scimType());
    }

    @Test
    void addOrReplaceWithoutValueIsInvalidValue() {
        assertEquals(ScimType.INVALID_VALUE, rejected(ops("{\"op\":\"add\",\"path\":\"title\"}")).scimType());
        assertEquals(ScimType.INVALID_VALUE, rejected(ops("{\"op\":\"replace\",\"path\":\"title\"}")).scimType());
        assertEquals(ScimType.INVALID_VALUE, rejected(ops("{\"op\":\"add\",\"path\":\"title\",\"value\":null}")).scimType());
    }

    @Test
    void replaceWithExplicitNullValueIsAcceptedAsUnassign() {
        List<PatchOperation> ops = parse(ops("{\"op\":\"replace\",\"path\":\"title\",\"value\":null}"));
        assertEquals(jakarta.json.JsonValue.NULL, ops.get(0).value());
    }

    @Test
    void removeWithoutPathIsNoTarget() {
        ScimException e = rejected(ops("{\"op\":\"remove\",\"value\":{\"title\":\"x\"}}"));
        assertEquals(ScimType.NO_TARGET, e.scimType());
        assertTrue(e.detail().startsWith("Operation 1"), e.detail());
    }

    @Test
    void pathLessValueMustBeAnObject() {
        ScimException e = rejected(ops("{\"op\":\"replace\",\"value\":\"x\"}"));
        assertEquals(ScimType.INVALID_VALUE, e.scimType());
        assertEquals(ScimType.INVALID_VALUE, rejected(ops("{\"op\":\"add\",\"value\":[{\"title\":\"x\"}]}")).scimType());
    }

    @Test
    void nonStringPathIsInvalidPath() {
        assertEquals(ScimType.INVALID_PATH, rejected(ops("{\"op\":\"remove\",\"path\":[\"title\"]}")).scimType());
    }

    @Test
    void malformedPathIsInvalidPathNamingTheOperation() {
        ScimException e = rejected(ops("{\"op\":\"add\",\"path\":\"title\",\"value\":\"a\"},"
                + "{\"op\":\"remove\",\"path\":\"emails[type eq \\\"work\\\"\"}"));
        assertEquals(ScimType.INVALID_PATH, e.scimType());
        assertTrue(e.detail().startsWith("Operation 2"), e.detail());
    }

    @Test
    void bodyIsCheckedWhole() {
        JsonObject body = JsonSupport.parseTrusted(ops("{\"op\":\"add\",\"path\":\"title\",\"value\":\"a\"},{\"op\":\"jump\"}"));
        assertThrows(ScimException.class, () -> PatchRequest.parse(body, filters));
    }
}
