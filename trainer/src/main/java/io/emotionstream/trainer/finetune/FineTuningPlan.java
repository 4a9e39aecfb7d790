package io.emotionstream.trainer.finetune;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.List;

/**
 * What to fine-tune and how: the parent bundle, its trainable graph, the first layer trained and the options. The one
 * sequence {@code train --init}, the protocols' folds and the retraining service all run ({@link #run}).
 *
 * @param trainFrom the first layer trained (everything it depends on keeps the parent's weights)
 */
public record FineTuningPlan(ModelBundle parent, ParentGraph graph, String trainFrom, GraphFineTuner.Options options) {

    /** Fine-tunes a copy of the parent's weights on {@code train}, early-stopped on {@code validation}, ready to serve. */
    public FineTuning run(TrainingConfig config, TrainingListener listener, List<Sample> train, List<Sample> validation) {
        GraphFineTuner.Result result = new GraphFineTuner(config, options, listener)
                .fineTune(GraphFineTuner.Start.of(parent, graph, trainFrom), train, validation);
        return FineTuning.of(parent, result, parent.preprocessing(), graph.channelsLast());
    }

    /** One line for logs. */
    public String describe() {
        return "fine-tuned " + parent.reference() + " from " + trainFrom + ", " + options.describe();
    }
}
