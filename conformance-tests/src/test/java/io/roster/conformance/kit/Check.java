package io.roster.conformance.kit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a kit test checks. Declared once on the test class; a method overrides the fields it sets (a
 * method of an RFC class that tests a Roster choice says {@code @Check(level = Level.ROSTER)} and keeps the
 * class's area). Every test in {@code io.roster.conformance} must resolve to a level and an area, or
 * {@code ClassificationTest} fails the build; a new test class needs this one line.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Check {
    Level level() default Level.INHERIT;

    Area area() default Area.INHERIT;

    /** The rule's source, e.g. {@code "RFC 7644 3.5.2"} or {@code "CLIENTS.md Entra"}; empty inherits. */
    String rule() default "";
}
