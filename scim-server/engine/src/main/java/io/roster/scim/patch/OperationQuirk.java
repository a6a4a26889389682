package io.roster.scim.patch;

/**
 * A named rewrite of one PATCH operation that a real client sends in a shape RFC 7644 section 3.5.2 does
 * not define or defines otherwise (CLIENTS.md), into what the client means, before the engine runs it.
 * Each quirk is one class that says which client sends the shape and why it is not the RFC's, and is
 * tested with the exact body that client sends; the engine itself stays RFC-shaped, and a workaround can
 * be found, tested and removed by name (SCIM-SDK keeps its Entra workarounds the same way).
 */
public interface OperationQuirk {

    /** The operation to apply instead of {@code operation}; {@code operation} itself when the quirk does not apply. */
    EngineOperation rewrite(EngineOperation operation, PatchContext context);
}
