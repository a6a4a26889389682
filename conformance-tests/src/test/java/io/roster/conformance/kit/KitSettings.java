package io.roster.conformance.kit;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a run of the kit selects: the levels of its profile, the areas of {@code --only}, whether stress
 * tests run, and where the report goes. Read from system properties ({@code conformance.profile},
 * {@code conformance.only}, {@code conformance.stress}, {@code conformance.report}) unless the runner
 * sets them for one run with {@link #use}. The default profile is {@code all} against the embedded
 * Roster and {@code rfc} against an external server.
 */
public record KitSettings(Set<Level> levels, Set<Area> areas, boolean stress, Path reportDir, String profileName) {
    public static final String PROFILE = "conformance.profile";
    public static final String ONLY = "conformance.only";
    public static final String STRESS = "conformance.stress";
    public static final String REPORT = "conformance.report";

    private static volatile KitSettings override;

    public static KitSettings current() {
        KitSettings o = override;
        if (o != null) {
            return o;
        }
        boolean external = !System.getProperty("scim.baseUrl", "").isBlank();
        String profile = System.getProperty(PROFILE, external ? "rfc" : "all");
        String only = System.getProperty(ONLY, "");
        boolean stress = Boolean.parseBoolean(System.getProperty(STRESS, external ? "false" : "true"));
        Path report = Path.of(System.getProperty(REPORT, "target/conformance-report"));
        return of(profile, only, stress, report);
    }

    /** Settings from the runner's options: a profile name (or names joined by commas) and areas. */
    public static KitSettings of(String profile, String only, boolean stress, Path reportDir) {
        return new KitSettings(levels(profile), areas(only), stress, reportDir, profile);
    }

    /** Makes these the settings until the handle is closed. */
    public static AutoCloseable use(KitSettings settings) {
        KitSettings previous = override;
        override = settings;
        return () -> override = previous;
    }

    static Set<Level> levels(String profile) {
        Set<Level> levels = EnumSet.noneOf(Level.class);
        for (String p : profile.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
            switch (p) {
                case "rfc" -> levels.addAll(EnumSet.of(Level.RFC_MUST, Level.RFC_SHOULD));
                case "rfc-must" -> levels.add(Level.RFC_MUST);
                case "clients" -> levels.add(Level.CLIENT);
                case "roster" -> levels.add(Level.ROSTER);
                case "all" -> levels.addAll(EnumSet.complementOf(EnumSet.of(Level.INHERIT)));
                default -> throw new IllegalArgumentException(
                        "unknown profile '" + p + "'; known: rfc, rfc-must, clients, roster, all");
            }
        }
        return levels;
    }

    static Set<Area> areas(String only) {
        if (only == null || only.isBlank()) {
            return EnumSet.complementOf(EnumSet.of(Area.INHERIT));
        }
        Set<Area> areas = EnumSet.noneOf(Area.class);
        for (String a : only.split("[,\\s]+")) {
            areas.add(Area.parse(a));
        }
        return areas;
    }
}
