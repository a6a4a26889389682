package io.roster.scim.hook;

import io.roster.scim.filter.Filter;
import io.roster.scim.spi.Matches;
import io.roster.scim.spi.Member;
import io.roster.scim.spi.RecordTable;
import io.roster.scim.spi.RecordType;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoredResource;
import java.util.ArrayList;
import java.util.List;

/**
 * The plugin API's read view over one store read (or the running write): resources as {@link Resource},
 * members as {@link Member}, queries through the planner, the plugin's records. Index entries, store
 * records and planner internals stay inside.
 */
class ReadView implements ResourceReader {
    private final StoreReader store;
    final PluginScope scope;

    ReadView(StoreReader store, PluginScope scope) {
        this.store = store;
        this.scope = scope;
    }

    /**
     * A view outside any plugin (the authorizer's, while a token is authenticated): resources and
     * memberships only; queries and records throw.
     */
    public static ResourceReader basic(StoreReader store) {
        return new ReadView(store, null);
    }

    StoreReader store() {
        return store;
    }

    static Resource view(StoredResource r) {
        return r == null ? null : new Resource(r.type(), r.id(), r.version(), r.created(), r.lastModified(), r.attributes());
    }

    @Override
    public Resource get(String type, String id) {
        return view(store.get(type, id));
    }

    @Override
    public String findUnique(String type, String attribute, String value) {
        return store.findUnique(type, attribute, value);
    }

    @Override
    public long count(String type) {
        return store.count(type);
    }

    @Override
    public List<String> ids(String type, String afterId, int limit) {
        return store.ids(type, afterId, limit);
    }

    @Override
    public List<Member> members(String groupId, String afterMemberId, int limit) {
        List<MemberRef> page = store.members(groupId, afterMemberId, limit);
        List<Member> out = new ArrayList<>(page.size());
        for (MemberRef m : page) {
            out.add(new Member(m.id(), m.type(), m.display()));
        }
        return out;
    }

    @Override
    public long memberCount(String groupId) {
        return store.memberCount(groupId);
    }

    @Override
    public boolean isMember(String groupId, String memberId) {
        return store.isMember(groupId, memberId);
    }

    @Override
    public List<String> groupsOf(String memberId) {
        return store.groupsOf(memberId);
    }

    @Override
    public Matches matching(String type, Filter filter) {
        return new QueryMatches(scoped().filters, scoped().planner(), type, filter);
    }

    @Override
    public long estimateMatching(String type, Filter filter) {
        return QueryMatches.estimate(scoped().planner(), scoped().filters, store, type, filter);
    }

    @Override
    public <V> RecordTable<V> records(String table, RecordType<V> type) {
        return new Records<>(this, PluginScope.checkName("record table", table), type);
    }

    /** Writes through this view are refused (a read, or validate); the write view overrides it. */
    io.roster.scim.store.StoreWriter writer() {
        throw new IllegalStateException("plugin " + (scope == null ? "?" : scope.pluginId)
                + " may not write here: this is a read (or a validate phase); write in apply, a job step or PluginRuntime.write");
    }

    PluginScope scoped() {
        if (scope == null) {
            throw new IllegalStateException("queries and records need a plugin's view");
        }
        return scope;
    }

    /** A plugin's record table over this view's store. */
    private static final class Records<V> implements RecordTable<V> {
        private final ReadView view;
        private final String table;
        private final RecordType<V> type;

        Records(ReadView view, String table, RecordType<V> type) {
            this.view = view;
            this.table = table;
            this.type = type;
        }

        @Override
        public V get(String key) {
            String text = view.store.setting(view.scoped().recordKey(table, key));
            return text == null ? null : type.decode().apply(text);
        }

        @Override
        public void put(String key, V value) {
            view.writer().putSetting(view.scoped().recordKey(table, key), value == null ? null : type.encode().apply(value));
        }
    }
}
