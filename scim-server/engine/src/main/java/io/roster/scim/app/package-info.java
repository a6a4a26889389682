/**
 * The standalone server: configuration (flags, environment, file), start-up of the store, services
 * and Grizzly/Jersey, the bootstrap administrator token, start-up reporting and clean shutdown.
 */
package io.roster.scim.app;
