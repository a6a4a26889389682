package io.roster.scim.patch;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.spi.RosterUrns;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ApiClient's {@code userId} given as the User's URI, absolute ({@code https://host/scim/v2/Users/<id>},
 * its {@code meta.location}) or relative ({@code /Users/<id>}), means that User's id. The attribute holds
 * an id (a string, as RFC 7643's {@code members.value} and {@code manager.value} do); Roster's schema
 * used to declare it a reference, and a client reading a reference there sends a URI. Only the id is
 * stored and returned; whether that User exists is checked as for a bare id.
 */
public final class UserUriAsUserId implements ClientQuirk {
    static final String API_CLIENT_SCHEMA = RosterUrns.API_CLIENT;
    /** Anything ending in "Users/<one segment>" (an optional trailing slash), case-insensitive in "Users". */
    private static final Pattern USER_URI = Pattern.compile("^(?:.*/)?[Uu][Ss][Ee][Rr][Ss]/([^/?#]+)/?$");

    @Override
    public JsonValue normalise(AttributeResolver.Resolved attribute, String subAttribute, JsonValue value) {
        if (subAttribute != null || !(value instanceof JsonString s) || attribute.schema() == null
                || !API_CLIENT_SCHEMA.equals(attribute.schema().id()) || !attribute.definition().name().equals("userId")) {
            return value;
        }
        Matcher m = USER_URI.matcher(s.getString().trim());
        return m.matches() ? JsonSupport.string(m.group(1)) : value;
    }
}
