package io.roster.scim.store;

/**
 * One membership entry: the member's id, its resource type ("User" or "Group") and the display text
 * kept with the entry so that listing a large group never reads the members' records.
 */
public record MemberRef(String id, String type, String display) {
}
