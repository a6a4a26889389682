/**
 * The plugin API: the only engine types a plugin may use (with {@code io.roster.scim.error},
 * {@code io.roster.scim.json} and the filter AST records). An architecture test keeps every other import
 * out of the bundled extensions.
 */
package io.roster.scim.spi;
