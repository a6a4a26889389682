package io.roster.conformance.kit;

import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roster.conformance.Scim;
import io.roster.conformance.ScimTarget;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What a standalone run leaves behind on the server: nothing it created. Against the embedded Roster,
 * with the cleanup the standalone runner enables. Isolated: the cleanup watches every kit exchange while
 * it is enabled, and deletes what it saw.
 */
@Isolated
class CleanupTest {
    private static final String ENTITLEMENT = "urn:ietf:params:scim:schemas:core:2.0:Entitlement";
    private static final String GROUP_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:Group";

    /**
     * Roster refuses to delete a group that holds licenses, and a license a group still gives: deleted
     * newest first, both are refused, and no order of deletes alone gets out of it (before the license
     * rule, the license went and the group was stranded: the 25 licensed groups a {@code --profile roster}
     * run left). The cleanup empties the refused group's multi-valued attributes and deletes both.
     */
    @Test
    void aGroupHoldingALicenseIsEmptiedAndDeletedWithTheLicense() {
        Assumptions.assumeTrue(scim().get("/ResourceTypes/License").statusCode() == 200, "no License resource type");
        Cleanup.enable();
        String licenseId;
        String groupId;
        String memberId;
        int left;
        try {
            String sku = UUID.randomUUID().toString();
            licenseId = Scim.create("/Licenses", """
                    {"schemas": ["%s"], "value": "%s", "display": "CLEANUP", "type": "License", "supported": true,
                     "limitedAssignmentsPermitted": false}""".formatted(ENTITLEMENT, sku));
            memberId = Scim.createUniqueUser("cleanup-member");
            groupId = Scim.create("/Groups", """
                    {"schemas": ["%s", "%s"], "displayName": %s, "members": [{"value": "%s"}], "%s": {"licenses": [{"value": "%s"}]}}"""
                    .formatted(Scim.GROUP_SCHEMA, GROUP_EXT, q(Scim.unique("cleanup-licensed")), memberId, GROUP_EXT, sku));
            assertEquals(409, scim().delete("/Groups/{id}", groupId).statusCode(), "a group holding a license is not deleted");
        } finally {
            left = Cleanup.deleteAll(ScimTarget.get());
        }
        assertEquals(0, left, "every resource created was deleted");
        assertEquals(404, scim().get("/Groups/{id}", groupId).statusCode());
        assertEquals(404, scim().get("/Licenses/{id}", licenseId).statusCode());
        assertEquals(404, scim().get("/Users/{id}", memberId).statusCode());
    }

    /** Only what the kit saw created, under the target's SCIM root: a resource made while not watching stays. */
    @Test
    void onlyWhatWasCreatedWhileWatchingIsDeleted() {
        String before = Scim.createUniqueUser("cleanup-before");
        Cleanup.enable();
        String during;
        int left;
        try {
            during = Scim.createUniqueUser("cleanup-during");
        } finally {
            left = Cleanup.deleteAll(ScimTarget.get());
        }
        assertEquals(0, left);
        assertEquals(404, scim().get("/Users/{id}", during).statusCode());
        assertEquals(200, scim().get("/Users/{id}", before).statusCode());
    }
}
