package io.emotionstream.trainer.experiment;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.trainer.eval.CalibrationFit;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.train.TrainingResult;
import java.util.List;
import java.util.Optional;

/**
 * A network trained on one split, with its scores on its own train, validation and test images, and its calibration
 * (empty without validation images).
 */
public record TrainedModel(
        String name,
        CnnHyperparameters hyperparameters,
        List<Dataset> datasets,
        Split split,
        TrainingResult training,
        Evaluation train,
        Evaluation validation,
        Evaluation test,
        Optional<CalibrationFit> calibration) {}
