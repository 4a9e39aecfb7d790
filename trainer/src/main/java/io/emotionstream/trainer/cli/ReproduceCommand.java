package io.emotionstream.trainer.cli;

import io.emotionstream.datasets.ClassFolderLoader;
import io.emotionstream.datasets.ClassSet;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.DatasetException;
import io.emotionstream.datasets.JaffeLoader;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.face.FaceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The seed experiment end to end on a data root holding CK+48/ and JAFFE/. */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        description =
                "Reproduce the seed's table: CK+ and JAFFE models with the seed's best hyperparameters, a union model, and the cross-dataset matrix, for random and subject splits.")
final class ReproduceCommand extends CrossCommand {
    @Option(names = "--data", required = true, paramLabel = "ROOT", description = "Folder holding CK+48/ and JAFFE/.")
    Path root;

    @Option(
            names = "--face",
            defaultValue = "none",
            paramLabel = "MODE",
            description =
                    "Face location for every image: none (the seed's whole-image resize), detect, detect-fast or align. Default: ${DEFAULT-VALUE}.")
    String face;

    @Override
    String defaultSplit() {
        return "both";
    }

    @Override
    public Integer call() {
        Path ck = root.resolve("CK+48");
        Path jaffe = root.resolve("JAFFE");
        for (Path p : List.of(ck, jaffe)) {
            if (!Files.isDirectory(p)) {
                throw new DatasetException("reproduce needs " + p + " (a data root holding CK+48/ and JAFFE/)");
            }
        }
        FaceLocation mode = FaceLocation.parse(face);
        ImagePreprocessor preprocessor = ImagePreprocessor.withDefaultLimits(mode);
        System.err.printf("face location: %s%n", mode.code());
        List<Dataset> datasets = List.of(
                ClassFolderLoader.ckPlus(ck, Map.of(), preprocessor, ClassSet.SIX),
                JaffeLoader.load(jaffe, Map.of(), preprocessor, ClassSet.SIX));
        datasets.forEach(d -> System.err.printf(
                "loaded %s: %d images, %d skipped, classes %s%n",
                d.name(), d.size(), d.skipped().size(), d.classCounts()));
        return run("reproduce", datasets);
    }
}
