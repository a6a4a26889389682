/**
 * The attribute and schema model of RFC 7643, the registry of schemas and resource types, and the
 * schema-driven checks (types, mutability, required, canonical values) every write goes through.
 * Built-in schemas are JSON definitions under resources; plugins add theirs the same way.
 */
package io.roster.scim.schema;
