package io.roster.scim.spi;

/**
 * One of a plugin's own keyed tables: typed values under string keys, kept in the store and journaled with
 * its writes, so a value changes atomically with the resources changed in the same write, survives a crash
 * as they do, and is readable in any read. Tables belong to the plugin that names them (the engine scopes
 * them by plugin id). Keys are short strings; there is no iteration, so keep what must be walked as links
 * between records (licensing keeps its joining order as a doubly linked list).
 *
 * @param <V> the value type
 */
public interface RecordTable<V> {

    /** The value, or null. */
    V get(String key);

    /**
     * Sets the value ({@code null} removes it). Only inside a write; in a read or in {@code validate} it
     * throws {@link IllegalStateException}.
     */
    void put(String key, V value);

    default void remove(String key) {
        put(key, null);
    }
}
