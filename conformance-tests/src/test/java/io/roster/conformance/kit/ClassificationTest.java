package io.roster.conformance.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Nothing escapes classification: every test of the kit resolves to a level and an area through
 * {@link Check} on its class or itself. A new kit test class without {@code @Check} fails the build here,
 * naming it; adding one line to the class fixes it.
 */
class ClassificationTest {

    @Test
    void everyKitTestDeclaresWhatItChecks() {
        List<String> unclassified = new ArrayList<>();
        int kitTests = 0;
        for (TestIdentifier id : kitTestMethods()) {
            MethodSource ms = (MethodSource) id.getSource().orElseThrow();
            kitTests++;
            if (Classification.of(ms.getJavaClass(), KitTests.method(ms)).isEmpty()) {
                unclassified.add(ms.getClassName() + "#" + ms.getMethodName());
            }
        }
        assertTrue(kitTests > 300, "the kit's tests were found (" + kitTests + ")");
        assertEquals(List.of(), unclassified, "kit tests without @Check(level, area) on their class or method");
    }

    @Test
    void aRuleIsNamedForEveryRfcTest() {
        List<String> unnamed = new ArrayList<>();
        for (TestIdentifier id : kitTestMethods()) {
            MethodSource ms = (MethodSource) id.getSource().orElseThrow();
            Classification.of(ms.getJavaClass(), KitTests.method(ms))
                    .filter(c -> (c.level() == Level.RFC_MUST || c.level() == Level.RFC_SHOULD) && c.rule().isBlank())
                    .ifPresent(c -> unnamed.add(ms.getClassName() + "#" + ms.getMethodName()));
        }
        assertEquals(List.of(), unnamed, "RFC tests must name their section in @Check(rule = ...)");
    }

    /** Every test method and test template of the kit, as discovered, with no profile applied. */
    static List<TestIdentifier> kitTestMethods() {
        TestPlan plan = LauncherFactory.create(LauncherConfig.builder()
                        .enablePostDiscoveryFilterAutoRegistration(false)
                        .build())
                .discover(request()
                        .selectors(selectPackage(KitTests.PACKAGE))
                        .filters(ClassNameFilter.includeClassNamePatterns(ConformanceRunner.KIT_CLASSES))
                        .build());
        List<TestIdentifier> out = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier d : plan.getDescendants(root)) {
                if (d.getSource().orElse(null) instanceof MethodSource ms && KitTests.isKitClass(ms.getJavaClass())) {
                    out.add(d);
                }
            }
        }
        return out;
    }
}
