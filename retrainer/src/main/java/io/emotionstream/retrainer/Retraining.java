package io.emotionstream.retrainer;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.experiment.Experiments;
import io.emotionstream.trainer.experiment.TrainedModel;
import io.emotionstream.trainer.finetune.FineTuning;
import io.emotionstream.trainer.finetune.FineTuningPlan;
import io.emotionstream.trainer.imported.ImportedModel;
import io.emotionstream.trainer.report.ManifestFactory;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.train.Trainer;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.List;

/**
 * How the retrainer turns its labelled events into the next version: the seed CNN trained from scratch, or a
 * bundle (the recommended model's pretrained parent, say) fine-tuned on them. Either one fixes how events are
 * preprocessed, since the service keeps tensors, not images.
 */
public sealed interface Retraining permits Retraining.SeedCnn, Retraining.FineTune {
    /** What every collected event is turned into. */
    Preprocessing preprocessing();

    /** Seed of the split and of training. */
    long seed();

    /** Whether the model trained has class {@code label}: events labelled otherwise cannot be trained on. */
    boolean hasClass(Emotion label);

    /** Trains on {@code split} of {@code dataset} and writes the next version of {@code name} to {@code registry}. */
    Retrained retrain(String name, Dataset dataset, Split split, ModelRegistry registry, TrainingListener progress);

    /** The bundle written, and its accuracy on the split's test events. */
    record Retrained(ModelBundle bundle, double testAccuracy) {}

    /** The seed CNN with {@code hyperparameters}, from scratch, on events preprocessed as the seed's (48x48). */
    record SeedCnn(CnnHyperparameters hyperparameters, TrainingConfig training, FaceLocation faceLocation)
            implements Retraining {
        @Override
        public Preprocessing preprocessing() {
            return Preprocessing.seed(faceLocation);
        }

        @Override
        public long seed() {
            return training.seed();
        }

        /** The seed CNN has the six emotions, never neutral. */
        @Override
        public boolean hasClass(Emotion label) {
            return Emotion.SIX.contains(label);
        }

        @Override
        public Retrained retrain(
                String name, Dataset dataset, Split split, ModelRegistry registry, TrainingListener progress) {
            TrainedModel model =
                    Experiments.fit(name, hyperparameters, List.of(dataset), split, new Trainer(training, progress));
            ModelBundle bundle = registry.publish(model.training().network(), ManifestFactory.draft(name, model));
            return new Retrained(bundle, model.test().accuracy());
        }
    }

    /**
     * The plan's parent fine-tuned on events preprocessed as the parent's input; each version
     * starts again from the parent's weights, so versions do not drift from one another's mistakes.
     */
    record FineTune(FineTuningPlan plan, TrainingConfig training) implements Retraining {
        @Override
        public Preprocessing preprocessing() {
            return plan.parent().preprocessing();
        }

        @Override
        public long seed() {
            return training.seed();
        }

        /** The fine-tuned model's labels: neutral when it has seven classes. */
        @Override
        public boolean hasClass(Emotion label) {
            return plan.labels().contains(label.label());
        }

        @Override
        public Retrained retrain(
                String name, Dataset dataset, Split split, ModelRegistry registry, TrainingListener progress) {
            FineTuning tuned = plan.run(training, progress, split.train(), split.validation());
            ImportedModel.HeldOutScores scores = tuned.scores(List.of(dataset), split);
            ModelBundle bundle = tuned.publish(registry, name, split, scores);
            return new Retrained(bundle, scores.test().accuracy());
        }
    }
}
