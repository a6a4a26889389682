package io.roster.dynamicgroups;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.Present;
import io.roster.scim.filter.ValuePath;
import io.roster.scim.spi.AttributeName;
import io.roster.scim.spi.Filters;
import io.roster.scim.spi.ResourceTypeNames;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A group's {@code membershipRule} compiled once: the SCIM filter it stands for, the attributes it reads
 * (in the form {@link io.roster.scim.spi.Change#changedAttributes()} names them: top-level names, and
 * {@code "<extension urn>:<name>"}), and whether a new user can match it through attributes it does not
 * have (then every user create evaluates it).
 *
 * @param text     the rule as the client sent it (Entra or SCIM syntax)
 * @param filter   the SCIM filter it means
 * @param reads    what the filter reads, as change keys
 * @param onCreate evaluate on every user create, not only when a read attribute is set
 */
record MembershipRule(String text, Filter filter, Set<String> reads, boolean onCreate) {
    /** Entra caps a rule at 3,072 characters; a SCIM translation of one is longer, so allow more. */
    static final int MAX_LENGTH = 16_384;
    /**
     * The deepest nesting a rule may have, in either syntax: the limit of a SCIM filter in a query
     * ({@link Filters#MAX_DEPTH}, 32), so that every rule can also be run as a filter, and every walk
     * over a rule stays far from the stack's end.
     */
    static final int MAX_DEPTH = Filters.MAX_DEPTH;

    /** The filter as SCIM text (what {@code membershipRuleFilter} shows). */
    String scimFilter() {
        return filter.toString();
    }

    /**
     * Compiles rules and caches them by text: a rule's meaning depends only on its text and the
     * schemas, so the cache never needs invalidating (and holds at most one entry per distinct rule).
     */
    static final class Compiler {
        private final Filters filters;
        private final Map<String, MembershipRule> cache = new ConcurrentHashMap<>();

        Compiler(Filters filters) {
            this.filters = filters;
        }

        Filters filters() {
            return filters;
        }

        /** The compiled rule; 400 invalidValue saying what is wrong with it. */
        MembershipRule compile(String text) {
            MembershipRule cached = cache.get(text);
            if (cached != null) {
                return cached;
            }
            MembershipRule rule = build(text);
            if (cache.size() < 100_000) {
                cache.put(text, rule);
            }
            return rule;
        }

        private MembershipRule build(String text) {
            if (text.isBlank()) {
                throw ScimException.invalidValue("membershipRule is empty; give a SCIM filter over Users or an Entra rule, "
                        + "or remove the attribute to make the group static.");
            }
            if (text.length() > MAX_LENGTH) {
                throw ScimException.invalidValue("membershipRule is " + text.length() + " characters long; at most "
                        + MAX_LENGTH + " are accepted.");
            }
            Filter filter;
            try {
                filter = EntraRuleTranslator.isEntra(text) ? EntraRuleTranslator.translate(text)
                        : BalancedChains.of(filters.parse(text, MAX_LENGTH, MAX_DEPTH));
                filters.validate(ResourceTypeNames.USER, filter);
            } catch (ScimException e) {
                if (e.status() != 400) {
                    throw e;
                }
                // a rule is an attribute value: its problems are invalidValue (RFC 7644 section 3.12), not invalidFilter
                throw ScimException.invalidValue(e.detail().startsWith("membershipRule")
                        ? e.detail() : "membershipRule is not a valid filter over Users: " + e.detail());
            }
            Set<String> reads = new LinkedHashSet<>();
            filter.accept(new Reads(reads));
            boolean onCreate = reads.contains("id") || filters.matches(ResourceTypeNames.USER, filter, JsonValue.EMPTY_JSON_OBJECT);
            return new MembershipRule(text, filter, Collections.unmodifiableSet(reads), onCreate);
        }

        /** Collects the change keys of the attributes a rule reads, one visit per node kind. */
        private final class Reads implements Filter.Walk {
            private final Set<String> out;

            Reads(Set<String> out) {
                this.out = out;
            }

            @Override
            public Void compare(Compare c) {
                out.add(key(c.path()));
                return null;
            }

            @Override
            public Void present(Present p) {
                out.add(key(p.path()));
                return null;
            }

            @Override
            public Void valuePath(ValuePath vp) {
                out.add(key(vp.path())); // the inner conditions read sub-attributes of the same attribute
                return null;
            }
        }

        /** The change key of the attribute a path reads; refuses what a rule cannot sensibly read. */
        private String key(AttrPath path) {
            AttributeName r = filters.resolve(ResourceTypeNames.USER, path);
            if (r == null) {
                // the query language lets an unknown attribute match nothing; in a stored rule it is a typo
                throw ScimException.invalidValue("membershipRule reads '" + path + "', which is no attribute of a User.");
            }
            String name = r.name();
            if (!r.inExtension()) {
                if (name.equals("meta")) {
                    throw ScimException.invalidValue("membershipRule cannot read 'meta' (" + path + "): it changes on every write.");
                }
                if (name.equals("groups")) {
                    throw ScimException.invalidValue("membershipRule cannot read 'groups' (" + path + "): membership "
                            + "depending on membership is not supported.");
                }
                if (name.equals("password")) {
                    throw ScimException.invalidValue("membershipRule cannot read 'password'.");
                }
                return name;
            }
            return r.changeKey();
        }
    }
}
