package io.roster.conformance.kit;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The effective {@link Check} and {@link Requires} of a test method: the method's fields over its class's,
 * the class's over its enclosing class's (for nested classes).
 */
public record Classification(Level level, Area area, String rule, Set<Capability> requires) {

    /** The classification of a test method, or empty when it has no level or no area. */
    public static Optional<Classification> of(Class<?> testClass, Method method) {
        Level level = Level.INHERIT;
        Area area = Area.INHERIT;
        String rule = "";
        Set<Capability> requires = EnumSet.noneOf(Capability.class);
        if (method != null) {
            Check m = method.getAnnotation(Check.class);
            if (m != null) {
                level = m.level();
                area = m.area();
                rule = m.rule();
            }
            add(requires, method.getAnnotation(Requires.class));
        }
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Check k = c.getAnnotation(Check.class);
            if (k != null) {
                level = level == Level.INHERIT ? k.level() : level;
                area = area == Area.INHERIT ? k.area() : area;
                rule = rule.isEmpty() ? k.rule() : rule;
            }
            add(requires, c.getAnnotation(Requires.class));
        }
        if (level == Level.INHERIT || area == Area.INHERIT) {
            return Optional.empty();
        }
        return Optional.of(new Classification(level, area, rule, requires));
    }

    /** The classification of a whole class (for containers skipped as a whole). */
    public static Optional<Classification> of(Class<?> testClass) {
        return of(testClass, null);
    }

    private static void add(Set<Capability> into, Requires r) {
        if (r != null) {
            into.addAll(java.util.List.of(r.value()));
        }
    }

    /** Whether this test belongs to the run these settings describe. */
    public boolean selectedBy(KitSettings settings) {
        return settings.levels().contains(level) && settings.areas().contains(area);
    }
}
