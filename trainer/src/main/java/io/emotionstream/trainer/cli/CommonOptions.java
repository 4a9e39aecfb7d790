package io.emotionstream.trainer.cli;

import io.emotionstream.datasets.ClassSet;
import io.emotionstream.datasets.DataSources;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.bundle.OutputClasses;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.experiment.Experiments;
import io.emotionstream.trainer.finetune.FineTuningPlan;
import io.emotionstream.trainer.finetune.GraphFineTuner;
import io.emotionstream.trainer.finetune.ParentGraph;
import io.emotionstream.trainer.release.ReleasePublisher;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.train.Augmentation;
import io.emotionstream.trainer.train.Balance;
import io.emotionstream.trainer.train.Mixup;
import io.emotionstream.trainer.train.Recipe;
import io.emotionstream.trainer.train.Targets;
import io.emotionstream.trainer.train.TrainingConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/** Options shared by the trainer commands, the retraining service and the load generator (picocli mixins). */
public final class CommonOptions {
    private CommonOptions() {}

    public static final class Data {
        @Option(
                names = "--data",
                required = true,
                paramLabel = "SPEC",
                description =
                        "Dataset: a folder (JAFFE, CK+48 or class folders), a .csv index, or synthetic:a / synthetic:b[:SUBJECTS[:POSES]]. Repeat to combine.")
        List<String> specs;

        @Option(
                names = "--format",
                defaultValue = "auto",
                description = "auto, jaffe, ckplus, ferplus, folders or csv (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(
                names = "--neutral",
                description =
                        "Keep neutral faces as a seventh class (JAFFE's NE, FER+'s neutral majority, a neutral class folder, synthetic neutral poses), for seven-class models; dropped by default, as the seed dropped them.")
        boolean neutral;

        @Option(
                names = "--group",
                paramLabel = "KEY=VALUE",
                description = "Override a group attribute of every image, e.g. --group ethnicity=east_asian.")
        Map<String, String> groups = new LinkedHashMap<>();

        @Option(
                names = "--face",
                paramLabel = "MODE",
                description =
                        "Face location before the 48x48 resize: none (the seed's whole-image resize, for tight crops like CK+48), detect (Haar cascade), detect-fast (LBP cascade) or align (Haar, then level on the eyes). Default: none.")
        String face;

        public List<String> specs() {
            return specs;
        }

        public String format() {
            return format;
        }

        /** The --group overrides, in the order given. */
        public Map<String, String> groups() {
            return groups;
        }

        /** The six, or with --neutral the seven. */
        public ClassSet classes() {
            return neutral ? ClassSet.SEVEN : ClassSet.SIX;
        }

        public FaceLocation faceLocation() {
            return face == null ? FaceLocation.NONE : FaceLocation.parse(face);
        }

        public List<Dataset> load(long seed) {
            return load(seed, faceLocation());
        }

        public List<Dataset> load(long seed, FaceLocation mode) {
            return load(seed, Preprocessing.seed(mode));
        }

        /** Loaded with a model's own preprocessing (face location and tensor format). */
        public List<Dataset> load(long seed, Preprocessing preprocessing) {
            return specs.stream()
                    .map(spec -> DataSources.load(spec, format, groups, seed, preprocessing, classes()))
                    .toList();
        }

        /** One dataset, or the union when --data was repeated. */
        public static Dataset combined(List<Dataset> datasets) {
            return datasets.size() == 1 ? datasets.get(0) : Dataset.union("union", datasets);
        }
    }

    public static final class Splitting {
        @Option(
                names = "--split",
                defaultValue = "random",
                description =
                        "random (stratified, seed-compatible) or subject (subject-disjoint). Default: ${DEFAULT-VALUE}.")
        String split;

        @Option(
                names = "--test-fraction",
                description = "Fraction held out for test (default: 1/3 for JAFFE, 0.2 otherwise, as the seed).")
        Double testFraction;

        @Option(
                names = "--validation-fraction",
                defaultValue = "0.1",
                description =
                        "Fraction of the training images held out for early stopping (default: ${DEFAULT-VALUE}).")
        double validationFraction;

