package io.roster.scim.query;

import io.roster.scim.filter.And;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.CompareOp;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.Not;
import io.roster.scim.filter.Or;
import io.roster.scim.filter.Present;
import io.roster.scim.filter.ValuePath;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.CommonAttributes;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexRange;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides where a query finds its candidates (RFC 7644 section 3.4.2.2 filters):
 * <ul>
 *   <li>{@code id eq} is a direct lookup; a Group's {@code members.value eq} / {@code members[value eq]}
 *       reads the member-to-groups index; a User's {@code groups.value eq} reads the group's members
 *       (and its nested groups' members: {@code groups} holds indirect groups too, RFC 7643 section
 *       4.1.2), so a big group's members page without a scan of every user ({@link GroupUsers});</li>
 *   <li>{@code eq}, {@code sw}, {@code gt ge lt le} and {@code pr} on an indexed attribute (userName,
 *       externalId, displayName, emails.value, and those plugins declare, extension attributes included)
 *       read a range of its ordered index;</li>
 *   <li>{@code and} intersects what both sides offer (or keeps the side that offers something),
 *       {@code or} unites them when both sides offer something; {@code not}, {@code ne}, {@code co},
 *       {@code ew} and unindexed attributes offer nothing, which leaves a scan;</li>
 *   <li>an unknown attribute matches nothing, so it offers the empty set.</li>
 * </ul>
 * A plan is exact when its candidates are precisely the matches: index normalisation is the
 * evaluator's comparison (lower case unless caseExact), so a condition answered from an index needs
 * no evaluation. A value filter with {@code and} inside ({@code emails[type eq "work" and value eq "x"]})
 * is not exact, because both conditions must hold for the same element. Immutable and thread-safe.
 */
public final class QueryPlanner {
    private final AttributeResolver resolver;
    private final Map<String, IndexDefinition> indexes = new HashMap<>();

    public QueryPlanner(SchemaRegistry registry, Collection<IndexDefinition> definitions) {
        this.resolver = new AttributeResolver(registry);
        for (IndexDefinition def : definitions) {
            indexes.put(key(def.type(), def.name()), def);
        }
    }

    private static String key(String type, String path) {
        return type + "|" + path.toLowerCase(Locale.ROOT);
    }

    /** The index on an attribute path of a type ("userName", "emails.value"), or null. */
    public IndexDefinition index(ResourceType type, String path) {
        return indexes.get(key(type.name(), path));
    }

    /** The plan for a filter; a null filter selects every resource exactly. */
    public QueryPlan plan(ResourceType type, Filter filter) {
        if (filter == null) {
            return new QueryPlan(new Candidates.All(), true, false, false);
        }
        Set<String> referenced = new HashSet<>();
        filter.accept(new References(type, referenced));
        Part p = filter.accept(new Offers(type));
        Candidates c = p == null ? new Candidates.All() : p.candidates;
        boolean exact = p != null && p.exact;
        return new QueryPlan(c, exact, ResourceTypes.isUser(type) && referenced.contains("groups"),
                ResourceTypes.isGroup(type) && referenced.contains("members"));
    }

    /** What one node of the filter offers, or null for nothing (a scan). */
    private record Part(Candidates candidates, boolean exact) {
    }

    /**
     * What each kind of node offers at the top of a filter or under {@code and}, {@code or} and {@code not}
     * (null: nothing, a scan). A visitor, so a kind of node added to the grammar cannot be forgotten here.
     */
    private final class Offers implements Filter.Visitor<Part> {
        private final ResourceType type;

        Offers(ResourceType type) {
            this.type = type;
        }

        @Override
        public Part and(And and) {
            return intersect(and.left().accept(this), and.right().accept(this));
        }

        @Override
        public Part or(Or or) {
            return unite(or.left().accept(this), or.right().accept(this));
        }

        @Override
        public Part not(Not not) {
            return null; // the complement of an index range is no range: a scan
        }

