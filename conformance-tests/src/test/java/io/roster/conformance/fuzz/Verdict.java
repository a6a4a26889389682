package io.roster.conformance.fuzz;

import io.roster.conformance.RawHttp;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.Locale;

/**
 * What every answer must be, whatever was sent: never a 5xx; every error a SCIM error object (RFC 7644
 * §3.12) in {@code application/scim+json} whose {@code status} is the HTTP status as a string; no stack
 * trace and no server name or version; a short error; and an answer within the bound.
 */
final class Verdict {
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    /** An error detail quoting megabytes of input is itself a finding (the 8 MB echoed number). */
    static final int MAX_ERROR_BYTES = 8 * 1024;

    private Verdict() {
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    /** Grizzly's limit on a request's line and headers together (Roster keeps the default). */
    static final int HEAD_LIMIT = 8192;

    static String judge(RawHttp.Request request, RawHttp.Response r, Duration bound) {
        if (r.status() == 0) {
            if (request.headBytes() > HEAD_LIMIT && request.body() != null) {
                // Refused while parsing a head too large to frame the message: the server answers 400 and
                // closes, and the body it could not skip makes the close a reset that can swallow the answer.
                return null;
            }
            return "the server closed the connection without answering";
        }
        if (r.nanos() > bound.toNanos()) {
            return "answered after " + Duration.ofNanos(r.nanos()).toMillis() + " ms (bound " + bound.toMillis() + " ms)";
        }
        if (r.status() >= 500) {
            return "status " + r.status() + ": " + cut(r.text());
        }
        String server = r.header("Server");
        if (server != null) {
            return "a Server header names the software: " + server;
        }
        String body = r.text();
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.contains("grizzly") || lower.contains("jersey") || body.contains("\tat ") || body.contains("at org.glassfish")
                || body.contains("at io.roster") || lower.contains("exception:")) {
            return "the body shows server internals: " + cut(body);
        }
        if (r.status() < 400) {
            // RFC 7643 section 7: a "returned": "never" attribute (password) never leaves the server, in any form.
            return body.contains("\"password\":") ? "a success answer carries \"password\": " + cut(body) : null;
        }
        String type = r.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/scim+json")) {
            return "error " + r.status() + " with Content-Type " + type + ": " + cut(body);
        }
        if (request.method().equals("HEAD")) {
            return null; // RFC 9110 section 9.3.2: the answer to HEAD has no body
        }
        if (r.body().length > MAX_ERROR_BYTES) {
            return "error " + r.status() + " of " + r.body().length + " bytes: " + cut(body);
        }
        JsonObject error;
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            error = reader.readObject();
        } catch (RuntimeException e) {
            return "error " + r.status() + " whose body is not a JSON object: " + cut(body);
        }
        if (!error.containsKey("schemas") || error.get("schemas").getValueType() != JsonValue.ValueType.ARRAY
                || !error.getJsonArray("schemas").contains(Json.createValue(ERROR_SCHEMA))) {
            return "error " + r.status() + " without the Error schema: " + cut(body);
        }
        if (!(error.get("status") instanceof JsonString s) || !s.getString().equals(Integer.toString(r.status()))) {
            return "error " + r.status() + " whose \"status\" is " + error.get("status");
        }
        return null;
    }

    static String cut(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "... (" + s.length() + " chars)";
    }
}
