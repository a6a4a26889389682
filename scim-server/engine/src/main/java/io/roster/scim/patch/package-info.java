/**
 * RFC 7644 section 3.5.2 PATCH: the request and path parsers, the engine that applies operations to a
 * stored resource (targets, attribute edits, member changes), and the named client quirks that rewrite
 * the shapes Entra ID and Okta send into RFC ones before the engine runs ({@link io.roster.scim.patch.ClientQuirks}).
 */
package io.roster.scim.patch;
