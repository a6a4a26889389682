package io.roster.conformance.reference;

/** A request the reference server refuses: an RFC 7644 3.12 error with its status, scimType (or null) and detail. */
final class ReferenceFailure extends RuntimeException {
    final int status;
    final String scimType;

    ReferenceFailure(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    static ReferenceFailure invalidValue(String detail) {
        return new ReferenceFailure(400, "invalidValue", detail);
    }

    static ReferenceFailure notFound(String what) {
        return new ReferenceFailure(404, null, what + " not found");
    }
}
