package io.roster.scim.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.FilterParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatchPathTest {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final FilterParser filters = new FilterParser(4096, 32);

    private PatchPath parse(String text) {
        return PatchPath.parse(text, filters);
    }

    @Test
    void plainAttributeParsesWithoutFilterOrSubAttribute() {
        PatchPath p = parse("userName");
        assertNull(p.attribute().schemaUrn());
        assertEquals("userName", p.attribute().attribute());
        assertNull(p.filter());
        assertNull(p.targetSubAttribute());
    }

    @Test
    void dottedPathNamesTheSubAttribute() {
        PatchPath p = parse("name.givenName");
        assertEquals("name", p.attribute().attribute());
        assertEquals("givenName", p.targetSubAttribute());
    }

    @Test
    void urnQualifiedPathKeepsTheUrnOutOfTheName() {
        PatchPath p = parse(ENTERPRISE + ":employeeNumber");
        assertEquals(ENTERPRISE, p.attribute().schemaUrn());
        assertEquals("employeeNumber", p.attribute().attribute());
        assertNull(p.targetSubAttribute());

        PatchPath m = parse(ENTERPRISE + ":manager.value");
        assertEquals("manager", m.attribute().attribute());
        assertEquals("value", m.targetSubAttribute());
    }

    @Test
    void valueFilterIsParsedIntoTheFilterAst() {
        PatchPath p = parse("emails[type eq \"work\"]");
        assertEquals("emails", p.attribute().attribute());
        Compare c = (Compare) p.filter();
        assertEquals("type", c.path().attribute());
        assertNull(p.targetSubAttribute());
    }

    @Test
    void subAttributeAfterValueFilterIsTheTarget() {
        PatchPath p = parse("emails[type eq \"work\"].value");
        assertNotNull(p.filter());
        assertEquals("value", p.subAttribute());
        assertEquals("value", p.targetSubAttribute());
    }

    @Test
    void bracketInsideAQuotedFilterValueDoesNotCloseTheFilter() {
        PatchPath p = parse("emails[value eq \"a]b[c\"].display");
        assertEquals("display", p.targetSubAttribute());
        assertEquals("a]b[c", ((Compare) p.filter()).value().toString().replace("\"", ""));
    }

    @Test
    void urnQualifiedPathWithValueFilterParses() {
        PatchPath p = parse(ENTERPRISE + ":manager[value eq \"42\"]");
        assertEquals(ENTERPRISE, p.attribute().schemaUrn());
        assertEquals("manager", p.attribute().attribute());
        assertNotNull(p.filter());
    }

    @Test
    void namesKeepTheClientsSpellingForCaseInsensitiveResolution() {
        assertEquals("Value", parse("emails.Value").targetSubAttribute());
        assertEquals("UserName", parse("UserName").attribute().attribute());
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertEquals("userName", parse("  userName ").attribute().attribute());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                                         // empty
            "   ",                                      // blank
            "emails[type eq \"work\"",                  // unclosed [
            "emails[type eq \"work\"]]",                // stray ]
            "emails[type eq \"work\"]value",            // no '.' after ]
            "emails[type eq \"work\"].",                // '.' without a name
            "emails[type eq \"work\"].value.display",   // two sub-attributes
            "emails[type eq \"work\"][primary eq true]",// two filters
            "emails[type eq [\"work\"]]",               // nested [
            "emails.value[type eq \"work\"]",           // filter after a sub-attribute
            "emails[]",                                 // empty filter
            "emails[type eq]",                          // filter without value
            "emails[type equals \"work\"]",             // unknown operator
            "1userName",                                // name starts with a digit
            "user name",                                // space inside a name
            "user$name",                                // bad character
            "name.",                                    // dot without sub-attribute
            ".givenName",                               // sub-attribute without attribute
            "name.givenName.first",                     // sub-sub-attribute
            "notaurn:thing:",                           // URN without an attribute name
    })
    void malformedPathIsInvalidPath(String text) {
        ScimException e = assertThrows(ScimException.class, () -> parse(text));
        assertEquals(400, e.status());
        assertEquals(ScimType.INVALID_PATH, e.scimType(), e.detail());
        assertTrue(e.detail() != null && !e.detail().isBlank());
    }

    @Test
    void malformedPathDetailQuotesThePath() {
        ScimException e = assertThrows(ScimException.class, () -> parse("emails[type eq \"work\""));
        assertTrue(e.detail().contains("never closed"), e.detail());
        assertTrue(e.detail().contains("emails[type eq \"work\""), e.detail());
    }
}
