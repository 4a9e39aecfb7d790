package io.emotionstream.retrainer;

import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.platform.config.Durations;
import io.emotionstream.platform.ops.OpsServer;
import io.emotionstream.trainer.cli.CommonOptions;
import io.emotionstream.trainer.cli.ConsoleProgress;
import io.emotionstream.trainer.cli.HyperparameterSpec;
import io.emotionstream.trainer.cli.TrainerCli;
import io.emotionstream.trainer.train.Recipe;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./emotion-stream retrainer}: the retraining service, a long-running Kafka client with /health and
 * /metrics ({@link RetrainerService}).
 */
@Command(
        name = "emotion-stream retrainer",
        mixinStandardHelpOptions = true,
        description =
                "Run continuously: collect labelled image events, retrain on a schedule, after N new labels or on "
                        + "a bias alert, and publish each new version as challenger (never champion).")
public final class RetrainerCommand implements Callable<Integer> {
    /** /health fails when the run loop has not polled for this long outside a retrain. */
    private static final Duration STALL = Duration.ofMinutes(2);

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model name to retrain and publish.")
    String modelName;

    @Option(
            names = "--images-topic",
            defaultValue = "emotion.images",
            description = "Labelled events come from here (default: ${DEFAULT-VALUE}).")
    String imagesTopic;

    @Option(
            names = "--training-topic",
            description = "Another topic of labelled events (same formats), e.g. a curated one. Repeatable.")
    List<String> trainingTopics = new ArrayList<>();

    @Mixin
    CommonOptions.FineTune fineTune;

    @Option(
            names = "--face",
            defaultValue = "none",
            paramLabel = "MODE",
            description =
                    "Face location for training on the events: none, detect, detect-fast or align; use the champion's (default: ${DEFAULT-VALUE}).")
    String face;

    @Option(names = "--alerts-topic", description = "Bias alerts: a record keyed MODEL/... there requests a retrain.")
    String alertsTopic;

    @Option(
            names = "--promote-from",
            paramLabel = "TOPIC",
            description = "The monitor's bias-metrics topic: promote the "
                    + "challenger this service published to champion once the paired comparison says PROMOTE for every attribute "
                    + "(better overall, no group or class worse than the tolerance). Without it, challengers wait for an operator's "
                    + "'trainer promote --if-better'.")
    String biasMetricsTopic;

    @Option(
            names = "--balance-by",
            defaultValue = "dataset",
            description = "Group attribute the training set is bounded per (default: ${DEFAULT-VALUE}).")
    String balanceBy;

    @Option(
            names = "--max-per-group",
            defaultValue = "2000",
            description = "Newest labelled events kept per group value (default: ${DEFAULT-VALUE}).")
    int maxPerGroup;

    @Option(
            names = "--retrain-every",
            defaultValue = "1h",
            description = "Retrain on this schedule when new labels arrived: 90s, 10m, 1h (default: ${DEFAULT-VALUE}).")
    String every;

    @Option(
            names = "--retrain-after",
            defaultValue = "500",
            description = "Retrain after this many new labels (default: ${DEFAULT-VALUE}).")
    int afterNewLabels;

    @Option(
            names = "--min-samples",
            defaultValue = "120",
            description = "Never train on fewer labelled events (default: ${DEFAULT-VALUE}).")
    int minSamples;

    @Option(
            names = "--hp",
            defaultValue = "seed-jaffe",
            description = "Hyperparameters (default: ${DEFAULT-VALUE}; the seed's CK+ settings collapse more often).")
    String hp;

    @Option(
            names = "--registry",
            defaultValue = "models",
            description = "Local registry for the bundles (default: ${DEFAULT-VALUE}).")
    Path registry;

    @Option(
            names = "--metrics-host",
            defaultValue = "127.0.0.1",
            description = "Bind address of /metrics (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(
            names = "--metrics-port",
            defaultValue = "9465",
            description = "Port of /metrics, /health, /ready; 0 picks one (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Mixin
    CommonOptions.Training training;

    @Mixin
    CommonOptions.Release release;

    public static void main(String[] args) {
        System.exit(TrainerCli.handlingBadInput(new CommandLine(new RetrainerCommand()), "emotion-stream retrainer")
                .execute(args));
    }

    @Override
    public Integer call() {
        NativeRuntime.init();
        var publisher = release.publisher();
        var settings = new RetrainerService.Settings(
                modelName,
                topics(),
                Optional.ofNullable(alertsTopic),
                retraining(),
                Optional.ofNullable(biasMetricsTopic));
        var policy = new RetrainPolicy(duration(every), afterNewLabels, minSamples);
        RetrainerMetrics metrics = RetrainerMetrics.prometheus();
        try (RetrainerService service = new RetrainerService(
                        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, release.bootstrapServers()),
                        settings,
                        new LabelledSet(balanceBy, maxPerGroup),
                        policy,
                        new ModelRegistry(registry),
                        publisher,
                        new ConsoleProgress(System.err, "[service " + modelName + "]"),
                        System.out,
                        metrics,
                        Clock.systemUTC());
                OpsServer ops = new OpsServer(
                        metricsHost, metricsPort, metrics.scraper(), () -> service.healthy(STALL), service::ready)) {
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "trainer-service-shutdown"));
            System.err.printf("retrainer: metrics http://%s:%d/metrics%n", metricsHost, ops.port());
            service.run();
        }
        return 0;
    }

    /** --init: each version fine-tunes that bundle (its preprocessing; --face and --hp do not apply); else the seed CNN. */
    private Retraining retraining() {
        if (!fineTune.enabled()) {
            return new Retraining.SeedCnn(
                    HyperparameterSpec.parse(hp, CnnHyperparameters.SEED_JAFFE),
                    training.config(),
                    FaceLocation.parse(face));
        }
        return new Retraining.FineTune(
                fineTune.plan(
                        fineTune.parent(registry),
                        Recipe.SEED,
                        training.config().seed()),
                training.config());
    }

    private List<String> topics() {
        List<String> topics = new ArrayList<>();
        topics.add(imagesTopic);
        topics.addAll(trainingTopics);
        return topics;
    }

    static Duration duration(String text) {
        return Durations.parse("--retrain-every", text);
    }
}
