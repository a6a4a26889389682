package io.roster.conformance;

import static io.roster.conformance.Patches.assertOkWithCurrentResource;
import static io.roster.conformance.Patches.patchUser;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * PATCHes with as many operations as the server allows (10,000) and as many values as one attribute
 * may hold: every operation applies, in order, and a repeated value is added once. How fast they run is
 * measured with the load generator, not asserted here.
 */
@Check(level = Level.ROSTER, area = Area.PATCH, rule = "Roster: PATCH limits")
@Requires({Capability.STRESS, Capability.PATCH})
class LargePatchTest {
    private static String emailAdds(int operations, int distinct, String tag) {
        return IntStream.range(0, operations)
                .mapToObj(i -> "{\"op\": \"add\", \"path\": \"emails\", \"value\": [{\"value\": \"e" + (i % distinct) + "-" + tag
                        + "@x.example\", \"type\": \"work\"}]}")
                .collect(Collectors.joining(", ", "{\"schemas\": [\"" + Patches.PATCH_OP + "\"], \"Operations\": [", "]}"));
    }

    @Test
    void aPatchOfAsManyAddsAsTheLimitAllowsAddsEveryValueInOrder() {
        int max = ValueLimitTest.limit();
        String userName = uniqueUserName("big-patch");
        String id = create("/Users", Scim.userBody(userName));
        Response get = assertOkWithCurrentResource(patchUser(id, emailAdds(max, max, userName)), "/Users", id);
        List<Map<String, Object>> emails = get.jsonPath().getList("emails");
        assertThat(emails, hasSize(max));
        for (int i = 0; i < max; i += 97) {
            assertThat(emails.get(i).get("value"), equalTo("e" + i + "-" + userName + "@x.example"));
        }
    }

    @Test
    void tenThousandAddOperationsRepeatingValuesAddEachValueOnce() {
        int max = ValueLimitTest.limit();
        String userName = uniqueUserName("max-ops");
        String id = create("/Users", Scim.userBody(userName));
        Response get = assertOkWithCurrentResource(patchUser(id, emailAdds(10_000, Math.min(max, 1000), userName)), "/Users", id);
        assertThat(get.jsonPath().getList("emails"), hasSize(Math.min(max, 1000)));
    }
}
