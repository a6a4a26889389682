package io.roster.conformance.kit.selftest;

/** A request the stub refuses: an RFC 7644 3.12 error with its status, scimType (or null) and detail. */
final class StubFailure extends RuntimeException {
    final int status;
    final String scimType;

    StubFailure(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    static StubFailure invalidValue(String detail) {
        return new StubFailure(400, "invalidValue", detail);
    }

    static StubFailure notFound(String what) {
        return new StubFailure(404, null, what + " not found");
    }
}
