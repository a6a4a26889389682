/**
 * JSON-P plumbing shared by every layer: one cached provider (looking it up per call is costly),
 * parsing that turns malformed input into an {@code invalidSyntax} SCIM error, and compact writing.
 */
package io.roster.scim.json;
