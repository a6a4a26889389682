/**
 * Copies of the data: online backups of a running server and their restore ({@link
 * io.roster.scim.backup.Backups}, {@link io.roster.scim.backup.Restore}), and the NDJSON export and
 * import of every resource, membership and setting ({@link io.roster.scim.backup.Export}, {@link
 * io.roster.scim.backup.Import}) that moves a directory between machines and backends. Both go through
 * the store contract only (rule 10), never a backend's files.
 */
package io.roster.scim.backup;
