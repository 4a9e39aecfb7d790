package io.emotionstream.trainer.experiment;

import io.emotionstream.datasets.DataSources;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.trainer.report.ManifestFactory;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.train.Recipe;
import io.emotionstream.trainer.train.Trainer;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.List;
import java.util.Map;

/**
 * {@code trainer train}'s defaults as one Java call: a dataset spec trained with the seed's hyperparameters for it,
 * the seed's random split, evaluated, and published to a registry as the next version of {@code name}. For code
 * that needs a model and not a command line (the demo); the {@code train} command offers every knob.
 */
public final class RegisteredModel {
    private RegisteredModel() {}

    /**
     * @param dataSpec a folder, a .csv index or {@code synthetic:a|b[:SUBJECTS[:POSES]]}, as {@code --data}
     * @return the published bundle
     */
    public static ModelBundle train(
            String dataSpec, String name, ModelRegistry registry, TrainingConfig config, TrainingListener progress) {
        return train(dataSpec, name, registry, config, FaceLocation.NONE, SplitMode.RANDOM, Recipe.SEED, progress);
    }

    /**
     * The recipe that transfers best to people and datasets it never saw (docs/benchmarks.md, "People the model never saw: the seed CNN"): faces
     * located first, {@link Recipe#TRANSFERABLE} (the seed's training), and tested on held-out subjects.
     */
    public static ModelBundle trainTransferable(
            String dataSpec, String name, ModelRegistry registry, TrainingConfig config, TrainingListener progress) {
        return train(
                dataSpec,
                name,
                registry,
                config,
                FaceLocation.DETECT,
                SplitMode.SUBJECT,
                Recipe.TRANSFERABLE,
                progress);
    }

    private static ModelBundle train(
            String dataSpec,
            String name,
            ModelRegistry registry,
            TrainingConfig config,
            FaceLocation face,
            SplitMode mode,
            Recipe recipe,
            TrainingListener progress) {
        Dataset dataset = DataSources.load(dataSpec, "auto", Map.of(), config.seed(), face);
        Split split = Experiments.split(dataset, mode, Experiments.defaultTestFraction(dataset), 0.1, config.seed());
        TrainedModel model = Experiments.fit(
                dataset.name(),
                Experiments.defaultHyperparameters(dataset),
                List.of(dataset),
                split,
                new Trainer(config, recipe, progress));
        return registry.publish(model.training().network(), ManifestFactory.draft(name, model));
    }
}
