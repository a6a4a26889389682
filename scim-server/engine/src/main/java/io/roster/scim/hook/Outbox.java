package io.roster.scim.hook;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Change;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable outbox of after-commit hooks, kept in the store's settings so that it is journaled,
 * snapshotted and recovered with everything else and needs no table of its own. Each hook has a queue:
 * {@code outbox/<queue>/next} is the next sequence number, {@code outbox/<queue>/head} the oldest entry
 * not yet acknowledged, and {@code outbox/<queue>/<seq>} an entry (a {@link Change} as JSON). Entries are
 * appended inside the change's own write and acknowledged in order, so a queue is the range [head, next).
 */
final class Outbox {
    private static final String PREFIX = "outbox/";

    record Entry(long seq, Change change) {
    }

    private Outbox() {
    }

    static void append(StoreWriter w, String queue, Change change) {
        long seq = counter(w, queue, "next");
        w.putSetting(entryKey(queue, seq), JsonSupport.toText(ChangeJson.toJson(change)));
        w.putSetting(key(queue, "next"), Long.toString(seq + 1));
    }

    /** Up to {@code limit} unacknowledged entries, oldest first. */
    static List<Entry> pending(StoreReader r, String queue, int limit) {
        long next = counter(r, queue, "next");
        List<Entry> out = new ArrayList<>();
        for (long seq = counter(r, queue, "head"); seq < next && out.size() < limit; seq++) {
            String text = r.setting(entryKey(queue, seq));
            if (text != null) {
                out.add(new Entry(seq, ChangeJson.fromJson(JsonSupport.parseTrusted(text))));
            }
        }
        return out;
    }

    /** How many entries wait in the queue. */
    static long size(StoreReader r, String queue) {
        return counter(r, queue, "next") - counter(r, queue, "head");
    }

    /** Removes delivered entries, which are the oldest ones of the queue, and moves its head past them. */
    static void acknowledge(StoreWriter w, String queue, List<Long> seqs) {
        long head = counter(w, queue, "head");
        for (long seq : seqs) {
            w.putSetting(entryKey(queue, seq), null);
            head = Math.max(head, seq + 1);
        }
        w.putSetting(key(queue, "head"), Long.toString(head));
    }

    private static long counter(StoreReader r, String queue, String name) {
        String v = r.setting(key(queue, name));
        return v == null ? 0 : Long.parseLong(v);
    }

    private static String key(String queue, String name) {
        return PREFIX + queue + "/" + name;
    }

    private static String entryKey(String queue, long seq) {
        return PREFIX + queue + "/" + String.format("%019d", seq);
    }
}
