package io.roster.console;

import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.roster.scim.app.Config;
import io.roster.scim.app.RosterServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The admin console in a real browser against the server with every bundled plugin, as an administrator
 * would use it: sign in, find a group's members short of seats, buy seats and reprocess, watch the errors
 * clear, change a dynamic rule, rotate a client's secret; a Global Reader sees it all read-only and a
 * wrong token gets nowhere. One browser and one server with every bundled plugin for the class (its own
 * store, so the lists it checks hold only what it made); every wait is on a condition in the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest {
    private static final String USER_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:User";
    private static final String GROUP_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:Group";
    private static final String LICENSE_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:License";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String GLOBAL_READER = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

    private static final String TOKEN = "console-test-" + UUID.randomUUID();

    private Path dataDir;
    private RosterServer server;
    private Browser browser;
    private String console;
    private String licenseId;
    private String licenseName;
    private String groupId;
    private String groupName;
    private String dynamicId;
    private String dynamicMember;
    private String department;
    private String clientName;
    private String clientSecret;
    private String readerSecret;
    private String readerId;
    private String readerName;

    private RequestSpecification scim() {
        return RestAssured.given().baseUri(server.scimRoot().toString()).header("Authorization", "Bearer " + TOKEN)
                .contentType("application/scim+json").accept(ContentType.JSON);
    }

    private String create(String path, String body) {
        return scim().body(body).post(path).then().statusCode(201).extract().path("id");
    }

    @BeforeAll
    void fixturesAndBrowser() throws IOException {
        dataDir = Files.createTempDirectory("roster-console-");
        server = RosterServer.start(Config.embedded(dataDir, 0, TOKEN)); // the bundled plugins, found as roster.jar finds them
        console = server.scimRoot().resolve("/admin/").toString();
        // A license with two seats, handed out by a group of four: two members end in CountViolation.
        licenseName = unique("CONSOLE-E3").toUpperCase();
        licenseId = create("/Licenses", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Entitlement", "%s"], "value": "%s", "display": %s,
                 "type": "License", "supported": true, "limitedAssignmentsPermitted": true, "totalAssignmentsPermitted": 2,
                 "%s": {"servicePlans": [{"servicePlanId": "%s", "servicePlanName": "EXCHANGE_S_ENTERPRISE"}]}}"""
                .formatted(LICENSE_EXT, UUID.randomUUID(), q(licenseName), LICENSE_EXT, UUID.randomUUID()));
        department = unique("dept");
        List<String> members = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            members.add(create("/Users", user(unique("seat" + i) + "@console.example", "Seat Holder " + i, "elsewhere")));
        }
        groupName = unique("Console Sales");
        String sku = scim().get("/Licenses/" + licenseId).path("value");
        groupId = create("/Groups", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"], "displayName": %s,
                 "members": [%s], "%s": {"licenses": [{"value": "%s"}]}}""".formatted(GROUP_EXT, q(groupName),
                String.join(", ", members.stream().map(id -> "{\"value\": \"" + id + "\"}").toList()), GROUP_EXT, sku));
        // A user in a department that a dynamic group's rule does not match yet.
        dynamicMember = unique("dyn") + "@console.example";
        create("/Users", user(dynamicMember, "Dyna Mic", department));
        dynamicId = create("/Groups", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", "%s"], "displayName": %s,
                 "%s": {"membershipRule": "%s:department eq \\"nobody\\""}}""".formatted(GROUP_EXT, q(unique("Console Dynamic")),
                GROUP_EXT, ENTERPRISE));
        clientName = unique("Console connector");
        clientSecret = scim().body("{\"displayName\": " + q(clientName) + ", \"roles\": [{\"value\": \"" + GLOBAL_READER + "\"}]}")
                .post("/ApiClients").then().statusCode(201).extract().path("secret");
        // A Global Reader's own token: an API client bound to a user holding the role.
        readerName = unique("reader") + "@console.example";
        readerId = create("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": %s, "roles": [{"value": "%s"}]}"""
                .formatted(q(readerName), GLOBAL_READER));
        readerSecret = scim().body("{\"displayName\": " + q(unique("reader laptop")) + ", \"userId\": \"" + readerId + "\"}")
                .post("/ApiClients").then().statusCode(201).extract().path("secret");
        browser = Browser.open();
    }

    private static String user(String userName, String displayName, String dept) {
        return """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s"], "userName": %s, "displayName": %s,
                 "active": true, "%s": {"department": %s}}""".formatted(ENTERPRISE, q(userName), q(displayName), ENTERPRISE, q(dept));
    }

    @AfterAll
    void closeBrowserAndServer() throws IOException {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private void signIn(String token) {
        browser.driver.navigate().to(console);
        if (!browser.driver.findElements(By.id("sign-out")).isEmpty() && browser.driver.findElement(By.id("sign-out")).isDisplayed()) {
            browser.driver.findElement(By.id("sign-out")).click();
        }
        WebElement field = browser.visible(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.driver.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefused() {
        signIn("roster_not-a-token");
        WebElement error = browser.visible(By.cssSelector("#sign-in [role=alert]"));
        assertTrue(error.getText().startsWith("The server refused this token"), error.getText());
        assertFalse(browser.driver.findElement(By.id("nav")).isDisplayed(), "no page is offered");
        assertEquals(null, browser.driver.getCurrentUrl().contains("roster_not") ? "token in URL" : null);
        browser.screenshot("sign-in-refused");
    }

    @Test
    @Order(2)
    void signingInShowsTheOverviewWithSeatsAndGroupsInError() {
        signIn(TOKEN);
        browser.visible(By.id("nav"));
        browser.cardShowing("License seats", licenseName);
        browser.cardShowing("Groups with members in license error", groupName);
        assertFalse(browser.driver.getCurrentUrl().contains(TOKEN), "the token never goes into a URL");
        browser.screenshot("overview");
    }

    @Test
    @Order(3)
    void aGroupShowsItsMembersShortOfSeats() {
        browser.go("#/groups/" + groupId);
        WebElement inError = browser.cardShowing("Members in license error", "CountViolation");
        assertEquals(2, inError.findElements(By.cssSelector("tbody tr")).size(), inError.getText());
        browser.cardShowing("Members", "seat4");
        browser.screenshot("group-count-violation");
    }

    @Test
    @Order(4)
    void buyingSeatsAndReprocessingClearsTheErrors() {
        browser.go("#/licenses/" + licenseId);
        browser.cardShowing("Users in error, by error", "2 assignments in error");
        WebElement seats = browser.visible(By.id("seats-total"));
        seats.clear();
        seats.sendKeys("4");
        browser.cardShowing("Seats", "Save seats").findElement(By.xpath(".//button[.='Save seats']")).click();
        browser.cardShowing("Seats", "Saved: 4 seats");
        browser.cardShowing("Groups assigning this license", groupName)
                .findElement(By.cssSelector("button[aria-label='Reprocess " + groupName + "']")).click();
        browser.cardShowing("Users in error, by error", "No user is in error for this license.");
        browser.cardShowing("Seats", "4 of 4");
        browser.screenshot("license-after-reprocess");
        browser.go("#/groups/" + groupId);
        browser.cardShowing("Members in license error", "No member is in error.");
        assertEquals(4, (int) scim().get("/Licenses/" + licenseId).path("totalAssignmentsUsed"));
    }

    @Test
    @Order(5)
    void editingADynamicRuleChangesTheMembership() {
        browser.go("#/groups/" + dynamicId);
        browser.cardShowing("Members", "No members.");
        WebElement rule = browser.visible(By.id("rule"));
        rule.clear();
        rule.sendKeys("user.department -eq \"" + department + "\"");
        browser.cardShowing("Membership rule", "Validate").findElement(By.xpath(".//button[.='Validate']")).click();
        browser.cardShowing("Membership rule", "Valid: 1 users match it now.");
        browser.cardShowing("Membership rule", "Save rule").findElement(By.xpath(".//button[.='Save rule']")).click();
        browser.cardShowing("Membership rule", "Rule saved.");
        browser.cardShowing("Membership rule", ENTERPRISE + ":department eq");
        browser.cardShowing("Members", dynamicMember);
        browser.screenshot("dynamic-rule");
        // A rule the server cannot read is refused before anything is saved, with the parser's detail.
        rule.clear();
        rule.sendKeys("department eq");
        browser.cardShowing("Membership rule", "Validate").findElement(By.xpath(".//button[.='Validate']")).click();
        WebElement verdict = browser.visible(By.cssSelector("#rule-check[data-valid=false]"));
        assertTrue(verdict.getText().startsWith("Not a valid rule:"), verdict.getText());
    }

    @Test
    @Order(6)
    void rotatingAClientSecretShowsTheNewSecretOnce() {
        browser.go("#/clients");
        browser.cardShowing("Every client", clientName)
                .findElement(By.cssSelector("button[aria-label='Rotate the secret of " + clientName + "']")).click();
        String secret = browser.visible(By.id("new-secret")).getText();
        assertTrue(secret.startsWith("roster_") && !secret.equals(clientSecret), secret);
        assertEquals(401, RestAssured.given().baseUri(server.scimRoot().toString())
                .header("Authorization", "Bearer " + clientSecret).get("/Users?count=1").statusCode());
        assertEquals(200, RestAssured.given().baseUri(server.scimRoot().toString())
                .header("Authorization", "Bearer " + secret).get("/Users?count=1").statusCode());
        browser.screenshot("client-rotated");
    }

    @Test
    @Order(9)
    void anApiClientWithAReadingRoleSeesEverythingReadOnlyToo() {
        String name = unique("Console reader job");
        String secret = scim().body("{\"displayName\": " + q(name) + ", \"roles\": [{\"value\": \"" + GLOBAL_READER + "\"}]}")
                .post("/ApiClients").then().statusCode(201).extract().path("secret");
        signIn(secret);
        WebElement banner = browser.visible(By.id("readonly"));
        assertTrue(banner.getText().startsWith("Read-only"), banner.getText());
        String who = browser.visible(By.id("who-name")).getText();
        assertTrue(who.contains(name) && who.contains("Global Reader"), who);
        browser.go("#/licenses/" + licenseId);
        assertFalse(browser.visible(By.id("seats-total")).isEnabled());
    }

    @Test
    @Order(8)
    void anApplicationShowsItsRolesAssignmentsAndWhoHasAccess() {
        String appName = unique("Console Payroll");
        String appId = create("/Applications", """
                {"schemas": ["urn:roster:params:scim:schemas:core:2.0:Application"], "displayName": %s,
                 "appRoles": [{"value": "payroll.read", "displayName": "Reader"}],
                 "proxySettings": {"externalUrl": "https://payroll.example.com/", "internalUrl": "http://payroll.internal/",
                                   "preAuthentication": "entra"}}""".formatted(q(appName)));
        String reader = scim().get("/Applications/" + appId).path("appRoles[0].id");
        create("/AppRoleAssignments", """
                {"schemas": ["urn:roster:params:scim:schemas:core:2.0:AppRoleAssignment"], "principal": {"value": "%s"},
                 "application": {"value": "%s"}, "appRoleId": "%s"}""".formatted(groupId, appId, reader));
        signIn(TOKEN);
        browser.go("#/applications");
        browser.cardShowing("Registrations", appName);
        browser.go("#/applications/" + appId);
        assertTrue(browser.cardShowing("App roles", "payroll.read").getText().contains("Reader"));
        browser.cardShowing("Proxy settings", "https://payroll.example.com/");
        assertTrue(browser.cardShowing("Assignments", groupName).getText().contains("Reader (payroll.read)"));
        WebElement access = browser.cardShowing("Who has access", "Reader (payroll.read), group");
        assertEquals(4, access.findElements(By.cssSelector("tbody tr")).size(), "the group's four members, through the group");
        browser.screenshot("application");
        String member = scim().get("/Groups/" + groupId).path("members[0].value");
        browser.go("#/users/" + member);
        assertTrue(browser.cardShowing("Application access", appName).getText().contains("payroll.read"));
    }

    @Test
    @Order(7)
    void aGlobalReaderSeesEverythingReadOnly() {
        signIn(readerSecret);
        WebElement banner = browser.visible(By.id("readonly"));
        assertTrue(banner.getText().startsWith("Read-only"), banner.getText());
        assertTrue(browser.visible(By.id("who-name")).getText().contains("Global Reader"));
        browser.go("#/licenses/" + licenseId);
        browser.cardShowing("Seats", "4 of 4");
        assertFalse(browser.visible(By.id("seats-total")).isEnabled());
        WebElement save = browser.driver.findElement(By.xpath("//button[.='Save seats']"));
        assertFalse(save.isEnabled());
        assertTrue(save.getAttribute("title").contains("tenant.manage"), save.getAttribute("title"));
        browser.go("#/groups/" + dynamicId);
        browser.cardShowing("Members", dynamicMember);
        assertFalse(browser.visible(By.id("rule")).isEnabled());
        browser.go("#/clients");
        WebElement clients = browser.cardShowing("Every client", clientName);
        assertFalse(clients.findElement(By.cssSelector("button[aria-label='Revoke " + clientName + "']")).isEnabled());
        browser.screenshot("global-reader-clients");
        browser.go("#/users/" + readerId);
        assertTrue(browser.cardShowing("Admin roles", "Global Reader").getText().contains("direct"));
        browser.go("#/roles/" + GLOBAL_READER);
        browser.cardShowing("Holders", readerName);
        browser.size(390, 900); // a phone's width
        browser.go("#/groups/" + groupId);
        browser.cardShowing("Members in license error", "No member is in error.");
        browser.screenshot("phone-group");
        browser.size(1280, 1000);
    }
}
