package io.roster.scim.filter;

import io.roster.scim.schema.AttributeDefinition;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a comparison or {@code pr} judges an attribute's values (RFC 7644 section 3.4.2.2): by the
 * attribute's type (strings and references case-insensitively unless caseExact, numbers numerically,
 * dateTimes chronologically, booleans by eq/ne only, binary exactly); a multi-valued attribute matches
 * when any value does; an absent attribute satisfies only {@code ne}.
 */
final class FilterComparison {
    /** xsd:dateTime (RFC 7643 section 2.3.5): seconds required, fraction and offset optional. */
    private static final Pattern XSD_DATE_TIME =
            Pattern.compile("-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?");

    private FilterComparison() {
    }

    /** "pr": a non-empty value, or a complex value with a non-empty member (RFC 7644 section 3.4.2.2). */
    static boolean isPresent(List<JsonValue> values) {
        for (JsonValue v : values) {
            if (isNonEmpty(v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNonEmpty(JsonValue v) {
        return switch (v.getValueType()) {
            case NULL -> false;
            case STRING -> !((JsonString) v).getString().isEmpty();
            case ARRAY -> v.asJsonArray().stream().anyMatch(FilterComparison::isNonEmpty);
            case OBJECT -> v.asJsonObject().values().stream().anyMatch(FilterComparison::isNonEmpty);
            default -> true;
        };
    }

    static boolean compare(AttributeDefinition leaf, Compare c, List<JsonValue> values) {
        CompareOp op = c.op();
        if (c.value().getValueType() == JsonValue.ValueType.NULL) {
            boolean present = isPresent(values);
            return op == CompareOp.EQ ? !present : op == CompareOp.NE && present;
        }
        if (values.isEmpty()) {
            return op == CompareOp.NE; // an absent attribute equals nothing, so "ne" anything holds
        }
        for (JsonValue actual : values) {
            if (test(leaf, op, c.value(), actual)) {
                return true; // multi-valued: any value matching is enough
            }
        }
        return false;
    }

    /** One value against the operator. Values that cannot be compared are unequal to everything. */
    private static boolean test(AttributeDefinition leaf, CompareOp op, JsonValue expected, JsonValue actual) {
        switch (leaf.type()) {
            case BOOLEAN -> {
                Boolean e = bool(expected);
                Boolean a = bool(actual);
                if (e == null || a == null) {
                    return op == CompareOp.NE;
                }
                return op == CompareOp.EQ ? a.equals(e) : op == CompareOp.NE && !a.equals(e);
            }
            case INTEGER, DECIMAL -> {
                BigDecimal e = decimal(expected);
                BigDecimal a = decimal(actual);
                if (e == null || a == null) {
                    return op == CompareOp.NE;
                }
                return order(op, a.compareTo(e));
            }
            case DATE_TIME -> {
                String e = text(expected);
                String a = text(actual);
                if (e != null && a != null && op.isSubstring()) {
                    return substring(op, fold(a), fold(e));
                }
                Instant ei = e == null ? null : dateTime(e);
                Instant ai = a == null ? null : dateTime(a);
                if (ei == null || ai == null) {
                    return op == CompareOp.NE;
                }
                return order(op, ai.compareTo(ei));
            }
            case BINARY -> {
                // base64 is case-sensitive whatever caseExact says (RFC 7643 section 2.3.6).
                String e = text(expected);
                String a = text(actual);
                if (e == null || a == null) {
                    return op == CompareOp.NE;
                }
                return op == CompareOp.EQ ? a.equals(e) : op == CompareOp.NE && !a.equals(e);
            }
            default -> {
                String e = text(expected);
                String a = text(actual);
                if (e == null || a == null) {
                    return op == CompareOp.NE;
                }
                // RFC 7644 section 3.4.2.2: string comparison follows the attribute's caseExact.
                if (!leaf.caseExact()) {
                    e = fold(e);
                    a = fold(a);
                }
                return op.isSubstring() ? substring(op, a, e) : order(op, a.compareTo(e));
            }
        }
    }

    private static boolean order(CompareOp op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case CO, SW, EW -> false;
        };
    }

    private static boolean substring(CompareOp op, String actual, String expected) {
        return switch (op) {
            case CO -> actual.contains(expected);
            case SW -> actual.startsWith(expected);
            case EW -> actual.endsWith(expected);
            default -> false;
        };
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Text of a string, or the JSON text of a number or boolean. */
    private static String text(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> ((JsonString) v).getString();
            case NUMBER, TRUE, FALSE -> FilterText.json(v);
            default -> null;
        };
    }

    /** true/false, also as the strings "true"/"false" in any case, which clients send for booleans. */
    static Boolean bool(JsonValue v) {
        if (v.getValueType() == JsonValue.ValueType.TRUE) {
            return Boolean.TRUE;
        }
        if (v.getValueType() == JsonValue.ValueType.FALSE) {
            return Boolean.FALSE;
        }
        if (v.getValueType() == JsonValue.ValueType.STRING) {
            String s = ((JsonString) v).getString();
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    private static BigDecimal decimal(JsonValue v) {
        return v.getValueType() == JsonValue.ValueType.NUMBER ? ((JsonNumber) v).bigDecimalValue() : null;
    }

    /** An xsd:dateTime as an instant; one without offset is taken as UTC. Null when {@code s} is not one. */
    static Instant dateTime(String s) {
        if (!XSD_DATE_TIME.matcher(s).matches()) {
            return null;
        }
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            return t instanceof OffsetDateTime odt ? odt.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
