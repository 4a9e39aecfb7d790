package io.emotionstream.trainer.cli;

import io.emotionstream.trainer.train.EpochLog;
import io.emotionstream.trainer.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/** One line per epoch on stderr, so stdout stays clean for tables and JSON. */
public final class ConsoleProgress implements TrainingListener {
    private final PrintStream out;
    private final String prefix;

    public ConsoleProgress(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    @Override
    public void onEpoch(EpochLog log) {
        out.printf(Locale.ROOT, "%s epoch %2d/%d  loss %.4f  val_accuracy %.4f  val_loss %.4f  classes %d  %.2fs%s%n",
                prefix, log.epoch(), log.maxEpochs(), log.trainLoss(), log.validationAccuracy(), log.validationLoss(),
                log.distinctPredictions(), log.seconds(), log.attempt() > 0 ? "  (restart " + log.attempt() + ")" : "");
    }

    @Override
    public void onRestart(int attempt, String reason) {
        out.printf(Locale.ROOT, "%s restart %d: %s; new initialisation%n", prefix, attempt, reason);
    }
}
