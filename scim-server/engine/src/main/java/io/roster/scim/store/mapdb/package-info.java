/**
 * The MapDB backend of the store contract: resource records, ordered indexes and membership in MapDB
 * tables, made crash-safe by a journal of Roster's own, with one group-committing writer, checkpoints,
 * snapshots and recovery. MapDB types ({@code org.mapdb}) appear in this package and nowhere else.
 */
package io.roster.scim.store.mapdb;
