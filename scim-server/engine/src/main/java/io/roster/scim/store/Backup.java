package io.roster.scim.store;

import java.util.Map;

/**
 * What {@link ResourceStore#backup} wrote: the consistent state it holds (after which unit of work, as
 * the backend counts them), its size, and the resources of each type in it.
 *
 * @param position the backend's position of the last unit of work the backup holds (MapDB: its journal
 *                 sequence); backups of one store taken later have higher positions
 * @param bytes    bytes written
 * @param counts   resources per type in the backup, at that position
 */
public record Backup(long position, long bytes, Map<String, Long> counts) {
    public Backup {
        counts = Map.copyOf(counts);
    }
}
