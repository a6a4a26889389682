package io.roster.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bundled extensions are plugins like any other: they may use the engine only through the plugin API
 * ({@code io.roster.scim.spi} and its subpackages), the error and JSON helpers, and the filter AST's value
 * types (parsing, validation, evaluation and planning are the API's {@code Filters} and queries). Any
 * other engine import fails the build, naming the class and the type it reached for.
 */
class ExtensionsUsePluginApiTest {
    /** The published filter AST: immutable records and the visitor, nothing that parses, evaluates or plans. */
    static final Set<String> FILTER_AST = Set.of("Filter", "Filter$Visitor", "Filter$Walk", "And", "Or", "Not", "Compare", "CompareOp",
            "Present", "ValuePath", "AttrPath");

    static final JavaClasses EXTENSIONS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.roster.licensing", "io.roster.roles", "io.roster.dynamicgroups");

    /** An engine type outside what a plugin may use. */
    static final DescribedPredicate<JavaClass> ENGINE_INTERNAL = new DescribedPredicate<>(
            "engine types outside the plugin API (io.roster.scim.spi..), io.roster.scim.error, io.roster.scim.json "
                    + "and the filter AST " + FILTER_AST) {
        @Override
        public boolean test(JavaClass type) {
            JavaClass c = type.isArray() ? type.getBaseComponentType() : type; // Filter[] is the AST type
            String pkg = c.getPackageName();
            if (!pkg.startsWith("io.roster.scim")) {
                return false;
            }
            if (pkg.equals("io.roster.scim.spi") || pkg.startsWith("io.roster.scim.spi.")
                    || pkg.equals("io.roster.scim.error") || pkg.equals("io.roster.scim.json")) {
                return false;
            }
            if (pkg.equals("io.roster.scim.filter")) {
                String simple = c.getName().substring(pkg.length() + 1);
                return !FILTER_AST.contains(simple);
            }
            return true;
        }
    };

    @Test
    void extensionsImportOnlyThePluginApi() {
        ArchRule rule = noClasses().should().dependOnClassesThat(ENGINE_INTERNAL)
                .because("a plugin builds on the plugin API alone, so the engine may change behind it (issue 14)");
        rule.check(EXTENSIONS);
    }

    @Test
    void theRuleSeesEveryBundledExtension() {
        for (String pkg : Set.of("io.roster.licensing", "io.roster.roles", "io.roster.dynamicgroups")) {
            if (EXTENSIONS.stream().noneMatch(c -> c.getPackageName().equals(pkg))) {
                throw new AssertionError("no class of " + pkg + " was imported: the architecture rule would pass vacuously");
            }
        }
    }
}
