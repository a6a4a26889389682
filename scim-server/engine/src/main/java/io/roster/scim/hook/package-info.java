/**
 * The plugin and hook SPI: plugins found by {@link java.util.ServiceLoader}, ordered by their dependencies,
 * and the hooks they register, run in phases (validate, apply, after commit) on every change as deltas.
 */
package io.roster.scim.hook;
