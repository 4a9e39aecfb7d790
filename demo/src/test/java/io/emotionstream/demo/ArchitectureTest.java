package io.emotionstream.demo;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.emotionstream.model.violation.KafkaInTheMlCore;
import io.emotionstream.model.violation.MetersInTheMlCore;
import io.emotionstream.model.violation.OnnxRuntimeOutsideTheEngine;
import io.emotionstream.streamapp.violation.BrokerInTheStreamApp;
import io.emotionstream.streamapp.violation.LogbackInTheStreamApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph and the library boundaries of docs/architecture.md, checked on the compiled main classes of
 * every module (this module depends on all of them). Maven's dependencies stop a module from reaching one it does
 * not declare; these rules say what each may reach at all, and keep five libraries in their rooms: DL4J/ND4J in
 * the ML core, the trainer and the classifier adapter; ONNX Runtime behind the inference seam (model.network);
 * Micrometer in the metrics classes; Kafka out of the ML core, the datasets and the monitor's statistics; Logback in
 * the logging module. The last
 * test feeds deliberate violations to the rules, so a rule that could not fail fails.
 */
class ArchitectureTest {
    /** Telemetry (the registry and the ops server) and the classes named *Metrics, with their nested classes. */
    private static final DescribedPredicate<JavaClass> METRICS_ROOMS = DescribedPredicate.describe(
            "the telemetry package or a *Metrics class",
            c -> c.getPackageName().startsWith("io.emotionstream.streamapp.telemetry")
                    || topLevel(c).getSimpleName().endsWith("Metrics"));

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.emotionstream");
    }

    static ArchRule modulesDependOnlyDownTheGraph() {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("logging")
                .definedBy("io.emotionstream.logging..")
                .layer("schemas")
                .definedBy("io.emotionstream.schemas..")
                .layer("fairness")
                .definedBy("io.emotionstream.fairness..")
                .layer("model")
                .definedBy("io.emotionstream.model..")
                .layer("platform")
                .definedBy("io.emotionstream.platform..")
                .layer("datasets")
                .definedBy("io.emotionstream.datasets..")
                .layer("embedded-broker")
                .definedBy("io.emotionstream.broker..")
                .layer("testkit")
                .definedBy("io.emotionstream.testkit..")
                .layer("stream-app")
                .definedBy("io.emotionstream.streamapp..")
                .layer("trainer")
                .definedBy("io.emotionstream.trainer..")
                .layer("retrainer")
                .definedBy("io.emotionstream.retrainer..")
                .layer("tools")
                .definedBy("io.emotionstream.tools..")
                .layer("microbench")
                .definedBy("io.emotionstream.microbench..")
                .layer("demo")
                .definedBy("io.emotionstream.demo..")
                .whereLayer("demo")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("logging")
                .mayOnlyBeAccessedByLayers("stream-app", "demo")
                .whereLayer("microbench")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("tools")
                .mayOnlyBeAccessedByLayers("microbench", "demo")
                .whereLayer("retrainer")
                .mayOnlyBeAccessedByLayers("demo")
                .whereLayer("testkit")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("stream-app")
                .mayOnlyBeAccessedByLayers("tools", "demo")
                .whereLayer("trainer")
                .mayOnlyBeAccessedByLayers("retrainer", "tools", "demo")
                .whereLayer("embedded-broker")
                .mayOnlyBeAccessedByLayers("testkit", "tools", "demo")
                .whereLayer("fairness")
                .mayOnlyBeAccessedByLayers("stream-app", "tools", "demo")
                .whereLayer("datasets")
                .mayOnlyBeAccessedByLayers("trainer", "retrainer", "tools", "demo")
                .whereLayer("platform")
                .mayOnlyBeAccessedByLayers("stream-app", "trainer", "retrainer", "tools", "demo")
                .whereLayer("model")
                .mayOnlyBeAccessedByLayers(
                        "platform", "datasets", "stream-app", "trainer", "retrainer", "tools", "microbench", "demo");
    }

    static ArchRule deepLearningOnlyInTheMlRooms() {
        return noClasses()
                .that()
                .resideOutsideOfPackages(
                        "io.emotionstream.model..",
                        "io.emotionstream.trainer..",
                        "io.emotionstream.streamapp.classify..",
                        "io.emotionstream.tools.bench..",
                        "io.emotionstream.microbench..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
                .because(
                        "DL4J and ND4J belong to the ML core, training, the classifier adapter and the model-only benches");
    }

    static ArchRule onnxRuntimeOnlyBehindTheInferenceSeam() {
        return noClasses()
                .that()
                .resideOutsideOfPackage("io.emotionstream.model.network")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.onnxruntime..")
                .because(
                        "ONNX Runtime is one engine behind NetworkForward: the rest of the code sees bundles and LoadedModel");
    }

    static ArchRule micrometerOnlyInMetricsClasses() {
        return noClasses()
                .that(not(METRICS_ROOMS))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micrometer..")
                .because("meters are named, tagged and bounded in one place per component");
    }

    static ArchRule noKafkaInTheMlCoreTheDatasetsOrTheStatistics() {
        return noClasses()
                .that()
                .resideInAnyPackage(
                        "io.emotionstream.model..", "io.emotionstream.datasets..", "io.emotionstream.fairness..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "kafka..")
                .because("the ML core, the datasets and the monitor's statistics run offline too (training, "
                        + "calibrate-monitor); the topics are the platform's and the stream app's business");
    }

    static ArchRule logbackOnlyInTheLoggingModule() {
        return noClasses()
                .that()
                .resideOutsideOfPackage("io.emotionstream.logging..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ch.qos.logback..")
                .because("code logs through SLF4J; levels, format and output are the logging settings' business");
    }

    static ArchRule noBrokerOrToolsInServingCode() {
        return noClasses()
                .that()
                .resideInAnyPackage(
                        "io.emotionstream.streamapp..",
                        "io.emotionstream.retrainer..",
                        "io.emotionstream.trainer..",
                        "io.emotionstream.platform..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.emotionstream.broker..",
                        "io.emotionstream.tools..",
                        "io.emotionstream.testkit..",
                        "kafka..",
                        "org.apache.kafka.server..",
                        "org.apache.kafka.controller..")
                .because("what deployments run carries no broker, benchmark or test code");
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass outer = c;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    @Test
    void shouldKeepEveryModuleToTheDependenciesOfTheModuleGraph() {
        modulesDependOnlyDownTheGraph().check(main);
    }

    @Test
    void shouldKeepDeepLearningInTheMlCoreTrainingAndTheClassifierAdapter() {
        deepLearningOnlyInTheMlRooms().check(main);
    }

    @Test
    void shouldKeepOnnxRuntimeBehindTheInferenceSeam() {
        onnxRuntimeOnlyBehindTheInferenceSeam().check(main);
    }

    @Test
    void shouldKeepMicrometerInTheMetricsClasses() {
        micrometerOnlyInMetricsClasses().check(main);
    }

    @Test
    void shouldKeepKafkaOutOfTheMlCoreTheDatasetsAndTheStatistics() {
        noKafkaInTheMlCoreTheDatasetsOrTheStatistics().check(main);
    }

    @Test
    void shouldKeepBrokerToolsAndTestCodeOutOfServingModules() {
        noBrokerOrToolsInServingCode().check(main);
    }

    @Test
    void shouldKeepTheLoggingBackendInTheLoggingModule() {
        logbackOnlyInTheLoggingModule().check(main);
    }

    @Test
    void shouldCatchADeliberateViolationOfEveryRule() {
        // given classes that break each rule (test fixtures in the ML core's and the stream app's packages, not
        // shipped)
        JavaClasses offenders = new ClassFileImporter()
                .importClasses(
                        KafkaInTheMlCore.class,
                        MetersInTheMlCore.class,
                        BrokerInTheStreamApp.class,
                        OnnxRuntimeOutsideTheEngine.class,
                        LogbackInTheStreamApp.class);

        // when / then every rule reports them
        assertThat(modulesDependOnlyDownTheGraph().evaluate(offenders).hasViolation())
                .as("module graph")
                .isTrue();
        assertThat(deepLearningOnlyInTheMlRooms().evaluate(offenders).hasViolation())
                .as("DL4J/ND4J")
                .isTrue();
        assertThat(onnxRuntimeOnlyBehindTheInferenceSeam().evaluate(offenders).hasViolation())
                .as("ONNX Runtime")
                .isTrue();
        assertThat(micrometerOnlyInMetricsClasses().evaluate(offenders).hasViolation())
                .as("Micrometer")
                .isTrue();
        assertThat(noKafkaInTheMlCoreTheDatasetsOrTheStatistics()
                        .evaluate(offenders)
                        .hasViolation())
                .as("Kafka")
                .isTrue();
        assertThat(noBrokerOrToolsInServingCode().evaluate(offenders).hasViolation())
                .as("broker")
                .isTrue();
        assertThat(logbackOnlyInTheLoggingModule().evaluate(offenders).hasViolation())
                .as("Logback")
                .isTrue();
    }
}
