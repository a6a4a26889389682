package io.roster.scim.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntraCapitalisedOpsTest {
    private static final FilterParser FILTERS = new FilterParser(4096, 32);

    /** Entra's deactivation and member PATCH as sent: capitalised ops (CLIENTS.md, Microsoft's SCIM compliance notes). */
    private static final String ENTRA_BODY = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [
               {"op":"Replace","path":"active","value":"False"},
               {"op":"Add","path":"nickName","value":"Babs"},
               {"op":"Remove","path":"members","value":[{"value":"u1091"}]}]}""";

    private final EntraCapitalisedOps quirk = new EntraCapitalisedOps();

    @Test
    void entrasCapitalisedOpsAreReadAsTheRfcNames() {
        List<PatchOperation> ops = PatchRequest.parse(JsonSupport.parseTrusted(ENTRA_BODY), FILTERS);
        assertEquals(List.of(PatchOperation.Op.REPLACE, PatchOperation.Op.ADD, PatchOperation.Op.REMOVE),
                ops.stream().map(PatchOperation::op).toList());
    }

    @Test
    void anOpInAnyCaseWithSurroundingSpacesIsLowerCased() {
        assertEquals(JsonSupport.parseTrusted("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"a\"}"),
                quirk.rewrite(JsonSupport.parseTrusted("{\"op\":\" REPLACE \",\"path\":\"title\",\"value\":\"a\"}")));
        assertEquals("remove", quirk.rewrite(JsonSupport.parseTrusted("{\"OP\":\"Remove\",\"path\":\"title\"}")).getString("OP"));
    }

    @Test
    void lowerCaseOpsAndOtherNamesAreLeftAlone() {
        for (String op : new String[] {"{\"op\":\"add\"}", "{\"op\":\"Move\"}", "{\"op\":7}", "{\"path\":\"title\"}"}) {
            JsonObject o = JsonSupport.parseTrusted(op);
            assertSame(o, quirk.rewrite(o), op);
        }
    }

    /** Without the quirk the reader is the RFC's: "op" is "add", "remove" or "replace" (RFC 7644 section 3.5.2). */
    @Test
    void withoutTheQuirkACapitalisedOpIsInvalidSyntax() {
        ScimException e = assertThrows(ScimException.class,
                () -> PatchRequest.parse(JsonSupport.parseTrusted(ENTRA_BODY), FILTERS, List.of()));
        assertEquals(ScimType.INVALID_SYNTAX, e.scimType());
    }
}