        @Override
        public Part compare(Compare c) {
            return onCompare(type, c.path(), c.op(), c.value());
        }

        @Override
        public Part present(Present p) {
            return onPresent(type, p.path());
        }

        @Override
        public Part valuePath(ValuePath vp) {
            if (resolver.resolve(type, vp.path().schemaUrn(), vp.path().attribute()) == null) {
                return new Part(new Candidates.None(), true);
            }
            return vp.filter().accept(new OffersWithin(type, vp.path()));
        }
    }

    /**
     * What each kind of node offers inside {@code attr[...]}, where conditions name sub-attributes of one
     * element of attr.
     */
    private final class OffersWithin implements Filter.Visitor<Part> {
        private final ResourceType type;
        private final AttrPath path;

        OffersWithin(ResourceType type, AttrPath path) {
            this.type = type;
            this.path = path;
        }

        @Override
        public Part and(And and) {
            Part p = intersect(and.left().accept(this), and.right().accept(this));
            // Both conditions must hold for the same element, which the index cannot tell.
            return p == null ? null : new Part(p.candidates, p.exact && p.candidates instanceof Candidates.None);
        }

        @Override
        public Part or(Or or) {
            return unite(or.left().accept(this), or.right().accept(this));
        }

        @Override
        public Part not(Not not) {
            return null;
        }

        @Override
        public Part compare(Compare c) {
            if (c.path().schemaUrn() != null || c.path().subAttribute() != null) {
                return null;
            }
            return onCompare(type, new AttrPath(path.schemaUrn(), path.attribute(), c.path().attribute()), c.op(), c.value());
        }

        @Override
        public Part present(Present p) {
            if (p.path().schemaUrn() != null || p.path().subAttribute() != null) {
                return null;
            }
            return onPresent(type, new AttrPath(path.schemaUrn(), path.attribute(), p.path().attribute()));
        }

        @Override
        public Part valuePath(ValuePath vp) {
            return null; // the grammar nests no value filter in another
        }
    }

    private static Part intersect(Part l, Part r) {
        if (l == null && r == null) {
            return null;
        }
        if (l == null || r == null) {
            Part only = l == null ? r : l;
            // "nothing and anything" is still exactly nothing
            return new Part(only.candidates, only.exact && only.candidates instanceof Candidates.None);
        }
        if (l.candidates instanceof Candidates.None && l.exact) {
            return l;
        }
        if (r.candidates instanceof Candidates.None && r.exact) {
            return r;
        }
        if (l.candidates instanceof Candidates.Range a && r.candidates instanceof Candidates.Range b
                && a.index().equals(b.index()) && !a.index().multiValued()) {
            // one value per resource: both conditions on it are one range
            return new Part(new Candidates.Range(a.index(), a.range().intersect(b.range())), l.exact && r.exact);
        }
        return new Part(new Candidates.Intersection(List.of(l.candidates, r.candidates)), l.exact && r.exact);
    }

    private static Part unite(Part l, Part r) {
        if (l == null || r == null) {
            return null;
        }
        if (l.candidates instanceof Candidates.None && l.exact) {
            return r;
        }
        if (r.candidates instanceof Candidates.None && r.exact) {
            return l;
        }
        return new Part(new Candidates.Union(List.of(l.candidates, r.candidates)), l.exact && r.exact);
    }

