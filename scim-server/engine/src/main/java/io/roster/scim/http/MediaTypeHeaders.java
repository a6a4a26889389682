package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import jakarta.ws.rs.core.MediaType;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.jersey.message.internal.HttpHeaderReader;
import org.glassfish.jersey.message.internal.MediaTypes;

/**
 * Checks the two headers Jersey parses while routing, before Jersey sees them: a value it cannot parse
 * there fails the request outside every exception mapper (an HTML 500 for {@code Content-Type:
 * application/scim+json; q=x}, an empty 400 for {@code Accept: ;;;}).
 * <ul>
 *   <li>An unparseable {@code Accept} is disregarded, as RFC 9110 section 12.5.1 allows: the response
 *   is SCIM JSON whatever the client accepts.</li>
 *   <li>An unparseable or empty {@code Content-Type} (including a {@code q} parameter that is no quality value,
 *   which Jersey reads while matching) is 415 (RFC 9110 section 15.5.16) when there is a body, and
 *   disregarded when there is none.</li>
 * </ul>
 * Jersey's own header reader decides, so what passes here parses there.
 */
final class MediaTypeHeaders {
    private MediaTypeHeaders() {
    }

    static void check(Request request, boolean hasBody) {
        MimeHeaders headers = request.getRequest().getHeaders();
        List<String> accept = new ArrayList<>();
        for (String v : request.getHeaders("Accept")) {
            accept.add(v);
        }
        for (String v : accept) {
            try {
                HttpHeaderReader.readAcceptMediaType(v);
            } catch (ParseException | RuntimeException e) {
                headers.removeHeader("Accept");
                break;
            }
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType != null && contentType.isBlank()) {
            // "Content-Type:" with no value names no media type; Jersey answers it with an empty 400. Without
            // a body it is disregarded; with one, the body is unlabelled, which the body reader refuses (415).
            headers.removeHeader("Content-Type");
            if (hasBody) {
                throw ScimException.unsupportedMediaType("The Content-Type header is empty; send \"Content-Type: "
                        + "application/scim+json\".");
            }
            return;
        }
        if (contentType != null) {
            try {
                MediaTypes.getQuality(MediaType.valueOf(contentType));
            } catch (RuntimeException e) {
                if (!hasBody) {
                    headers.removeHeader("Content-Type"); // describes no content: disregard it
                    return;
                }
                throw ScimException.unsupportedMediaType("The Content-Type header is not a valid media type; send "
                        + "\"Content-Type: application/scim+json\".");
            }
        }
    }
}