        /** The split of a dataset with these options; the test fraction defaults to the seed's for the dataset. */
        public Split apply(Dataset dataset, long seed) {
            double test = testFraction != null ? testFraction : Experiments.defaultTestFraction(dataset);
            return Experiments.split(dataset, mode(), test, validationFraction, seed);
        }

        public SplitMode mode() {
            try {
                return SplitMode.parse(split);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown split '" + split + "' (expected random or subject)");
            }
        }
    }

    public static final class Training {
        @Option(
                names = "--epochs",
                defaultValue = "200",
                description =
                        "Epoch budget (a JAFFE epoch is only 4 gradient steps); early stopping usually ends sooner (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(
                names = "--batch-size",
                defaultValue = "32",
                description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(
                names = "--patience",
                defaultValue = "15",
                description = "Early stopping: epochs without a lower validation loss (default: ${DEFAULT-VALUE}).")
        int patience;

        @Option(
                names = "--restarts",
                defaultValue = "3",
                description = "Restarts allowed when training is stuck on one class (default: ${DEFAULT-VALUE}).")
        int restarts;

        @Option(
                names = "--seed",
                defaultValue = "42",
                description = "Seed of splits, weights, dropout and batch order (default: ${DEFAULT-VALUE}).")
        long seed;

        public TrainingConfig config() {
            return new TrainingConfig(
                    epochs, batchSize, patience, TrainingConfig.DEFAULT.collapseSteps(), restarts, seed);
        }
    }

    /** What the network is shown while it learns (augmentation, balance, label smoothing, mixup). */
    public static final class RecipeOptions {
        @Option(
                names = "--augment",
                defaultValue = "none",
                paramLabel = "KIND",
                description =
                        "Training-image augmentation: none (the seed), standard (mirror, turn, zoom, shift, light, blur, noise) or geometry (mirror, turn, zoom, shift). Default: ${DEFAULT-VALUE}.")
        String augment;

        @Option(
                names = "--balance",
                defaultValue = "none",
                description = "Per-epoch oversampling: none, class, or dataset-and-class (default: ${DEFAULT-VALUE}).")
        String balance;

        @Option(
                names = "--label-smoothing",
                defaultValue = "0",
                description = "Share of each target spread over the six emotions (default: ${DEFAULT-VALUE}).")
        double labelSmoothing;

        @Option(
                names = "--mixup",
                defaultValue = "0",
                paramLabel = "ALPHA",
                description =
                        "mixup: each batch mixed with a shuffled copy of itself, weight ~ Beta(ALPHA, ALPHA); 0 = off (default: ${DEFAULT-VALUE}).")
        double mixup;

        @Option(
                names = "--targets",
                defaultValue = "majority",
                paramLabel = "KIND",
                description =
                        "Training targets: majority (one-hot on each image's label) or votes (the share of the annotators' votes each emotion got, where a dataset has votes: FER+). Default: ${DEFAULT-VALUE}.")
        String targets;

        public Recipe recipe() {
            Augmentation a = switch (augment.trim().toLowerCase(Locale.ROOT)) {
                case "none" -> Augmentation.NONE;
                case "standard" -> Augmentation.STANDARD;
                case "geometry" -> Augmentation.GEOMETRY;
                default ->
                    throw new IllegalArgumentException(
                            "unknown augmentation '" + augment + "' (expected none, standard or geometry)");
            };
            return new Recipe(a, Balance.parse(balance), labelSmoothing, new Mixup(mixup), Targets.parse(targets));
        }
    }

    /** Fine-tuning from a bundle (train --init, protocols --init): where it starts, what is trained, how. */
    public static final class FineTune {
        @Option(
                names = "--init",
                paramLabel = "NAME[:VERSION]",
                description =
                        "Fine-tune this bundle (a Keras import "
                                + "or a DL4J graph) instead of training the seed CNN from scratch; the new bundle records it as its parent.")
        String init;

        @Option(
                names = "--init-source",
                paramLabel = "FILE",
                description =
                        "With --init of a Keras import served as "
                                + "ONNX: the Keras file it was imported from (checked against the sha256 its manifest records).")
        Path initSource;

