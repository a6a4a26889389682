package io.roster.scim.metrics;

/**
 * Whether the server is ready to serve ({@code /health/ready}): only once the store is open and
 * recovered and the plugins have started, and no longer once shutdown has begun. A volatile field, so
 * that answering a probe never touches the store or takes a lock.
 */
public final class Health {
    private volatile String notReady = "starting";

    /** Ready: the store is open and recovered, the plugins started. */
    public void ready() {
        notReady = null;
    }

    /** Not ready any more (shutdown has begun), for {@code reason}. */
    public void notReady(String reason) {
        notReady = reason;
    }

    public boolean isReady() {
        return notReady == null;
    }

    /** Why the server is not ready, or null when it is. */
    public String reason() {
        return notReady;
    }
}
