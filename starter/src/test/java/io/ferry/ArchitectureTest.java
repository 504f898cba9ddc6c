package io.ferry;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The rules of the house that each package's {@code package-info.java} states, held: who may know whom among the
 * engine's packages (the starter's, and the task API and wire it is built on), and no cycles between packages.
 */
class ArchitectureTest {

    // Main classes only: this module's, and the task API's and wire's jars; not the wire's test jar.
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.ferry");

    @Test
    void theClassesAreThere() {
        // A rule over no classes passes whatever the code does: make sure the import found the engine.
        assertThat(ENGINE.containPackage("io.ferry.scheduler")).isTrue();
        assertThat(ENGINE.containPackage("io.ferry.local")).isTrue();
        assertThat(ENGINE.containPackage("io.ferry.task")).isTrue();
        assertThat(ENGINE.containPackage("io.ferry.wire")).isTrue();
        assertThat(ENGINE.containPackage("io.ferry.sandbox")).isTrue();
        assertThat(ENGINE.containPackage("io.ferry.wire.http")).isTrue();
        assertThat(ENGINE.containPackage("io.ferry.local.http")).isTrue();
    }

    @Test
    void nettyStaysInsideTheTwoHttpPackages() {
        // Netty is how HTTP is spoken, not what the engine is made of: the client (wire.http) and the local
        // cluster's server (local.http) hide it behind their own types (futures, streams, exchanges), so that the
        // scheduler, the executor and the local cluster's master and agents never see a channel or a buffer.
        noClasses().that().resideOutsideOfPackages("io.ferry.wire.http..", "io.ferry.local.http..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(ENGINE);
        // And the rule has something to hold: both packages do use Netty.
        for (String http : new String[] {"io.ferry.wire.http", "io.ferry.local.http"}) {
            assertThat(ENGINE.getPackage(http).getClassDependenciesFromThisPackage())
                    .as("%s uses Netty", http)
                    .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("io.netty"));
        }
    }

    @Test
    void theSchedulerNeverKnowsTheLocalCluster() {
        // Local mode must take the same code paths as a real cluster: the scheduler only ever sees a master URL.
        noClasses().that().resideInAPackage("io.ferry.scheduler..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.local..", "io.ferry.autoconfigure..",
                        "io.ferry.api..", "io.ferry.delivery..", "io.ferry.metrics..")
                .check(ENGINE);
    }

    @Test
    void theLocalClusterKnowsNoneOfFerrysFramework() {
        // It is a Mesos master and agents: any framework may use it (a test runs a third-party client against it).
        noClasses().that().resideInAPackage("io.ferry.local..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.scheduler..", "io.ferry.api..",
                        "io.ferry.autoconfigure..", "io.ferry.delivery..", "io.ferry.metrics..", "io.ferry.task..")
                .check(ENGINE);
    }

    @Test
    void theLocalClustersMasterAndAgentsKnowEachOtherOnlyOverHttp() {
        noClasses().that().resideInAPackage("io.ferry.local.master..")
                .should().dependOnClassesThat().resideInAPackage("io.ferry.local.agent..")
                .check(ENGINE);
        noClasses().that().resideInAPackage("io.ferry.local.agent..")
                .should().dependOnClassesThat().resideInAPackage("io.ferry.local.master..")
                .check(ENGINE);
    }

    @Test
    void theLoopbackHttpServerKnowsNoMesos() {
        // A plain HTTP/1.1 server: what it carries is its handlers' business.
        noClasses().that().resideInAPackage("io.ferry.local.http..")
                .should().dependOnClassesThat(resideInAnyPackage("org.apache.mesos..", "com.google.protobuf..",
                        "io.ferry..").and(not(resideInAPackage("io.ferry.local.http.."))))
                .check(ENGINE);
    }

    @Test
    void theLocalClustersLowerFloorsNeverReachUp() {
        // io.ferry.local (LocalCluster and its settings) assembles the master and the agents from the floors below;
        // nothing below knows it, so a master or an agent can be built and tested alone.
        noClasses().that().resideInAnyPackage("io.ferry.local.master..", "io.ferry.local.agent..",
                        "io.ferry.local.protocol..", "io.ferry.local.loop..", "io.ferry.local.http..",
                        "io.ferry.local.workdir..")
                .should().dependOnClassesThat().resideInAPackage("io.ferry.local")
                .check(ENGINE);
        noClasses().that().resideInAnyPackage("io.ferry.local.protocol..", "io.ferry.local.loop..")
                .should().dependOnClassesThat().resideInAnyPackage("io.ferry.local.master..",
                        "io.ferry.local.agent..")
                .check(ENGINE);
    }

    @Test
    void theWorkDirectoriesAreOnlyFilesAndProcesses() {
        // Who owns a directory and what a stop keeps is told to it in paths: it knows no Mesos and no other package.
        noClasses().that().resideInAPackage("io.ferry.local.workdir..")
                .should().dependOnClassesThat(resideInAnyPackage("org.apache.mesos..", "com.google.protobuf..",
                        "io.ferry..").and(not(resideInAPackage("io.ferry.local.workdir.."))))
                .check(ENGINE);
    }

    @Test
    void theSandboxClientIsPlainHttp() {
        // Scheduler and app share it to read executors' files from any agent: it knows nothing of either.
        noClasses().that().resideInAPackage("io.ferry.sandbox..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.ferry.sandbox..", "java..")
                .check(ENGINE);
    }

    @Test
    void theWireKnowsNoPolicy() {
        noClasses().that().resideInAPackage("io.ferry.wire..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.ferry.wire..", "java..", "javax.net.ssl..", "io.netty..",
                        "com.google.protobuf..", "org.apache.mesos.v1..")
                .check(ENGINE);
    }

    @Test
    void theTaskApiKnowsNoMesos() {
        noClasses().that().resideInAPackage("io.ferry.task..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.ferry.task..", "java..")
                .check(ENGINE);
    }

    @Test
    void onlyTheSpringFacingPackagesKnowSpring() {
        // The engine's core runs without a Spring context (the benchmark and the tests start it bare); the
        // scheduler's one tie is SmartLifecycle, so that the application context starts and stops it.
        noClasses().that().resideInAnyPackage("io.ferry.local..", "io.ferry.wire..", "io.ferry.task..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(ENGINE);
        noClasses().that().resideInAPackage("io.ferry.scheduler..")
                .should().dependOnClassesThat(resideInAPackage("org.springframework..")
                        .and(not(name("org.springframework.context.SmartLifecycle")))
                        .and(not(name("org.springframework.context.Lifecycle")))
                        .and(not(name("org.springframework.context.Phased"))))
                .check(ENGINE);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("io.ferry.(**)").should().beFreeOfCycles().check(ENGINE);
    }
}
