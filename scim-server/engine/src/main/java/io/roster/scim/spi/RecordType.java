package io.roster.scim.spi;

import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import java.util.function.Function;

/**
 * How the values of a {@link RecordTable} are kept: as text, encoded and decoded by these functions.
 *
 * @param <V> the value type
 */
public record RecordType<V>(Function<V, String> encode, Function<String, V> decode) {
    public static final RecordType<String> STRING = new RecordType<>(v -> v, v -> v);
    public static final RecordType<Long> LONG = new RecordType<>(String::valueOf, Long::valueOf);
    public static final RecordType<JsonObject> JSON = new RecordType<>(JsonSupport::toText, JsonSupport::parseTrusted);
}
