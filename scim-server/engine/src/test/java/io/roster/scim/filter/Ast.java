package io.roster.scim.filter;

import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonValue;
import java.math.BigDecimal;

/** Short constructors for expected trees in tests. */
final class Ast {
    private Ast() {
    }

    static JsonValue str(String s) {
        return JsonSupport.string(s);
    }

    static JsonValue num(String n) {
        return JsonSupport.number(new BigDecimal(n));
    }

    static Compare cmp(String attribute, CompareOp op, JsonValue value) {
        return new Compare(parse(attribute), op, value);
    }

    static Compare eq(String attribute, String value) {
        return cmp(attribute, CompareOp.EQ, str(value));
    }

    static Present pr(String attribute) {
        return new Present(parse(attribute));
    }

    static ValuePath vp(String attribute, Filter inner) {
        return new ValuePath(parse(attribute), inner);
    }

    static And and(Filter l, Filter r) {
        return new And(l, r);
    }

    static Or or(Filter l, Filter r) {
        return new Or(l, r);
    }

    static Not not(Filter f) {
        return new Not(f);
    }

    private static AttrPath parse(String attribute) {
        return FilterParser.parseAttrPath(attribute);
    }
}
