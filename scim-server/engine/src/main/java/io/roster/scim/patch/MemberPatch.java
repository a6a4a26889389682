package io.roster.scim.patch;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.And;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.CompareOp;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.Not;
import io.roster.scim.filter.Or;
import io.roster.scim.filter.Present;
import io.roster.scim.filter.ValuePath;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Group's {@code members} under PATCH: the operations become {@link MemberChange}s, in request order,
 * which the service applies to the membership index entry by entry. The group's record is never
 * edited, so a change costs what it names, not the group's size (DESIGN.md, storage rules).
 */
final class MemberPatch {
    private final List<MemberChange> changes = new ArrayList<>();

    List<MemberChange> changes() {
        return changes;
    }

    /**
     * One operation on {@code members}. {@code value} is what add and replace give; for remove it is the
     * list of members to remove that a client quirk made of the operation's value
     * ({@link EntraRemoveByValueList}), or null to remove all (RFC 7644 section 3.5.2.2).
     */
    void apply(PatchOperation.Op op, PatchTarget t, JsonValue value) {
        if (t.sub() != null) {
            throw ScimException.invalidPath("Members are added, removed or replaced whole; a path cannot reach into "
                    + "'members." + t.sub().name() + "'. Use \"members\" or members[value eq \"<id>\"].");
        }
        JsonArray given = value == null ? null : memberArray(value);
        switch (op) {
            case ADD -> {
                if (t.filter() != null) {
                    throw ScimException.invalidPath("Add members with \"path\": \"members\" and a list of {\"value\": <id>}; "
                            + "a value filter selects existing members.");
                }
                changes.add(new MemberChange.Add(given));
            }
            case REPLACE -> {
                if (t.filter() == null) {
                    changes.add(new MemberChange.Replace(given));
                } else {
                    changes.add(removal(t.filter()));
                    changes.add(new MemberChange.Add(given));
                }
            }
            case REMOVE -> {
                if (t.filter() != null) {
                    changes.add(removal(t.filter()));
                } else if (given == null) {
                    changes.add(new MemberChange.RemoveAll());
                } else {
                    List<String> ids = new ArrayList<>();
                    for (JsonValue m : given) {
                        ids.add(memberId(m));
                    }
                    changes.add(new MemberChange.Remove(ids));
                }
            }
        }
    }

    /** {@code members[value eq "a"]} and {@code or}s of such name ids directly; anything else is evaluated per member. */
    private static MemberChange removal(Filter filter) {
        List<String> ids = new ArrayList<>();
        return idsOf(filter, ids) ? new MemberChange.Remove(ids) : new MemberChange.RemoveMatching(filter);
    }

    /**
     * Adds the ids {@code f} names to {@code ids} and answers true when {@code f} is nothing but
     * {@code value eq "<id>"} terms joined by {@code or}; any other node means the filter must be
     * evaluated per member (false; {@code ids} is then of no use).
     */
    private static boolean idsOf(Filter f, List<String> ids) {
        return f.accept(new Filter.Visitor<Boolean>() {
            @Override
            public Boolean and(And and) {
                return false; // value eq "a" and value eq "b" names no member, not both
            }

            @Override
            public Boolean or(Or or) {
                return or.left().accept(this) && or.right().accept(this);
            }

            @Override
            public Boolean not(Not not) {
                return false; // every member but some: only evaluation can tell which
            }

            @Override
            public Boolean compare(Compare c) {
                if (c.op() == CompareOp.EQ && c.path().schemaUrn() == null && c.path().subAttribute() == null
                        && c.path().attribute().equalsIgnoreCase("value") && c.value() instanceof JsonString s) {
                    ids.add(s.getString());
                    return true;
                }
                return false;
            }

            @Override
            public Boolean present(Present present) {
                return false;
            }

            @Override
            public Boolean valuePath(ValuePath valuePath) {
                return false;
            }
        });
    }

    /** The members a value gives, as {@code {"value": <id>, ...}} objects: a lone member or a bare id is taken as a list of one. */
    private static JsonArray memberArray(JsonValue value) {
        JsonArray arr = value.getValueType() == JsonValue.ValueType.ARRAY
                ? value.asJsonArray() : JsonSupport.array().add(value).build();
        JsonArrayBuilder out = JsonSupport.array();
        for (JsonValue m : arr) {
            if (m.getValueType() == JsonValue.ValueType.OBJECT) {
                out.add(m);
            } else if (m.getValueType() == JsonValue.ValueType.STRING) {
                out.add(JsonSupport.object().add("value", m)); // a bare id
            } else if (m.getValueType() != JsonValue.ValueType.NULL) {
                throw ScimException.invalidValue("Each member is an object {\"value\": <id of a User or Group>}, not "
                        + JsonSupport.describe(m) + ".");
            }
        }
        return out.build();
    }

    private static String memberId(JsonValue m) {
        for (Map.Entry<String, JsonValue> e : m.asJsonObject().entrySet()) {
            if (e.getKey().equalsIgnoreCase("value") && e.getValue() instanceof JsonString s && !s.getString().isBlank()) {
                return s.getString().strip();
            }
        }
        throw ScimException.invalidValue("Each member to remove needs a \"value\" holding its id; got " + JsonSupport.toText(m) + ".");
    }
}
