package io.roster.scim.spi;

/**
 * An attribute path resolved against a resource type's schemas: its canonical spelling.
 *
 * @param schemaUrn the URN of the extension holding it, or null for a core attribute
 * @param name      its canonical name (as the schema spells it)
 */
public record AttributeName(String schemaUrn, String name) {

    /** True for an attribute of an extension schema. */
    public boolean inExtension() {
        return schemaUrn != null;
    }

    /** How {@link Change#changedAttributes()} names it: {@code name}, or {@code "<extension urn>:<name>"}. */
    public String changeKey() {
        return schemaUrn == null ? name : schemaUrn + ":" + name;
    }
}
