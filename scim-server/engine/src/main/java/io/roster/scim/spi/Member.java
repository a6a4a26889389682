package io.roster.scim.spi;

import jakarta.json.JsonObject;

/**
 * One member of a group: its id, its resource type ({@code User} or {@code Group}) and the display text
 * kept with the membership entry, so that listing a large group never reads the members' records.
 */
public record Member(String id, String type, String display) {

    /** The text kept with membership entries: {@code displayName}, else {@code userName}, else empty. */
    public static String displayOf(JsonObject attributes) {
        String display = attributes.getString("displayName", "");
        return display.isEmpty() ? attributes.getString("userName", "") : display;
    }
}
