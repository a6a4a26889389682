package io.roster.conformance.kit;

/** The part of a SCIM server a kit test exercises; the report counts pass, fail and skip per area. */
public enum Area {
    DISCOVERY("discovery"),
    CRUD("crud"),
    FILTER("filter"),
    PAGING("sort-and-paging"),
    PATCH("patch"),
    BULK("bulk"),
    ETAGS("etags"),
    AUTH("auth"),
    ERRORS("errors"),
    CLIENTS("client-compatibility"),
    EXTENSIONS("roster-extensions"),
    /** Not an area: on a method, "as the class says". */
    INHERIT("");

    private final String label;

    Area(String label) {
        this.label = label;
    }

    /** The name used by {@code --only} and in reports. */
    public String label() {
        return label;
    }

    /** The area named by {@code --only}: its label or its enum name, in any case. */
    public static Area parse(String name) {
        for (Area a : values()) {
            if (a != INHERIT && (a.label.equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown area '" + name + "'; known: " + known());
    }

    public static String known() {
        StringBuilder sb = new StringBuilder();
        for (Area a : values()) {
            if (a != INHERIT) {
                sb.append(sb.isEmpty() ? "" : ", ").append(a.label);
            }
        }
        return sb.toString();
    }
}
