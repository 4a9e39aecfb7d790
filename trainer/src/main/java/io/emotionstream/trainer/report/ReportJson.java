package io.emotionstream.trainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.SkippedImage;
import io.emotionstream.trainer.eval.CalibrationFit;
import io.emotionstream.trainer.eval.ClassScore;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.experiment.Experiments;
import io.emotionstream.trainer.experiment.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns results into the JSON report structure (plain ordered maps) and writes it. */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    public static void write(Path file, Map<String, Object> report) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MAPPER.writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file, e);
        }
    }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", e.n());
        out.put("accuracy", round(e.accuracy()));
        out.put("loss", round(e.loss()));
        Map<String, Object> classes = new LinkedHashMap<>();
        for (ClassScore c : e.perClass()) {
            classes.put(
                    c.label().label(),
                    Map.of(
                            "precision",
                            round(c.precision()),
                            "recall",
                            round(c.recall()),
                            "f1",
                            round(c.f1()),
                            "support",
                            c.support()));
        }
        out.put("per_class", classes);
        out.put("confusion", e.confusion());
        Map<String, Object> groups = new LinkedHashMap<>();
        e.perGroup().forEach((attribute, values) -> {
            Map<String, Object> byValue = new LinkedHashMap<>();
            values.forEach((value, score) -> byValue.put(
                    value, Map.of("n", score.n(), "correct", score.correct(), "accuracy", round(score.accuracy()))));
            groups.put(attribute, byValue);
        });
        out.put("per_group", groups);
        return out;
    }

    public static Map<String, Object> model(TrainedModel m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hyperparameters", m.hyperparameters().summary());
        out.put("train", evaluation(m.train()));
        out.put("validation", evaluation(m.validation()));
        out.put("test", evaluation(m.test()));
        out.put(
                "split",
                Map.of(
                        "mode",
                        m.split().mode().code(),
                        "train",
                        m.split().train().size(),
                        "validation",
                        m.split().validation().size(),
                        "test",
                        m.split().test().size(),
                        "train_partition",
                        m.split().trainPartitionSize()));
        out.put("epochs_run", m.training().epochsRun());
        out.put("best_epoch", m.training().bestEpoch());
        out.put("restarts", m.training().restarts());
        out.put("collapsed", m.training().collapsed());
        out.put("epoch_seconds_median", round(m.training().epochSecondsMedian()));
        m.calibration()
                .ifPresent(c -> out.put(
                        "calibration",
                        Map.of(
                                "temperature",
                                round(c.temperature()),
                                "validation_loss",
                                List.of(round(c.validationLossBefore()), round(c.validationLossAfter())),
                                "validation_ece",
                                List.of(round(c.validationEceBefore()), round(c.validationEceAfter())),
                                "test_ece",
                                List.of(round(c.testEceBefore()), round(c.testEceAfter())),
                                "test_ece_by_group",
                                eceByGroup(c))));
        return out;
    }

    private static Map<String, Object> eceByGroup(CalibrationFit c) {
        Map<String, Object> out = new LinkedHashMap<>();
        c.testByGroup().forEach((attribute, values) -> {
            Map<String, Object> groups = new LinkedHashMap<>();
            values.forEach((value, g) ->
                    groups.put(value, Map.of("n", g.n(), "ece", List.of(round(g.eceBefore()), round(g.eceAfter())))));
            out.put(attribute, groups);
        });
        return out;
    }

    public static Map<String, Object> cross(Experiments.CrossResult result) {
        Map<String, Object> matrix = new LinkedHashMap<>();
        result.matrix().forEach((model, row) -> {
            Map<String, Object> cells = new LinkedHashMap<>();
            row.forEach((set, e) ->
                    cells.put(set, Map.of("accuracy", round(e.accuracy()), "loss", round(e.loss()), "n", e.n())));
            matrix.put(model, cells);
        });
        return matrix;
    }

    public static Map<String, Object> skipped(List<Dataset> datasets) {
        List<Map<String, String>> images = new ArrayList<>();
        for (Dataset d : datasets) {
            for (SkippedImage s : d.skipped()) {
                images.add(Map.of("dataset", d.name(), "image", s.id(), "reason", s.reason()));
            }
        }
        return Map.of("count", images.size(), "images", images);
    }

    public static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
