/**
 * RFC 7644 section 3.5.2 PATCH: the request and path parsers, the engine that applies operations to a
 * stored resource, and the named normalisers for the shapes Entra ID and Okta send.
 */
package io.roster.scim.patch;
