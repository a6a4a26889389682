package io.roster.scim.hook;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Change;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** A {@link Change} as the durable outbox keeps it: JSON text, read back field by field. */
final class ChangeJson {
    private ChangeJson() {
    }

    static JsonObject toJson(Change change) {
        JsonObjectBuilder b = JsonSupport.object()
                .add("kind", change.kind().name())
                .add("resourceType", change.resourceType())
                .add("id", change.id());
        if (change.before() != null) {
            b.add("before", change.before());
        }
        if (change.after() != null) {
            b.add("after", change.after());
        }
        if (change.source() != null) {
            b.add("source", change.source());
        }
        return b.add("changedAttributes", strings(change.changedAttributes()))
                .add("membersAdded", strings(change.membersAdded()))
                .add("membersRemoved", strings(change.membersRemoved()))
                .build();
    }

    static Change fromJson(JsonObject o) {
        return new Change(Change.Kind.valueOf(o.getString("kind")), o.getString("resourceType"), o.getString("id"),
                o.containsKey("before") ? o.getJsonObject("before") : null,
                o.containsKey("after") ? o.getJsonObject("after") : null,
                new LinkedHashSet<>(strings(o.getJsonArray("changedAttributes"))),
                strings(o.getJsonArray("membersAdded")), strings(o.getJsonArray("membersRemoved")),
                o.getString("source", null));
    }

    private static JsonArrayBuilder strings(Collection<String> values) {
        JsonArrayBuilder b = JsonSupport.array();
        values.forEach(b::add);
        return b;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>(a.size());
        for (JsonValue v : a) {
            out.add(((JsonString) v).getString());
        }
        return out;
    }
}
