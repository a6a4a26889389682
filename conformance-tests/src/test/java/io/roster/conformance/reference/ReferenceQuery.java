package io.roster.conformance.reference;

import io.roster.conformance.reference.ReferenceSchema.Resolved;
import io.roster.conformance.reference.ReferenceSchema.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Queries (RFC 7644 3.4.2, 3.4.3): filter, sort, index paging and cursor paging (RFC 9865), by GET on a
 * type, by POST /.search on a type or at the root. Unlike Roster, a list with no match carries no
 * Resources (RFC 7644 3.4.2 makes it REQUIRED only when totalResults is not zero), and cursors are
 * positions in the sorted order (sort key and creation order), signed so that a changed one is refused.
 */
final class ReferenceQuery {
    static final int MAX_RESULTS = 50;
    static final String SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    /** One query, from the URL or from a SearchRequest body. */
    record Request(String filter, String sortBy, String sortOrder, Integer startIndex, Integer count, String cursor,
                   List<String> attributes, List<String> excluded) {
    }

    private final byte[] key = new byte[32];
    private final boolean caseExactIgnored;

    /** {@code caseExactIgnored} is a breakage: filters compare every string ignoring case. */
    ReferenceQuery(boolean caseExactIgnored) {
        this.caseExactIgnored = caseExactIgnored;
        new SecureRandom().nextBytes(key);
    }

    static Request fromQuery(Map<String, String> q) {
        return new Request(q.get("filter"), q.get("sortBy"), q.get("sortOrder"), integer(q.get("startIndex"), "startIndex"),
                integer(q.get("count"), "count"), q.get("cursor"), names(q.get("attributes")), names(q.get("excludedAttributes")));
    }

    /** RFC 7644 3.4.3: a SearchRequest, which names its schema. */
    static Request fromBody(Map<String, Object> body) {
        if (!(ReferenceJson.get(body, "schemas") instanceof List<?> schemas) || !schemas.contains(SEARCH)) {
            throw new ReferenceFailure(400, "invalidSyntax", "a search body's 'schemas' must be [\"" + SEARCH + "\"]");
        }
        return new Request(string(body, "filter"), string(body, "sortBy"), string(body, "sortOrder"),
                integer(ReferenceJson.get(body, "startIndex"), "startIndex"), integer(ReferenceJson.get(body, "count"), "count"),
                string(body, "cursor"), list(body, "attributes"), list(body, "excludedAttributes"));
    }

    private static String string(Map<String, Object> body, String name) {
        Object v = ReferenceJson.get(body, name);
        if (v != null && !(v instanceof String)) {
            throw ReferenceFailure.invalidValue("'" + name + "' must be a string");
        }
        return (String) v;
    }

