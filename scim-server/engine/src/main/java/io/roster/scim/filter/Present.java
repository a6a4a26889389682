package io.roster.scim.filter;

import java.util.Objects;

/** {@code path pr}: the attribute has a non-empty value (RFC 7644 section 3.4.2.2). */
public record Present(AttrPath path) implements Filter {

    public Present {
        Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
        return path + " pr";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.present(this);
    }
}
