package io.emotionstream.streamapp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.emotionstream.streamapp.violation.cyclea.FirstOfACycle;
import io.emotionstream.streamapp.violation.cycleb.SecondOfACycle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph inside the stream app (docs/architecture.md): no package cycles; the classification graph
 * ({@code topology}) and the bias monitor ({@code monitor}) meet only on topics, never in code; the topologies take
 * typed parameters and never read the configuration ({@code config} builds them). The last test feeds deliberate
 * violations to each rule, so a rule that could not fail fails.
 */
class PackagesTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.emotionstream.streamapp");
    }

    static ArchRule noPackageCycles(String packages) {
        return slices().matching(packages).should().beFreeOfCycles();
    }

    static ArchRule classificationAndMonitorMeetOnlyOnTopics() {
        return noClasses()
                .that()
                .resideInAPackage("io.emotionstream.streamapp.monitor..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.emotionstream.streamapp.topology..")
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("io.emotionstream.streamapp.config..")
                .because("the monitor reads what the classification wrote, and takes its settings as MonitorSettings");
    }

    static ArchRule topologiesDoNotReadTheConfiguration() {
        return noClasses()
                .that()
                .resideInAPackage("io.emotionstream.streamapp.topology..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.emotionstream.streamapp.config..", "io.emotionstream.streamapp.monitor..")
                .because("a topology is a pure factory of typed parameters; config builds those from settings");
    }

    @Test
    void shouldHaveNoPackageCycles() {
        noPackageCycles("io.emotionstream.streamapp.(*)..").check(main);
    }

    @Test
    void shouldKeepTheMonitorOutOfTheClassificationGraphAndTheConfiguration() {
        classificationAndMonitorMeetOnlyOnTopics().check(main);
    }

    @Test
    void shouldKeepTheConfigurationAndTheMonitorOutOfTheClassificationGraph() {
        topologiesDoNotReadTheConfiguration().check(main);
    }

    @Test
    void shouldCatchADeliberateViolationOfEveryRule() {
        // given a package cycle, a monitor class reaching into the classification graph, a topology reading config
        JavaClasses cycle = new ClassFileImporter().importClasses(FirstOfACycle.class, SecondOfACycle.class);
        JavaClasses offenders = new ClassFileImporter()
                .importPackages("io.emotionstream.streamapp.monitor", "io.emotionstream.streamapp.topology")
                .that(DescribedPredicate.describe(
                        "a deliberate violation",
                        c -> c.getSimpleName().equals("TopologyInTheMonitor")
                                || c.getSimpleName().equals("ConfigurationInTheTopology")));

        // when / then every rule reports them
        assertThat(noPackageCycles("io.emotionstream.streamapp.violation.(*)..")
                        .evaluate(cycle)
                        .hasViolation())
                .as("cycles")
                .isTrue();
        assertThat(offenders).hasSize(2);
        assertThat(classificationAndMonitorMeetOnlyOnTopics()
                        .evaluate(offenders)
                        .hasViolation())
                .as("monitor")
                .isTrue();
        assertThat(topologiesDoNotReadTheConfiguration().evaluate(offenders).hasViolation())
                .as("topology")
                .isTrue();
    }
}
