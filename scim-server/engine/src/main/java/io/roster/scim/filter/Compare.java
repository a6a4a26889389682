package io.roster.scim.filter;

import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * {@code path op value}. The value is a compValue of RFC 7644 section 3.4.2.2: a JSON string, number,
 * {@code true}, {@code false} or {@code null}.
 */
public record Compare(AttrPath path, CompareOp op, JsonValue value) implements Filter {

    public Compare {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        switch (value.getValueType()) {
            case STRING, NUMBER, TRUE, FALSE, NULL -> {
            }
            default -> throw new IllegalArgumentException("a filter value is a string, number, true, false or null, not "
                    + value.getValueType());
        }
    }

    @Override
    public String toString() {
        return path + " " + op.keyword() + " " + FilterText.json(value);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.compare(this);
    }
}
