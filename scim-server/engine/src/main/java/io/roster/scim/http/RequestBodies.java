package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request bodies: checks the media type (415 otherwise), enforces the advertised payload limit
 * (413, before reading when Content-Length already tells, else as the bytes arrive), and parses JSON
 * (400 invalidSyntax).
 */
public final class RequestBodies {
    private final long maxPayloadSize;

    public RequestBodies(long maxPayloadSize) {
        this.maxPayloadSize = maxPayloadSize;
    }

    public long maxPayloadSize() {
        return maxPayloadSize;
    }

    public JsonObject readObject(HttpHeaders headers, InputStream body) {
        MediaType type = headers.getMediaType();
        if (!ScimMediaType.acceptable(type)) {
            throw ScimException.unsupportedMediaType("Content-Type " + type + " is not accepted: send the body as "
                    + "application/scim+json (or application/json), e.g. curl -H 'Content-Type: application/scim+json'.");
        }
        long declared = headers.getLength();
        if (declared > maxPayloadSize) {
            throw tooLarge();
        }
        if (body == null) {
            throw ScimException.invalidSyntax("The request needs a JSON body.");
        }
        LimitedInputStream limited = new LimitedInputStream(body, maxPayloadSize);
        try {
            return JsonSupport.parseObject(limited);
        } catch (ScimException e) {
            if (limited.exceeded) {
                throw tooLarge();
            }
            throw e;
        } catch (RuntimeException e) {
            if (limited.exceeded) {
                throw tooLarge();
            }
            throw e;
        }
    }

    private ScimException tooLarge() {
        return ScimException.payloadTooLarge("The request body is larger than the server's limit of " + maxPayloadSize
                + " bytes (see maxPayloadSize in /ServiceProviderConfig); split the request.");
    }

    /** Stops reading after the limit, remembering that it did so. */
    private static final class LimitedInputStream extends FilterInputStream {
        private long remaining;
        private boolean exceeded;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return overLimit();
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (remaining <= 0) {
                return overLimit();
            }
            int n = super.read(buf, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        private int overLimit() throws IOException {
            if (super.read() < 0) {
                return -1; // exactly at the limit
            }
            exceeded = true;
            throw new IOException("request body over the limit");
        }
    }
}
