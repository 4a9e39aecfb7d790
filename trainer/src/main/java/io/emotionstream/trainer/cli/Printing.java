package io.emotionstream.trainer.cli;

import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.eval.ClassScore;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.experiment.TrainedModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Human-readable summaries on stdout. */
final class Printing {
    private Printing() {}

    static void printModel(PrintStream out, TrainedModel m) {
        out.printf(
                Locale.ROOT,
                "%n%s (%s split): test loss %.4f, test accuracy %.4f (n=%d); train accuracy %.4f; "
                        + "best epoch %d of %d, %d restart(s)%s, %.2f s/epoch%n",
                m.name(),
                m.split().mode().code(),
                m.test().loss(),
                m.test().accuracy(),
                m.test().n(),
                m.train().accuracy(),
                m.training().bestEpoch(),
                m.training().epochsRun(),
                m.training().restarts(),
                m.training().collapsed() ? " (STILL STUCK ON ONE CLASS)" : "",
                m.training().epochSecondsMedian());
        m.calibration()
                .ifPresent(c -> out.printf(
                        Locale.ROOT,
                        "calibration: temperature %.3f; validation loss %.4f -> %.4f;"
                                + " expected calibration error validation %.4f -> %.4f, test %.4f -> %.4f%n",
                        c.temperature(),
                        c.validationLossBefore(),
                        c.validationLossAfter(),
                        c.validationEceBefore(),
                        c.validationEceAfter(),
                        c.testEceBefore(),
                        c.testEceAfter()));
        m.calibration()
                .ifPresent(c -> c.testByGroup()
                        .forEach((attribute, groups) -> groups.forEach((value, g) -> out.printf(
                                Locale.ROOT,
                                "  test expected calibration error, %s=%s (n=%d): %.4f -> %.4f%n",
                                attribute,
                                value,
                                g.n(),
                                g.eceBefore(),
                                g.eceAfter()))));
        printEvaluation(out, m.test());
    }

    static void printEvaluation(PrintStream out, Evaluation e) {
        out.println("class        precision  recall  f1     support");
        for (ClassScore c : e.perClass()) {
            out.printf(
                    Locale.ROOT,
                    "%-12s %9.3f  %6.3f  %5.3f  %7d%n",
                    c.label().label(),
                    c.precision(),
                    c.recall(),
                    c.f1(),
                    c.support());
        }
        out.print("confusion (rows actual, columns predicted):\n            ");
        for (Emotion p : e.classes()) {
            out.printf("%6.6s ", p.label());
        }
        out.println();
        for (Emotion a : e.classes()) {
            out.printf("%-11s ", a.label());
            for (Emotion p : e.classes()) {
                out.printf("%6d ", e.confusion()[a.ordinal()][p.ordinal()]);
            }
            out.println();
        }
        e.perGroup()
                .forEach((attribute, values) -> values.forEach((value, score) -> out.printf(
                        Locale.ROOT,
                        "group %s=%s: accuracy %.4f (%d/%d)%n",
                        attribute,
                        value,
                        score.accuracy(),
                        score.correct(),
                        score.n())));
    }

    /** Writes a report's text (a Markdown table) and says where, on stdout. */
    static void writeText(Path file, String text, String what) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println(what + " written to " + file);
    }
}
