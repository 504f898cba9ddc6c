package io.ferry;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The app is the starter plus what an operator's application adds: it uses the engine as any application does,
 * through {@code io.ferry.api} and the scheduler's published views, never through the local cluster or the
 * starter's wiring. The operator's login guards the web layer by paths, apart from it.
 */
class AppArchitectureTest {

    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.ferry");

    @Test
    void theAppsOwnClassesAreThere() {
        assertThat(APP.containPackage("io.ferry.web")).isTrue();
        assertThat(APP.containPackage("io.ferry.web.security")).isTrue();
        assertThat(APP.containPackage("io.ferry.samples")).isTrue();
    }

    @Test
    void theAppNeverReachesIntoTheEngine() {
        noClasses().that().resideInAnyPackage("io.ferry.web..", "io.ferry.samples..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.local..", "io.ferry.autoconfigure..",
                        "io.ferry.delivery..", "io.ferry.wire..", "io.ferry.executor..")
                .check(APP);
    }

    @Test
    void theSamplesAreTasksNotWebPages() {
        noClasses().that().resideInAPackage("io.ferry.samples..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.web..", "org.springframework.web..")
                .check(APP);
    }

    @Test
    void securityGuardsThePagesByTheirPathsAlone() {
        noClasses().that().resideInAPackage("io.ferry.web.security..")
                .should().dependOnClassesThat(resideInAPackage("io.ferry..")
                        .and(resideOutsideOfPackage("io.ferry.web.security..")))
                .check(APP);
        noClasses().that().resideInAPackage("io.ferry.web..").and().resideOutsideOfPackage("io.ferry.web.security..")
                .should().dependOnClassesThat().resideInAPackage("io.ferry.web.security..")
                .check(APP);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.ferry.(**)").should().beFreeOfCycles().check(APP);
    }
}
