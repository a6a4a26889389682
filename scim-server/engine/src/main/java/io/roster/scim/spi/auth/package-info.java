/**
 * Who is calling: the principal a bearer token stands for, carried from the HTTP edge through the
 * service layer to the hooks. Depends on nothing else in Roster.
 */
package io.roster.scim.spi.auth;
