package io.roster.licensing;

import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.ResourceTypeNames.USER;

import io.roster.scim.spi.Member;
import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.RecordType;
import java.util.List;

/**
 * Memberships made before the plugin kept joining order (an older store) are appended once, group by
 * group in member-id order, a page per write; the record {@code state/joinOrderComplete} marks it done.
 * Idempotent ({@link JoinOrder#append} skips members listed already), so a stop half way repeats it.
 */
final class JoinOrderBackfill {
    static final String STATE = "state";
    static final String COMPLETE = "joinOrderComplete";

    private JoinOrderBackfill() {
    }

    static void run(PluginRuntime runtime) {
        if (runtime.read(r -> r.records(STATE, RecordType.STRING).get(COMPLETE)) != null) {
            return;
        }
        String afterGroup = null;
        List<String> groups;
        do {
            String from = afterGroup;
            groups = runtime.read(r -> r.ids(GROUP, from, 100));
            for (String group : groups) {
                String afterMember = null;
                do {
                    String since = afterMember;
                    afterMember = runtime.write(ctx -> {
                        List<Member> page = ctx.resources().members(group, since, LicensingHook.MEMBER_PAGE);
                        for (Member m : page) {
                            if (USER.equals(m.type())) {
                                JoinOrder.append(ctx.resources(), group, m.id());
                            }
                        }
                        return page.size() < LicensingHook.MEMBER_PAGE ? null : page.get(page.size() - 1).id();
                    });
                } while (afterMember != null);
            }
            afterGroup = groups.isEmpty() ? null : groups.get(groups.size() - 1);
        } while (groups.size() == 100);
        runtime.write(ctx -> {
            ctx.resources().records(STATE, RecordType.STRING).put(COMPLETE, "1");
            return null;
        });
    }
}
