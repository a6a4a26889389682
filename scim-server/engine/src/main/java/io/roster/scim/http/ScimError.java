package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import io.roster.scim.schema.SchemaUrns;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * The error body of RFC 7644 section 3.12. {@code status} is a string, as the RFC's examples and
 * Entra expect; {@code scimType} is left out when there is none (JSON-B omits nulls).
 */
@JsonbPropertyOrder({"schemas", "status", "scimType", "detail"})
public record ScimError(List<String> schemas, String status, String scimType, String detail) {
    public static ScimError of(ScimException e) {
        return of(e.status(), e.scimType() == null ? null : e.scimType().keyword(), e.detail());
    }

    public static ScimError of(int status, String scimType, String detail) {
        return new ScimError(List.of(SchemaUrns.ERROR), Integer.toString(status), scimType, detail);
    }
}
