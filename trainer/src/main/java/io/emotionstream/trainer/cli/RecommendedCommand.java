package io.emotionstream.trainer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainer recommended}: the model the README recommends, rebuilt from the shared data in one command. It is
 * two ordinary commands, so its bundle is evaluated, calibrated and traced like any other: {@code import} of the
 * FER2013 mini-Xception with faces aligned, then {@code train --init} of its classifier on the training people of
 * JAFFE and CK+48 (the recipe measured best on the honest protocols, docs/benchmarks.md, "People the model never saw: the pretrained network").
 */
@Command(
        name = "recommended",
        mixinStandardHelpOptions = true,
        description = {
            "Rebuild the recommended model: the FER2013 mini-Xception imported with faces aligned, its "
                    + "classifier fine-tuned on the training people of JAFFE and CK+48 (mirrored copies, each epoch drawn "
                    + "evenly across datasets and emotions), scored on the held-out people, calibrated and published. "
                    + "Deterministic for a seed."
        })
public final class RecommendedCommand implements Callable<Integer> {
    /** Where the pretrained network lies, relative to the directory above the datasets (../shared). */
    public static final String PRETRAINED = "pretrained/fer2013-mini-xception/fer2013_mini_XCEPTION.102-0.66.hdf5";

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DATASETS_DIR",
            description = "The directory holding " + "JAFFE/ and CK+48/ (../shared/datasets).")
    Path datasets;

    @Option(
            names = "--pretrained",
            paramLabel = "FILE",
            description = "The mini-Xception Keras file (default: " + "DATASETS_DIR/../" + PRETRAINED + ").")
    Path pretrained;

    @Option(
            names = "--registry",
            defaultValue = "models",
            description = "Model registry directory (default: ${DEFAULT-VALUE}).")
    Path registry;

    @Option(
            names = "--name",
            defaultValue = "recommended",
            description = "Bundle name; the import is published as "
                    + "NAME-pretrained, its parent (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the split and of training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        Recipe recipe = new Recipe(
                datasets,
                pretrained != null
                        ? pretrained
                        : datasets.resolve("..").resolve(PRETRAINED).normalize(),
                registry,
                name,
                seed);
        for (Path required : List.of(recipe.pretrained(), datasets.resolve("JAFFE"), datasets.resolve("CK+48"))) {
            if (!Files.exists(required)) {
                throw new IllegalArgumentException(
                        required + " not found: --data names the directory holding JAFFE/ and "
                                + "CK+48/, --pretrained the mini-Xception file");
            }
        }
        for (List<String> step : recipe.steps()) {
            System.err.println("recommended: trainer " + String.join(" ", step));
            int exit = TrainerCli.commandLine().execute(step.toArray(String[]::new));
            if (exit != 0) {
                return exit;
            }
        }
        return 0;
    }

    /** The two commands, as a user would type them. */
    record Recipe(Path datasets, Path pretrained, Path registry, String name, long seed) {
        List<List<String>> steps() {
            String parent = name + "-pretrained";
            List<String> importing = List.of(
                    "import",
                    "--keras",
                    pretrained.toString(),
                    "--name",
                    parent,
                    "--labels",
                    "angry,disgust,fear,happy,sad,surprise,neutral",
                    "--scale",
                    "minus-one-to-one",
                    "--face",
                    "align",
                    "--registry",
                    registry.toString());
            List<String> fineTuning = List.of(
                    "train",
                    "--init",
                    parent,
                    "--init-source",
                    pretrained.toString(),
                    "--data",
                    datasets.resolve("JAFFE").toString(),
                    "--data",
                    datasets.resolve("CK+48").toString(),
                    "--split",
                    "subject",
                    "--mirror",
                    "--balance",
                    "dataset-and-class",
                    "--epochs",
                    "40",
                    "--patience",
                    "8",
                    "--seed",
                    Long.toString(seed),
                    "--name",
                    name,
                    "--registry",
                    registry.toString());
            return List.of(importing, fineTuning);
        }
    }
}
