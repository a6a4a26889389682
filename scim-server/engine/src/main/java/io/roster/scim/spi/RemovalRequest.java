package io.roster.scim.spi;

import io.roster.scim.filter.Filter;
import jakarta.json.JsonValue;

/**
 * One {@code remove} operation of a PATCH as the client sent it, for {@link Hook#validateRemovals}.
 *
 * @param attribute    the attribute it removes from, resolved against the resource type's schemas
 * @param subAttribute the sub-attribute it removes ({@code licenses[value eq "x"].disabledPlans}), or null
 *                     when it removes whole values
 * @param valueFilter  the value filter of its path ({@code licenses[value eq "x"]}), or null
 * @param value        the operation's {@code value} (Entra names the values to remove there), or null
 * @param description  how error details name the operation
 */
public record RemovalRequest(AttributeName attribute, String subAttribute, Filter valueFilter, JsonValue value, String description) {
}
