package io.ferry.executor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The executor is what every agent downloads and starts: it may use only the JDK, the task API, the wire, the Mesos
 * protos and protobuf — all of which its agent jar carries — so that it starts anywhere with nothing else.
 */
class ExecutorArchitectureTest {

    private static final JavaClasses EXECUTOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ferry.executor");

    @Test
    void theExecutorUsesOnlyWhatItsAgentJarCarries() {
        assertThat(EXECUTOR).isNotEmpty();
        classes().that().resideInAPackage("io.ferry.executor..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.ferry.executor..", "io.ferry.task..",
                        "io.ferry.wire..", "java..", "javax.management..", "com.google.protobuf..",
                        "org.apache.mesos.v1..", "jdk.internal.misc..", "sun.misc..")
                .check(EXECUTOR);
    }
}
