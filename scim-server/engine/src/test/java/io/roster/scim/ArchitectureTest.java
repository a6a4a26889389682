package io.roster.scim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's package boundaries, checked on its compiled classes so that the build fails when one is
 * crossed (DESIGN.md, "Two boundaries"; the README's Architecture section):
 * <ul>
 *   <li>HTTP only at the edge: JAX-RS, Jersey and Grizzly types appear in {@code http} and {@code app}
 *       (which starts the server) and nowhere else, so every rule stays testable without a socket;</li>
 *   <li>MapDB behind the store contract: {@code org.mapdb} types appear only in {@code store.mapdb}, and
 *       nothing outside that package names it (the backend is found by its {@code StoreProvider});</li>
 *   <li>metrics in one place: Micrometer types appear only in {@code metrics} (the store reports through
 *       its own {@code StoreMetrics} interface, the edge through {@code RequestMetrics}), and the metrics
 *       package uses no HTTP types (the rule above);</li>
 *   <li>dependencies point one way: no cycle between any two packages (each package is its own slice,
 *       so {@code store} and {@code store.mapdb} count as two).</li>
 * </ul>
 */
class ArchitectureTest {
    private static final String ENGINE = "io.roster.scim";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ENGINE);

    static final ArchRule HTTP_ONLY_AT_THE_EDGE = noClasses()
            .that().resideOutsideOfPackages(ENGINE + ".http..", ENGINE + ".app..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.glassfish.jersey..", "org.glassfish.grizzly..")
            .because("JAX-RS, Jersey and Grizzly belong to the HTTP edge; the service layer takes typed requests");

    static final ArchRule MAPDB_ONLY_IN_ITS_BACKEND = noClasses()
            .that().resideOutsideOfPackage(ENGINE + ".store.mapdb..")
            .should().dependOnClassesThat().resideInAnyPackage("org.mapdb..")
            .because("MapDB is one backend of the store contract; everything else sees the SPI");

    static final ArchRule NOBODY_NAMES_THE_MAPDB_BACKEND = noClasses()
            .that().resideOutsideOfPackage(ENGINE + ".store.mapdb..")
            .should().dependOnClassesThat().resideInAPackage(ENGINE + ".store.mapdb..")
            .because("the store backend is chosen by configuration through StoreProvider, never named in code");

    static final ArchRule MICROMETER_ONLY_IN_METRICS = noClasses()
            .that().resideOutsideOfPackage(ENGINE + ".metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..")
            .because("the meters live in the metrics package; the store and the edge report through their own interfaces");

    static final ArchRule NO_CYCLES = slices().matching(ENGINE + ".(**)").should().beFreeOfCycles()
            .because("dependencies between the engine's packages point inwards");

    @Test
    void jaxRsJerseyAndGrizzlyTypesAppearOnlyInHttpAndApp() {
        HTTP_ONLY_AT_THE_EDGE.check(CLASSES);
    }

    @Test
    void mapDbTypesAppearOnlyInTheMapDbBackend() {
        MAPDB_ONLY_IN_ITS_BACKEND.check(CLASSES);
    }

    @Test
    void nothingOutsideTheMapDbBackendNamesIt() {
        NOBODY_NAMES_THE_MAPDB_BACKEND.check(CLASSES);
    }

    @Test
    void micrometerTypesAppearOnlyInTheMetricsPackage() {
        MICROMETER_ONLY_IN_METRICS.check(CLASSES);
    }

    @Test
    void noPackageOfTheEngineIsInACycle() {
        NO_CYCLES.check(CLASSES);
    }

    /** The rules are not vacuous: each fails on classes written to break it ({@code archviolations}, test sources). */
    @Test
    void everyRuleFailsOnClassesThatBreakIt() {
        JavaClasses broken = new ClassFileImporter().importPackages(ENGINE + ".archviolations");
        for (ArchRule rule : List.of(HTTP_ONLY_AT_THE_EDGE, MAPDB_ONLY_IN_ITS_BACKEND, NOBODY_NAMES_THE_MAPDB_BACKEND,
                MICROMETER_ONLY_IN_METRICS, NO_CYCLES)) {
            assertThrows(AssertionError.class, () -> rule.check(broken), rule.getDescription());
        }
    }
}
