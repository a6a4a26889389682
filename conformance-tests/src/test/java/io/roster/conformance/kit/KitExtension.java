package io.roster.conformance.kit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The kit's extension, registered for every test through {@code META-INF/services} and Jupiter's
 * extension auto-detection: it skips a kit test whose {@link Requires} the server does not offer, with
 * the reason, and records each kit test's HTTP exchanges for the report. Tests outside the kit run
 * untouched.
 */
public final class KitExtension implements ExecutionCondition, BeforeEachCallback, AfterEachCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Class<?>> testClass = context.getTestClass();
        if (testClass.isEmpty() || !KitTests.isKitClass(testClass.get())) {
            return ConditionEvaluationResult.enabled("not a kit test");
        }
        Method method = context.getTestMethod().orElse(null);
        Optional<Classification> c = Classification.of(testClass.get(), method);
        if (c.isEmpty() || c.get().requires().isEmpty()) {
            return ConditionEvaluationResult.enabled("needs no optional feature");
        }
        Capabilities capabilities = Capabilities.current();
        List<String> reasons = new ArrayList<>();
        for (Capability needed : c.get().requires()) {
            String why = capabilities.whyNot(needed);
            if (why != null) {
                reasons.add("needs " + needed.name().toLowerCase(java.util.Locale.ROOT) + ": " + why);
            }
        }
        return reasons.isEmpty()
                ? ConditionEvaluationResult.enabled("the server offers " + c.get().requires())
                : ConditionEvaluationResult.disabled(String.join("; ", reasons));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<Class<?>> testClass = context.getTestClass();
        if (testClass.isPresent() && KitTests.isKitClass(testClass.get())) {
            Exchanges.start();
            Classification.of(testClass.get(), context.getTestMethod().orElse(null)).ifPresent(CurrentTest::set);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getTestClass().map(KitTests::isKitClass).orElse(false)) {
            Exchanges.finish(context.getUniqueId());
            CurrentTest.clear();
        }
    }
}
