package io.roster.scim.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The catch-all: anything no other mapper claims is a bug or an outage. It is logged with an error id
 * and answered 500 with that id, never with a stack trace (clients and logs can be matched by the id).
 */
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "unexpected error " + errorId, e);
        return ErrorResponses.of(500, null, "Internal server error (error id " + errorId
                + "). The server log has the details under this id.").build();
    }
}
