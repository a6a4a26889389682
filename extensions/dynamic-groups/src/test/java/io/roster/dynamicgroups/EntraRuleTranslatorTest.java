package io.roster.dynamicgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.filter.FilterParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Entra rule syntax, table-driven: each rule and the SCIM filter it must mean. */
class EntraRuleTranslatorTest {
    static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "user.department -eq \"Sales\"                                | " + ENT + ":department eq \"Sales\"",
            "user.accountEnabled -eq true                                 | active eq true",
            "user.department -eq \"Sales\" -and user.accountEnabled -eq true | " + ENT + ":department eq \"Sales\" and active eq true",
            "user.userPrincipalName -startsWith \"ann\"                   | userName sw \"ann\"",
            "user.mail -contains \"@example.com\"                         | emails.value co \"@example.com\"",
            "user.displayName -ne \"Bob\"                                 | displayName ne \"Bob\"",
            "user.givenName -notStartsWith \"A\"                          | not (name.givenName sw \"A\")",
            "user.surname -notContains \"x\"                              | not (name.familyName co \"x\")",
            "user.jobTitle -eq null                                       | not (title pr)",
            "user.jobTitle -ne null                                       | title pr",
            "user.country -in [\"NL\", \"BE\"]                            | addresses.country eq \"NL\" or addresses.country eq \"BE\"",
            "user.city -notIn [\"Paris\"]                                 | not (addresses.locality eq \"Paris\")",
            "-not (user.employeeId -eq \"42\")                            | not (" + ENT + ":employeeNumber eq \"42\")",
            "(user.department -eq \"A\" -or user.department -eq \"B\") -and user.accountEnabled -eq true"
                    + " | (" + ENT + ":department eq \"A\" or " + ENT + ":department eq \"B\") and active eq true",
            "user.department -eq \"A\" -or user.department -eq \"B\" -and user.accountEnabled -eq false"
                    + " | " + ENT + ":department eq \"A\" or " + ENT + ":department eq \"B\" and active eq false",
            "USER.Department -EQ 'Sales'                                  | " + ENT + ":department eq \"Sales\"",
            "user.department eq \"Sales\" and user.accountEnabled eq true  | " + ENT + ":department eq \"Sales\" and active eq true",
            "user.companyName -eq \"Contoso\"                              | " + ENT + ":organization eq \"Contoso\"",
            "user.usageLocation -eq \"NL\"                                 | urn:ietf:params:scim:schemas:extension:roster:2.0:User:usageLocation eq \"NL\"",
            "user.department -eq \"Say \\\"hi\\\"\"                        | " + ENT + ":department eq \"Say \\\"hi\\\"\"",
    })
    void translatesToTheEquivalentScimFilter(String entra, String scim) {
        assertTrue(EntraRuleTranslator.isEntra(entra.trim()));
        String translated = EntraRuleTranslator.translate(entra.trim()).toString();
        assertEquals(scim.trim(), translated);
        // and the translation is a filter the SCIM parser reads back to the same tree
        assertEquals(translated, new FilterParser(10_000, 64).parse(translated).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "user.userPrincipalName -match \".*@contoso.com\" | -match",
            "user.proxyAddresses -any (_ -contains \"x\")     | proxyAddresses",
            "user.extension_abc123_costCenter -eq \"1\"       | extension_abc123_costCenter",
            "user.memberOf -any (group.objectId -in [\"1\"])  | memberOf",
            "device.deviceOSType -eq \"Windows\"              | device.deviceOSType",
            "user.department -eq                              | value is missing",
            "user.department -eq Sales                        | must be quoted",
            "(user.department -eq \"Sales\"                   | ')' is missing",
            "user.department -equals \"Sales\"                | expected an operator",
            "user.department -eq \"Sales\" -and               | ends where a condition",
            "user.department -in []                           | empty",
            "user.department -startsWith true                 | quoted string",
            "user.department -eq \"open                       | not closed",
    })
    void refusesWhatCannotBeTranslatedNamingThePart(String entra, String named) {
        ScimException e = assertThrows(ScimException.class, () -> EntraRuleTranslator.translate(entra.trim()));
        assertEquals(400, e.status());
        assertEquals(ScimType.INVALID_VALUE, e.scimType());
        assertTrue(e.detail().contains(named.trim()), e.detail());
    }

    @Test
    void aScimFilterIsNotMistakenForAnEntraRule() {
        assertFalse(EntraRuleTranslator.isEntra("userName eq \"user.name@example.com\" and title pr"));
        assertFalse(EntraRuleTranslator.isEntra(ENT + ":department eq \"Sales\""));
        assertTrue(EntraRuleTranslator.isEntra("(user.city -eq \"Oslo\")"));
    }

    private static final String COND = "user.city -eq \"Oslo\"";

    private static ScimException refused(String rule) {
        ScimException e = assertThrows(ScimException.class, () -> EntraRuleTranslator.translate(rule));
        assertEquals(400, e.status());
        assertEquals(ScimType.INVALID_VALUE, e.scimType());
        return e;
    }

    @Test
    void nestingIsBoundedAtTheScimFilterDepth() {
        assertEquals(32, MembershipRule.MAX_DEPTH, "the SCIM filter limit (ServiceSettings.maxFilterDepth)");
        EntraRuleTranslator.translate("(".repeat(32) + COND + ")".repeat(32));
        EntraRuleTranslator.translate("-not ".repeat(32) + COND);
        EntraRuleTranslator.translate("-not (".repeat(32) + COND + ")".repeat(32)); // "-not (" is one level, as "not (" is
        ScimException e = refused("(".repeat(33) + COND + ")".repeat(33));
        assertTrue(e.detail().contains("deeper than 32 levels") && e.detail().contains("SCIM filters have the same limit"), e.detail());
        assertTrue(e.detail().contains("position 33"), "names the level too many: " + e.detail());
        refused("-not ".repeat(33) + COND);
        EntraRuleTranslator.translate("(".repeat(20) + "-not ".repeat(12) + COND + ")".repeat(20));
        refused("(".repeat(20) + "-not ".repeat(13) + COND + ")".repeat(20));
    }

    /** The inputs that overflowed the stack: refused before anything recurses into them. */
    @Test
    void eightThousandParenthesesOrThreeThousandTwoHundredNotsAreRefusedNotOverflowed() {
        refused("(".repeat(8000) + COND + ")".repeat(8000));
        refused("-not ".repeat(3200) + COND);
        refused("(".repeat(8000)); // unbalanced too: the depth is what is reported, at the 33rd
    }

    /** A 16 KB -notIn list (5,000 values) was a left-deep tree 5,000 deep, which overflowed whatever walked it. */
    @Test
    void longListsAndChainsTranslateToShallowTrees() {
        StringBuilder list = new StringBuilder("user.city -notIn [");
        for (int i = 0; i < 5000; i++) {
            list.append(i == 0 ? "" : ",").append(i);
        }
        io.roster.scim.filter.Filter f = EntraRuleTranslator.translate(list + "]");
        assertTrue(BalancedChainsTest.depth(f) <= 15, "depth " + BalancedChainsTest.depth(f));
        String text = f.toString();
        assertTrue(text.startsWith("not (addresses.locality eq 0 or addresses.locality eq 1 or "), text.substring(0, 80));
        assertEquals(text, new FilterParser(200_000, 64).parse(text).toString(), "still reads back to the same tree");

        StringBuilder chain = new StringBuilder(COND);
        for (int i = 0; i < 700; i++) {
            chain.append(i % 2 == 0 ? " -or " : " -and ").append(COND);
        }
        assertTrue(BalancedChainsTest.depth(EntraRuleTranslator.translate(chain.toString())) <= 15);
    }
}
