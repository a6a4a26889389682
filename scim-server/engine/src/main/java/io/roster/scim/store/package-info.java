/**
 * The storage SPI ({@link io.roster.scim.store.ResourceStore}) and its MapDB implementation: resource
 * records, ordered indexes (unique and not), membership as index entries both ways, and one group-committing writer.
 */
package io.roster.scim.store;