    private Part onCompare(ResourceType type, AttrPath path, CompareOp op, JsonValue value) {
        AttributeResolver.Resolved r = resolver.resolve(type, path.schemaUrn(), path.attribute());
        if (r == null) {
            return new Part(new Candidates.None(), true); // an unknown attribute matches nothing
        }
        AttributeDefinition def = r.definition();
        String sub = path.subAttribute();
        if (sub == null && def.isComplex()) {
            sub = "value"; // 'emails eq "x"' compares emails.value (RFC 7644 section 3.4.2.2)
        }
        String text = text(value);
        if (text == null || text.isEmpty() || text.indexOf('\u0000') >= 0) {
            return null;
        }
        if (def == CommonAttributes.ID && sub == null) {
            if (op != CompareOp.EQ) {
                return null;
            }
            return new Part(new Candidates.Lookup("id = \"" + text + "\"",
                    reader -> reader.get(type.name(), text) == null ? List.of() : List.of(text)), true);
        }
        if (ResourceTypes.isGroup(type) && def.name().equals("members") && "value".equalsIgnoreCase(sub)) {
            if (op != CompareOp.EQ) {
                return null;
            }
            // Member ids are server-generated lower-case UUIDs; members.value is not caseExact.
            String member = text.toLowerCase(Locale.ROOT);
            return new Part(new Candidates.Lookup("groups of member \"" + member + "\"", reader -> reader.groupsOf(member)), true);
        }
        if (ResourceTypes.isUser(type) && def.name().equals("groups") && "value".equalsIgnoreCase(sub)) {
            if (op != CompareOp.EQ) {
                return null;
            }
            String group = text.toLowerCase(Locale.ROOT); // group ids are lower-case UUIDs; groups.value is not caseExact
            return new Part(new Candidates.Lookup("users in group \"" + group + "\"",
                    reader -> GroupUsers.of(reader, group, GroupUsers.CAP)), true);
        }
        IndexDefinition index = index(type, indexPath(r, sub));
        if (index == null) {
            return null;
        }
        String v = index.normalise(text);
        IndexRange range = switch (op) {
            case EQ -> IndexRange.eq(v);
            case SW -> IndexRange.prefix(v);
            case GT -> IndexRange.greaterThan(v, false);
            case GE -> IndexRange.greaterThan(v, true);
            case LT -> IndexRange.lessThan(v, false);
            case LE -> IndexRange.lessThan(v, true);
            default -> null;
        };
        return range == null ? null : new Part(new Candidates.Range(index, range), true);
    }

    private Part onPresent(ResourceType type, AttrPath path) {
        AttributeResolver.Resolved r = resolver.resolve(type, path.schemaUrn(), path.attribute());
        if (r == null) {
            return new Part(new Candidates.None(), true);
        }
        IndexDefinition index = index(type, indexPath(r, path.subAttribute()));
        return index == null ? null : new Part(new Candidates.Range(index, IndexRange.all()), true);
    }

    /**
     * How the catalogue names the index on an attribute: its path, URN-qualified for an extension
     * attribute (only plugins' declared indexes are on extension attributes).
     */
    private static String indexPath(AttributeResolver.Resolved r, String sub) {
        String path = sub == null ? r.definition().name() : r.definition().name() + "." + sub;
        return r.extension() ? r.container() + ":" + path : path;
    }

    /** A compValue as the text an index holds; null for null (which tests absence). */
    private static String text(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> ((JsonNumber) v).bigDecimalValue().toString();
            case TRUE -> "true";
            case FALSE -> "false";
            default -> null;
        };
    }

    /** Collects the names (top level) of the core attributes a filter reads. */
    private final class References implements Filter.Walk {
        private final ResourceType type;
        private final Set<String> out;

        References(ResourceType type, Set<String> out) {
            this.type = type;
            this.out = out;
        }

        @Override
        public Void compare(Compare compare) {
            reference(type, compare.path(), out);
            return null;
        }

        @Override
        public Void present(Present present) {
            reference(type, present.path(), out);
            return null;
        }

        @Override
        public Void valuePath(ValuePath valuePath) {
            reference(type, valuePath.path(), out);
            return null;
        }
    }

    private void reference(ResourceType type, AttrPath path, Set<String> out) {
        AttributeResolver.Resolved r = resolver.resolve(type, path.schemaUrn(), path.attribute());
        if (r != null && !r.extension()) {
            out.add(r.definition().name());
        }
    }
}
