package io.roster.conformance.kit;

import java.util.Optional;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Leaves out the kit tests the run's profile and {@code --only} areas do not select, before anything runs:
 * they are not skipped, they are not part of the run. Registered through {@code META-INF/services}, so the
 * surefire run and the standalone runner filter alike. A test without a classification stays in (it is
 * {@code ClassificationTest} that fails the build for it); tests outside the kit are untouched.
 */
public final class ProfileFilter implements PostDiscoveryFilter {
    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        Optional<Classification> c = descriptor.getSource()
                .filter(s -> descriptor.isTest() || descriptor.mayRegisterTests())
                .flatMap(KitTests::classify);
        if (c.isEmpty()) {
            return FilterResult.included("not a classified kit test");
        }
        KitSettings settings = KitSettings.current();
        return c.get().selectedBy(settings)
                ? FilterResult.included("in profile " + settings.profileName())
                : FilterResult.excluded(c.get().level().label() + " / " + c.get().area().label()
                        + " is outside profile " + settings.profileName());
    }
}
