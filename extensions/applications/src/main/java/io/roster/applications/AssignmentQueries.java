package io.roster.applications;

import static io.roster.scim.spi.ResourceTypeNames.APP_ROLE_ASSIGNMENT;

import io.roster.scim.filter.And;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.CompareOp;
import io.roster.scim.filter.Filter;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Matches;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Finding assignments through the plugin's indexes ({@code principal.value}, {@code application.value},
 * {@code appRoleId}): filters built as AST nodes, never from text, so an id can never change their meaning.
 */
final class AssignmentQueries {
    /** Assignments read per page of a walk. */
    static final int PAGE = 500;

    private AssignmentQueries() {
    }

    static Filter eq(String attribute, String sub, String value) {
        return new Compare(new AttrPath(null, attribute, sub), CompareOp.EQ, JsonSupport.string(value));
    }

    static Filter byPrincipal(String principalId) {
        return eq("principal", "value", principalId);
    }

    static Filter byApplication(String applicationId) {
        return eq("application", "value", applicationId);
    }

    static Filter byRole(String applicationId, String roleId) {
        return new And(eq("appRoleId", null, roleId), byApplication(applicationId));
    }

    /**
     * Every assignment of a principal: a User or Group holds few (each is one it was given by hand), so
     * they are read whole.
     */
    static List<Resource> ofPrincipal(ResourceReader r, String principalId) {
        return all(r, byPrincipal(principalId));
    }

    static List<Resource> all(ResourceReader r, Filter filter) {
        List<Resource> out = new ArrayList<>();
        Matches m = r.matching(APP_ROLE_ASSIGNMENT, filter);
        while (true) {
            List<String> page = m.next(r, PAGE);
            for (String id : page) {
                Resource a = r.get(APP_ROLE_ASSIGNMENT, id);
                if (a != null) {
                    out.add(a);
                }
            }
            if (page.size() < PAGE) {
                return out;
            }
        }
    }

    static String principal(Resource assignment) {
        return assignment.attributes().getJsonObject("principal").getString("value");
    }

    static String principalType(Resource assignment) {
        return assignment.attributes().getJsonObject("principal").getString("type", "User");
    }

    static String application(Resource assignment) {
        return assignment.attributes().getJsonObject("application").getString("value");
    }

    static String roleId(Resource assignment) {
        return assignment.attributes().getString("appRoleId", AppRole.DEFAULT_ACCESS);
    }
}
