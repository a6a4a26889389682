package io.roster.scim.service;

import io.roster.scim.filter.And;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.CompareOp;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.Not;
import io.roster.scim.filter.Or;
import io.roster.scim.filter.Present;
import io.roster.scim.filter.ValuePath;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.CommonAttributes;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.StoreReader;
import jakarta.json.JsonString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides where a filtered list gets its candidates. When the filter pins the answer through an
 * index — {@code id eq}, {@code eq} on a uniquely indexed attribute (userName, externalId, Group
 * displayName), or a Group's {@code members.value eq} / {@code members[value eq ...]} via the
 * member-to-groups index — only those resources are read; {@code and} takes the first pinned side,
 * {@code or} the union when both sides are pinned. Otherwise the resource type is scanned. Either
 * way the whole filter is then evaluated on each candidate, so the plan never changes the answer.
 */
final class QueryPlanner {
    /**
     * @param candidates   ids to evaluate, or null for a full scan
     * @param needsGroups  the filter reads a User's derived {@code groups}
     * @param needsMembers the filter reads a Group's {@code members}
     */
    record Plan(Function<StoreReader, List<String>> candidates, boolean needsGroups, boolean needsMembers) {
    }

    private final AttributeResolver resolver;
    private final Set<String> uniqueIndexes = new HashSet<>();

    QueryPlanner(SchemaRegistry registry) {
        this.resolver = new AttributeResolver(registry);
        for (IndexDefinition def : ResourceService.indexes(registry)) {
            if (def.unique()) {
                uniqueIndexes.add(def.type() + "|" + def.name());
            }
        }
    }

    Plan plan(ResourceType type, Filter filter) {
        Set<String> referenced = new HashSet<>();
        collectReferences(type, filter, referenced);
        boolean user = ResourceAssembler.USER.equals(type.name());
        boolean group = ResourceAssembler.GROUP.equals(type.name());
        return new Plan(candidates(type, filter), user && referenced.contains("groups"), group && referenced.contains("members"));
    }

    private Function<StoreReader, List<String>> candidates(ResourceType type, Filter f) {
        if (f instanceof And and) {
            Function<StoreReader, List<String>> left = candidates(type, and.left());
            return left != null ? left : candidates(type, and.right());
        }
        if (f instanceof Or or) {
            Function<StoreReader, List<String>> left = candidates(type, or.left());
            Function<StoreReader, List<String>> right = left == null ? null : candidates(type, or.right());
            if (left == null || right == null) {
                return null;
            }
            return r -> {
                Set<String> union = new LinkedHashSet<>(left.apply(r));
                union.addAll(right.apply(r));
                return new ArrayList<>(union);
            };
        }
        if (f instanceof Compare c && c.op() == CompareOp.EQ && c.value() instanceof JsonString s) {
            return equality(type, c.path(), s.getString());
        }
        if (f instanceof ValuePath vp && vp.filter() instanceof Compare c && c.op() == CompareOp.EQ
                && c.value() instanceof JsonString s && c.path().subAttribute() == null && c.path().schemaUrn() == null) {
            return equality(type, new AttrPath(vp.path().schemaUrn(), vp.path().attribute(), c.path().attribute()), s.getString());
        }
        return null;
    }

    private Function<StoreReader, List<String>> equality(ResourceType type, AttrPath path, String value) {
        AttributeResolver.Resolved r = resolver.resolve(type, path.schemaUrn(), path.attribute());
        if (r == null) {
            return reader -> List.of(); // unknown attributes match nothing
        }
        String name = r.definition().name();
        if (path.subAttribute() == null) {
            if (r.definition() == CommonAttributes.ID) {
                return reader -> List.of(value);
            }
            if (!r.extension() && uniqueIndexes.contains(type.name() + "|" + name)) {
                return reader -> {
                    String id = reader.findUnique(type.name(), name, value);
                    return id == null ? List.of() : List.of(id);
                };
            }
        }
        if (ResourceAssembler.GROUP.equals(type.name()) && !r.extension() && name.equals("members")
                && (path.subAttribute() == null || path.subAttribute().equalsIgnoreCase("value"))) {
            return reader -> reader.groupsOf(value);
        }
        return null;
    }

    /** Names (lower-cased, top level) of core attributes the filter reads. */
    private void collectReferences(ResourceType type, Filter f, Set<String> out) {
        if (f instanceof And a) {
            collectReferences(type, a.left(), out);
            collectReferences(type, a.right(), out);
        } else if (f instanceof Or o) {
            collectReferences(type, o.left(), out);
            collectReferences(type, o.right(), out);
        } else if (f instanceof Not n) {
            collectReferences(type, n.inner(), out);
        } else if (f instanceof Compare c) {
            reference(type, c.path(), out);
        } else if (f instanceof Present p) {
            reference(type, p.path(), out);
        } else if (f instanceof ValuePath vp) {
            reference(type, vp.path(), out);
        }
    }

    private void reference(ResourceType type, AttrPath path, Set<String> out) {
        AttributeResolver.Resolved r = resolver.resolve(type, path.schemaUrn(), path.attribute());
        if (r != null && !r.extension()) {
            out.add(r.definition().name());
        }
    }
}