    private static List<String> list(Map<String, Object> body, String name) {
        Object v = ReferenceJson.get(body, name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l) || l.stream().anyMatch(x -> !(x instanceof String))) {
            throw ReferenceFailure.invalidValue("'" + name + "' must be an array of attribute names");
        }
        return l.stream().map(String.class::cast).toList();
    }

    static List<String> names(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return List.of(csv.trim().split("\\s*,\\s*"));
    }

    private static Integer integer(Object v, String name) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n.longValue()));
        }
        if (v instanceof String s && s.trim().matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(s.trim());
        }
        if (v instanceof String s && s.trim().matches("-?[0-9]+")) {
            return s.trim().startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
        throw ReferenceFailure.invalidValue("'" + name + "' must be an integer");
    }

    // ------------------------------------------------------------------ running a query

    /** A candidate: its type, its resource as read, and its creation order. */
    private record Hit(Type type, Map<String, Object> view, long order, SortKey sortKey) {
    }

    /** Runs a query over the types (one type for /Users or /Groups, all for the root). */
    Map<String, Object> run(List<Type> types, Request req, ReferenceResources store, String base) {
        String order = req.sortOrder() == null ? "ascending" : req.sortOrder().toLowerCase(Locale.ROOT);
        if (!order.equals("ascending") && !order.equals("descending")) {
            throw ReferenceFailure.invalidValue("sortOrder must be ascending or descending");
        }
        List<Hit> hits = new ArrayList<>();
        for (Type type : types) {
            ReferenceFilter.Node filter = null;
            if (req.filter() != null && !req.filter().isBlank()) {
                try {
                    filter = ReferenceFilter.parse(req.filter(), type);
                } catch (ReferenceFilter.Invalid e) {
                    throw new ReferenceFailure(400, "invalidFilter", e.getMessage());
                }
            }
            Resolved sort = sortPath(type, req.sortBy());
            for (Map<String, Object> stored : store.all(type)) {
                Map<String, Object> view = store.view(type, stored, base);
                if (filter == null || ReferenceFilter.matches(filter, type, view, caseExactIgnored)) {
                    hits.add(new Hit(type, view, store.order((String) stored.get("id")), sortKey(sort, type, view)));
                }
            }
        }
        Comparator<Hit> byKey = (a, b) -> a.sortKey().compareTo(b.sortKey());
        if (order.equals("descending")) {
            byKey = byKey.reversed();
        }
        hits.sort(byKey.thenComparingLong(Hit::order));

        int count = req.count() == null ? MAX_RESULTS : Math.max(0, Math.min(MAX_RESULTS, req.count()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schemas", List.of(LIST));
        out.put("totalResults", hits.size());
        List<Hit> page;
        if (req.cursor() != null) {
            if (req.startIndex() != null) {
                throw ReferenceFailure.invalidValue("startIndex and cursor cannot be used together (RFC 9865 2)");
            }
            String scope = scope(req, order);
            int from = 0;
            int end = Math.min(hits.size(), count);
            if (!req.cursor().isEmpty()) {
                Position at = decode(req.cursor(), scope);
                if (at.forward()) {
                    from = firstAfter(hits, at, order);
                    end = Math.min(hits.size(), from + count);
                } else {
                    // the page before a position ends just before it
                    end = firstAtOrAfter(hits, at, order);
                    from = Math.max(0, end - count);
                }
            }
            page = hits.subList(from, end);
            out.put("itemsPerPage", page.size());
            resources(out, page, req);
            if (!page.isEmpty() && end < hits.size()) {
                out.put("nextCursor", encode(page.get(page.size() - 1), true, scope));
            }
            if (!page.isEmpty() && from > 0) {
                out.put("previousCursor", encode(page.get(0), false, scope));
            }
            return out;
        }
        int start = req.startIndex() == null || req.startIndex() < 1 ? 1 : req.startIndex();
        page = start > hits.size() ? List.of() : hits.subList(start - 1, Math.min(hits.size(), start - 1 + count));
        out.put("startIndex", start);
        out.put("itemsPerPage", page.size());
        resources(out, page, req);
        return out;
    }

    private void resources(Map<String, Object> out, List<Hit> page, Request req) {
        if (!page.isEmpty()) {
            List<Object> resources = new ArrayList<>();
            for (Hit h : page) {
                resources.add(ReferenceProjection.apply(h.type(), h.view(), req.attributes(), req.excluded()));
            }
            out.put("Resources", resources);
        }
    }

    private static Resolved sortPath(Type type, String sortBy) {
        if (sortBy == null || sortBy.isBlank()) {
            return null;
        }
        try {
            Resolved r = ReferenceSchema.resolve(type, sortBy);
            if (r != null && r.sub() == null && r.attr().complex() && r.attr().sub("value") == null) {
                throw ReferenceFailure.invalidValue("sortBy '" + sortBy + "' is complex: name a sub-attribute (RFC 7644 3.4.2.3)");
            }
            return r;
        } catch (IllegalArgumentException e) {
            throw ReferenceFailure.invalidValue("sortBy: " + e.getMessage());
        }
    }

    /**
     * RFC 7644 3.4.2.3: the primary value of a multi-valued attribute, else its first; strings ignoring case
     * unless caseExact; no value orders last ascending and first descending (greater than any value).
     */
    private static SortKey sortKey(Resolved sort, Type type, Map<String, Object> view) {
        if (sort == null) {
            return SortKey.NONE;
        }
        Object container = sort.core(type) ? view : view.get(sort.schema().id());
        Object v = container instanceof Map<?, ?> c ? c.get(sort.attr().name()) : null;
        if (v instanceof List<?> list) {
            v = list.stream().<Object>map(x -> x).filter(x -> x instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("primary")))
                    .findFirst().orElse(list.isEmpty() ? null : list.get(0));
        }
        ReferenceSchema.Attr leaf = sort.attr();
        if (sort.sub() != null || leaf.complex()) {
            leaf = sort.sub() != null ? sort.sub() : leaf.sub("value");
            v = v instanceof Map<?, ?> m ? m.get(leaf.name()) : null;
        }
        return v == null ? SortKey.MISSING : SortKey.of(leaf.type(), leaf.caseExact(), v);
    }

    /** A sort value that compares by type, with "no value" after every value. */
    record SortKey(int rank, String text, BigDecimal number) implements Comparable<SortKey> {
        static final SortKey NONE = new SortKey(0, "", BigDecimal.ZERO);
        static final SortKey MISSING = new SortKey(2, "", BigDecimal.ZERO);

        static SortKey of(String type, boolean caseExact, Object value) {
            return switch (type) {
                case "integer", "decimal" -> new SortKey(1, "", new BigDecimal(value.toString()));
                case "dateTime" -> {
                    var t = ReferenceFilter.instant(String.valueOf(value));
                    yield t == null ? new SortKey(1, String.valueOf(value), BigDecimal.ZERO)
                            : new SortKey(1, "", new BigDecimal(t.toInstant().getEpochSecond()).scaleByPowerOfTen(9)
                                    .add(BigDecimal.valueOf(t.toInstant().getNano())));
                }
                default -> new SortKey(1, caseExact ? String.valueOf(value) : ReferenceSchema.lower(String.valueOf(value)), BigDecimal.ZERO);
            };
        }

        @Override
        public int compareTo(SortKey o) {
            int c = Integer.compare(rank, o.rank);
            if (c != 0) {
                return c;
            }
            c = number.compareTo(o.number);
            return c != 0 ? c : text.compareTo(o.text);
        }

        String encode() {
            return rank + "|" + number.toPlainString() + "|" + text;
        }

        static SortKey decode(String s) {
            String[] p = s.split("\\|", 3);
            return new SortKey(Integer.parseInt(p[0]), p[2], new BigDecimal(p[1]));
        }
    }

    // ------------------------------------------------------------------ cursors (RFC 9865)

    /** Where a cursor points: after (or before) the hit with this sort key and creation order. */
    private record Position(boolean forward, SortKey key, long order) {
    }

    /** What a cursor is valid for: the same filter, sort and order (RFC 9865 2: otherwise invalidCursor). */
    private static String scope(Request req, String order) {
        return String.valueOf(req.filter()) + "\u0000" + String.valueOf(req.sortBy()) + "\u0000" + order;
    }

    private String encode(Hit h, boolean forward, String scope) {
        SortKey k = h.sortKey();
        String payload = (forward ? "n" : "p") + "~" + h.order() + "~" + k.encode();
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + sign(body, scope);
    }

    private Position decode(String cursor, String scope) {
        int dot = cursor.lastIndexOf('.');
        if (dot < 1 || !MessageDigest.isEqual(sign(cursor.substring(0, dot), scope).getBytes(StandardCharsets.US_ASCII),
                cursor.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw new ReferenceFailure(400, "invalidCursor", "the cursor is not one this server gave for this query");
        }
        String payload = new String(Base64.getUrlDecoder().decode(cursor.substring(0, dot)), StandardCharsets.UTF_8);
        String[] p = payload.split("~", 3);
        return new Position(p[0].equals("n"), SortKey.decode(p[2]), Long.parseLong(p[1]));
    }

    private String sign(String body, String scope) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int compare(Hit h, Position at, String order) {
        int c = h.sortKey().compareTo(at.key());
        if (order.equals("descending")) {
            c = -c;
        }
        return c != 0 ? c : Long.compare(h.order(), at.order());
    }

    /** The index of the first hit after the position. */
    private static int firstAfter(List<Hit> hits, Position at, String order) {
        int i = 0;
        while (i < hits.size() && compare(hits.get(i), at, order) <= 0) {
            i++;
        }
        return i;
    }

    /** The index of the first hit at or after the position. */
    private static int firstAtOrAfter(List<Hit> hits, Position at, String order) {
        int i = 0;
        while (i < hits.size() && compare(hits.get(i), at, order) < 0) {
            i++;
        }
        return i;
    }
}
