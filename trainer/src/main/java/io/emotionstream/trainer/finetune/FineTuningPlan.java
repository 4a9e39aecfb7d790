package io.emotionstream.trainer.finetune;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.List;
import java.util.Optional;

/**
 * What to fine-tune and how: the parent bundle, its trainable graph, the first layer trained and the options. The one
 * sequence {@code train --init}, the protocols' folds and the retraining service all run ({@link #run}).
 *
 * @param trainFrom the first layer trained (everything it depends on keeps the parent's weights)
 * @param labels    the fine-tuned model's classes in output order; a new classifier when they are not the parent's
 */
public record FineTuningPlan(
        ModelBundle parent, ParentGraph graph, String trainFrom, List<String> labels, GraphFineTuner.Options options) {
    public FineTuningPlan {
        labels = List.copyOf(labels);
    }

    /** Learning the parent's own classes. */
    public FineTuningPlan(ModelBundle parent, ParentGraph graph, String trainFrom, GraphFineTuner.Options options) {
        this(parent, graph, trainFrom, parent.manifest().getLabels(), options);
    }

    /** Fine-tunes a copy of the parent's weights on {@code train}, early-stopped on {@code validation}, ready to serve. */
    public FineTuning run(
            TrainingConfig config, TrainingListener listener, List<Sample> train, List<Sample> validation) {
        return run(config, listener, train, validation, Optional.empty());
    }

    /** The same, keeping its state in {@code checkpoint} after every epoch and going on from it if it holds this run's. */
    public FineTuning run(
            TrainingConfig config,
            TrainingListener listener,
            List<Sample> train,
            List<Sample> validation,
            Optional<FineTuningCheckpoint> checkpoint) {
        GraphFineTuner tuner = new GraphFineTuner(config, options, listener);
        GraphFineTuner.Result result = checkpoint
                .map(tuner::withCheckpoint)
                .orElse(tuner)
                .fineTune(GraphFineTuner.Start.of(parent, graph, trainFrom, labels), train, validation);
        return FineTuning.of(parent, result, parent.preprocessing(), graph.channelsLast(), graph.freshWeights());
    }

    /** One line for logs. */
    public String describe() {
        return (graph.freshWeights()
                        ? "trained from scratch in the architecture of " + parent.reference()
                        : "fine-tuned " + parent.reference() + " from " + trainFrom)
                + ", " + options.describe()
                + (labels.equals(parent.manifest().getLabels()) ? "" : ", a new classifier for " + labels);
    }
}
