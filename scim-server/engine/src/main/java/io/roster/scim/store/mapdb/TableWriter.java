package io.roster.scim.store.mapdb;

import io.roster.scim.error.ScimException;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Owns the writes of one unit of work ({@link StoreWriter}) over the tables: every change is applied at
 * once (later reads of the unit see it) and recorded twice, as an undo step (so a unit that throws is
 * rolled back alone, leaving its batch-mates in place) and as a redo operation with the absolute new
 * value (what the journal stores). Used only by the writer thread, under the write lock.
 */
final class TableWriter extends TableReader implements StoreWriter {
    private final List<Runnable> undo = new ArrayList<>();
    private final List<RedoOp> redo = new ArrayList<>();

    TableWriter(Tables tables) {
        super(tables);
    }

    /** The redo operations of the unit, in order. */
    List<RedoOp> redo() {
        return redo;
    }

    /** Rolls every change of the unit back, newest first. */
    void undoAll() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        undo.clear();
        redo.clear();
    }

    <V> void put(Tables.Table<V> table, String key, V value) {
        V old = table.map.put(key, value);
        undo.add(() -> {
            if (old == null) {
                table.map.remove(key);
            } else {
                table.map.put(key, old);
            }
        });
        redo.add(new RedoOp(table.name, key, value));
    }

    <V> V remove(Tables.Table<V> table, String key) {
        V old = table.map.remove(key);
        if (old != null) {
            undo.add(() -> table.map.put(key, old));
            redo.add(new RedoOp(table.name, key, null));
        }
        return old;
    }

    private void add(String counter, long delta) {
        setCounter(counter, counter(counter) + delta);
    }

    void setCounter(String counter, long value) {
        if (value == 0) {
            remove(tables.counters, counter);
        } else {
            put(tables.counters, counter, value);
        }
    }

    @Override
    public void put(StoredResource resource) {
        StoredResource old = get(resource.type(), resource.id());
        checkVersion(resource, old);
        write(resource, old);
    }

    @Override
    public void load(StoredResource resource) {
        if (get(resource.type(), resource.id()) != null) {
            throw new IllegalStateException("load of " + resource.type() + "/" + resource.id() + ": the store holds it already;"
                    + " loading is for restoring into a store that does not");
        }
        if (resource.version() < 1) {
            throw new IllegalStateException("load of " + resource.type() + "/" + resource.id() + " at version "
                    + resource.version() + ": versions start at 1");
        }
        write(resource, null);
    }

    private void write(StoredResource resource, StoredResource old) {
        String type = resource.type();
        String id = resource.id();
        List<IndexDefinition> defs = tables.indexes(type);
        List<Set<String>> oldValues = new ArrayList<>(defs.size());
        List<Map<String, String>> newValues = new ArrayList<>(defs.size());
        // Check every unique index before writing anything, so a conflict leaves no trace.
        for (IndexDefinition def : defs) {
            Map<String, String> fresh = normalised(def, resource);
            if (def.unique()) {
                for (Map.Entry<String, String> v : fresh.entrySet()) {
                    String owner = tables.unique.map.get(Keys.uniqueKey(def, v.getKey()));
                    if (owner != null && !owner.equals(id)) {
                        // The detail never names the owner: the caller may not be allowed to read it.
                        throw ScimException.uniqueness("A " + type + " with " + def.name() + " \"" + v.getValue()
                                + "\" already exists"
                                + (def.caseExact() ? "" : "; " + def.name() + " is compared case-insensitively") + ".");
                    }
                }
            }
            newValues.add(fresh);
            oldValues.add(old == null ? Set.of() : normalised(def, old).keySet());
        }
        put(tables.records(type), id, RecordCodec.encode(resource));
        if (old == null) {
            put(tables.order(type), id, Boolean.TRUE);
            add(Keys.countCounter(type), 1);
        }
        for (int i = 0; i < defs.size(); i++) {
            IndexDefinition def = defs.get(i);
            Set<String> before = oldValues.get(i);
            Set<String> after = newValues.get(i).keySet();
            if (before.isEmpty() != after.isEmpty()) {
                add(Keys.indexedCounter(def), after.isEmpty() ? -1 : 1);
            }
            for (String v : before) {
                if (!after.contains(v)) {
                    removeIndexEntry(def, v, id);
                }
            }
            for (String v : after) {
                if (!before.contains(v)) {
                    putIndexEntry(def, v, id);
                }
            }
        }
    }

    /** Store contract, rule 4: 1 for a new resource; for an existing one the stored version or one more. */
    private static void checkVersion(StoredResource resource, StoredResource old) {
        long v = resource.version();
        boolean ok = old == null ? v == 1 : v == old.version() || v == old.version() + 1;
        if (!ok) {
            throw new IllegalStateException("put of " + resource.type() + "/" + resource.id() + " at version " + v
                    + (old == null ? " creates it, so must be version 1" : " where version " + old.version()
                    + " is stored: a new version is one more than the stored one, read in the same unit of work"));
        }
    }

    @Override
    public boolean delete(String type, String id) {
        StoredResource old = get(type, id);
        if (old == null) {
            return false;
        }
        remove(tables.records(type), id);
        remove(tables.order(type), id);
        add(Keys.countCounter(type), -1);
        for (IndexDefinition def : tables.indexes(type)) {
            Set<String> values = normalised(def, old).keySet();
            for (String v : values) {
                removeIndexEntry(def, v, id);
            }
            if (!values.isEmpty()) {
                add(Keys.indexedCounter(def), -1);
            }
        }
        String prefix = Keys.prefix(id);
        List<String> memberKeys = memberKeys(id);
        for (String key : memberKeys) {
            remove(tables.members, key);
            remove(tables.memberOf, Keys.memberOfKey(key.substring(prefix.length()), id));
        }
        if (!memberKeys.isEmpty()) {
            add(Keys.membersCounter(id), -memberKeys.size());
        }
        for (String groupId : groupsOf(id)) {
            removeMember(groupId, id);
        }
        return true;
    }

    @Override
    public boolean addMember(String groupId, MemberRef member) {
        String display = member.display() == null ? "" : member.display();
        String key = Keys.memberKey(groupId, member.id());
        String old = tables.members.map.get(key);
        String value = member.type() + Keys.SEP + display;
        if (value.equals(old)) {
            return false;
        }
        put(tables.members, key, value);
        if (old != null) {
            return false;
        }
        put(tables.memberOf, Keys.memberOfKey(member.id(), groupId), Boolean.TRUE);
        add(Keys.membersCounter(groupId), 1);
        return true;
    }

    @Override
    public boolean removeMember(String groupId, String memberId) {
        if (remove(tables.members, Keys.memberKey(groupId, memberId)) == null) {
            return false;
        }
        remove(tables.memberOf, Keys.memberOfKey(memberId, groupId));
        add(Keys.membersCounter(groupId), -1);
        return true;
    }

    @Override
    public void putSetting(String key, String value) {
        if (value == null) {
            remove(tables.settings, key);
        } else {
            put(tables.settings, key, value);
        }
    }

    void putIndexEntry(IndexDefinition def, String value, String id) {
        if (def.unique()) {
            put(tables.unique, Keys.uniqueKey(def, value), id);
        } else {
            put(tables.index, Keys.indexKey(def, value, id), Boolean.TRUE);
        }
    }

    private void removeIndexEntry(IndexDefinition def, String value, String id) {
        if (def.unique()) {
            remove(tables.unique, Keys.uniqueKey(def, value));
        } else {
            remove(tables.index, Keys.indexKey(def, value, id));
        }
    }

    /** Normalised value to the value as written, for messages. Values holding NUL cannot be indexed and are skipped. */
    static Map<String, String> normalised(IndexDefinition def, StoredResource r) {
        List<String> raw = def.extractor().apply(r.attributes());
        if (raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : raw) {
            if (v != null && !v.isEmpty() && v.indexOf('\u0000') < 0) {
                out.putIfAbsent(def.normalise(v), v);
            }
        }
        return out;
    }
}
