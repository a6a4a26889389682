/**
 * The one error hierarchy: {@link io.roster.scim.error.ScimException} carries the HTTP status,
 * the RFC 7644 section 3.12 {@code scimType} and a detail a user can act on. Every layer throws it.
 */
package io.roster.scim.error;
