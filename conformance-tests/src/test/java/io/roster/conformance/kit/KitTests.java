package io.roster.conformance.kit;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;

/**
 * Which tests form the conformance kit: the test classes of package {@code io.roster.conformance} itself.
 * Its subpackages (the fuzzer), the load generator's and the crash tests are not conformance checks and
 * never count in the kit's totals.
 */
public final class KitTests {
    public static final String PACKAGE = "io.roster.conformance";

    private KitTests() {
    }

    public static boolean isKitClass(Class<?> c) {
        Class<?> top = c;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return top.getPackageName().equals(PACKAGE);
    }

    /** The class and method of a test source, when the source is a kit test method. */
    public static Optional<Classification> classify(TestSource source) {
        if (source instanceof MethodSource ms) {
            Class<?> c = ms.getJavaClass();
            return isKitClass(c) ? Classification.of(c, method(ms)) : Optional.empty();
        }
        if (source instanceof ClassSource cs) {
            Class<?> c = cs.getJavaClass();
            return isKitClass(c) ? Classification.of(c) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether the source is a kit test method or class. */
    public static boolean isKitSource(TestSource source) {
        if (source instanceof MethodSource ms) {
            return isKitClass(ms.getJavaClass());
        }
        return source instanceof ClassSource cs && isKitClass(cs.getJavaClass());
    }

    static Method method(MethodSource ms) {
        try {
            return ms.getJavaMethod();
        } catch (RuntimeException e) {
            // parameter types that do not resolve: fall back to the name
            return Arrays.stream(ms.getJavaClass().getDeclaredMethods())
                    .filter(m -> m.getName().equals(ms.getMethodName())).findFirst().orElse(null);
        }
    }
}
