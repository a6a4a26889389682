package io.roster.scim.patch;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterParser;

/**
 * A PATCH target, {@code PATH = attrPath / valuePath [subAttr]} (RFC 7644 section 3.5.2):
 * {@code name.givenName}, {@code emails[type eq "work"]}, {@code emails[type eq "work"].value},
 * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager}.
 *
 * @param attribute    the attribute, possibly URN-qualified, possibly with a sub-attribute (when no filter)
 * @param filter       the value filter between brackets, or null
 * @param subAttribute the sub-attribute after a value filter ({@code ].value}), or null
 */
public record PatchPath(AttrPath attribute, Filter filter, String subAttribute) {

    /** The sub-attribute the path ends in, whichever way it was written. */
    public String targetSubAttribute() {
        return filter == null ? attribute.subAttribute() : subAttribute;
    }

    /** Parses a path; anything malformed is 400 invalidPath with the position of the problem. */
    public static PatchPath parse(String text, FilterParser filters) {
        if (text == null || text.isBlank()) {
            throw ScimException.invalidPath("The operation's \"path\" is empty; leave it out to target the whole resource.");
        }
        String path = text.strip();
        try {
            int open = path.indexOf('[');
            if (open < 0) {
                return new PatchPath(FilterParser.parseAttrPath(path), null, null);
            }
            AttrPath attribute = FilterParser.parseAttrPath(path.substring(0, open));
            if (attribute.subAttribute() != null) {
                throw ScimException.invalidPath("invalid path: a value filter follows an attribute, not a sub-attribute ('"
                        + attribute + "[...]') (path: " + path + ")");
            }
            int close = closingBracket(path, open);
            Filter filter = filters.parse(path.substring(open + 1, close));
            String rest = path.substring(close + 1);
            String sub = null;
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != '.' || rest.length() == 1) {
                    throw ScimException.invalidPath("invalid path at position " + (close + 2) + ": after ']' only '.subAttribute' may follow"
                            + " (path: " + path + ")");
                }
                AttrPath subPath = FilterParser.parseAttrPath(attribute.attribute() + rest);
                sub = subPath.subAttribute();
            }
            return new PatchPath(attribute, filter, sub);
        } catch (ScimException e) {
            if (e.scimType() == io.roster.scim.error.ScimType.INVALID_PATH) {
                throw e;
            }
            throw ScimException.invalidPath(e.detail().replace("invalid filter", "invalid value filter in path")
                    + (e.detail().contains("(path:") ? "" : " (path: " + path + ")"));
        }
    }

    /** The ']' closing the '[' at {@code open}; brackets inside quoted strings do not count. */
    private static int closingBracket(String path, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ']') {
                return i;
            } else if (c == '[') {
                throw ScimException.invalidPath("invalid path at position " + (i + 1) + ": value filters do not nest (path: " + path + ")");
            }
        }
        throw ScimException.invalidPath("invalid path: the '[' at position " + (open + 1) + " is never closed with ']' (path: " + path + ")");
    }

    @Override
    public String toString() {
        if (filter == null) {
            return attribute.toString();
        }
        return attribute + "[" + filter + "]" + (subAttribute == null ? "" : "." + subAttribute);
    }
}
