package io.emotionstream.trainer.experiment;

import io.emotionstream.datasets.DataSources;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.trainer.report.ManifestFactory;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
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
    private RegisteredModel() {
    }

    /**
     * @param dataSpec a folder, a .csv index or {@code synthetic:a|b[:SUBJECTS[:POSES]]}, as {@code --data}
     * @return the published bundle
     */
    public static ModelBundle train(String dataSpec, String name, ModelRegistry registry, TrainingConfig config,
                                    TrainingListener progress) {
        Dataset dataset = DataSources.load(dataSpec, "auto", Map.of(), config.seed(), FaceLocation.NONE);
        Split split = Experiments.split(dataset, SplitMode.RANDOM, Experiments.defaultTestFraction(dataset), 0.1,
                config.seed());
        TrainedModel model = Experiments.fit(dataset.name(), Experiments.defaultHyperparameters(dataset), List.of(dataset),
                split, new Trainer(config, progress));
        return registry.publish(model.training().network(), ManifestFactory.draft(name, model));
    }
}