        @Option(
                names = "--train-from",
                paramLabel = "LAYER",
                description =
                        "With --init: the first layer trained; every "
                                + "layer it depends on keeps the parent's weights (default: the last layer with parameters, the head).")
        String trainFrom;

        @Option(
                names = "--from-scratch",
                description = "With --init: the bundle's architecture with fresh weights (its "
                        + "layers' own initialisers, drawn from --seed), every layer trained: a new network of that shape, not a "
                        + "fine-tune; the new bundle still names the bundle as its parent (the architecture's source).")
        boolean fromScratch;

        @Option(
                names = "--learning-rate",
                defaultValue = "0.001",
                description = "With --init: Adam's learning rate " + "(default: ${DEFAULT-VALUE}).")
        double learningRate;

        @Option(
                names = "--mirror",
                description = "With --init: also train on each training image mirrored left to right.")
        boolean mirror;

        @Option(
                names = "--labels",
                split = ",",
                paramLabel = "LABEL",
                description = "With --init: the model's classes in "
                        + "output order (the six emotions, with or without neutral; default: the parent's). Other classes than "
                        + "the parent's get a new classifier, trained from scratch.")
        List<String> labels;

        public boolean enabled() {
            return init != null;
        }

        public ModelBundle parent(Path registry) {
            return new ModelRegistry(registry).resolve(init);
        }

        /**
         * What to fine-tune and how: the --init bundle (or, --from-scratch, its architecture with fresh weights) from
         * --train-from, learning as these options and the recipe's balance and targets say (augmentation, smoothing and
         * mixup do not apply).
         */
        public FineTuningPlan plan(ModelBundle parent, Recipe recipe, long seed) {
            if (fromScratch && trainFrom != null) {
                throw new IllegalArgumentException("--from-scratch trains every layer: leave out --train-from");
            }
            ParentGraph parentGraph = ParentGraph.of(parent, Optional.ofNullable(initSource));
            ParentGraph graph = fromScratch ? parentGraph.withFreshWeights(seed) : parentGraph;
            String first = fromScratch
                    ? GraphFineTuner.Start.firstLayer(graph.graph())
                    : trainFrom != null ? trainFrom : GraphFineTuner.Start.lastLayerWithParameters(graph.graph());
            List<String> classes = labels == null
                    ? parent.manifest().getLabels()
                    : labels.stream().map(CommonOptions::label).toList();
            return new FineTuningPlan(
                    parent,
                    graph,
                    first,
                    classes,
                    new GraphFineTuner.Options(learningRate, recipe.balance(), mirror, recipe.targets()));
        }
    }

    /** A class name as manifests spell it: an emotion's label (from any alias), or neutral. */
    static String label(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        return OutputClasses.NEUTRAL.equals(trimmed)
                ? trimmed
                : Emotion.fromAlias(trimmed)
                        .map(Emotion::label)
                        .orElseThrow(() -> new IllegalArgumentException("unknown class '" + text + "' (expected "
                                + Emotion.labels() + " or " + OutputClasses.NEUTRAL + ")"));
    }

    /** Where releases go and who signs them (publish, promote, train --publish). */
    public static final class Release {
        @Option(
                names = "--bootstrap-servers",
                defaultValue = "${env:EMOTION_STREAM_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
                description =
                        "Kafka bootstrap servers (default: $EMOTION_STREAM_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
        String bootstrapServers;

        @Option(
                names = "--models-topic",
                defaultValue = "emotion.models",
                description = "Models topic (default: ${DEFAULT-VALUE}).")
        String modelsTopic;

        @Option(
                names = "--signing-key",
                defaultValue = "${env:EMOTION_STREAM_SIGNING_KEY:-keys/release-signing.key}",
                paramLabel = "FILE",
                description =
                        "Ed25519 private key (PKCS#8 PEM); its public key is read from the same "
                                + "path ending in .pub (default: ${DEFAULT-VALUE}; ./emotion-stream trainer keygen makes both).")
        Path signingKey;

        public String bootstrapServers() {
            return bootstrapServers;
        }

        public ReleasePublisher publisher() {
            return ReleasePublisher.withKeyFiles(
                    Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), modelsTopic, signingKey);
        }
    }
}
