package io.emotionstream.trainer.cli;

import io.emotionstream.trainer.train.EpochLog;
import io.emotionstream.trainer.train.TrainingListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * One line per epoch on stderr, so stdout stays clean for tables and JSON. Each line ends with how long the epochs
 * left would take at the attempt's mean epoch so far: an upper bound, since early stopping usually ends sooner.
 */
public final class ConsoleProgress implements TrainingListener {
    private final PrintStream out;
    private final String prefix;
    private int attempt = -1;
    private int epochsTimed;
    private double secondsTimed;

    public ConsoleProgress(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    @Override
    public void onEpoch(EpochLog log) {
        if (log.attempt() != attempt) {
            attempt = log.attempt();
            epochsTimed = 0;
            secondsTimed = 0;
        }
        epochsTimed++;
        secondsTimed += log.seconds();
        double left = secondsTimed / epochsTimed * (log.maxEpochs() - log.epoch());
        out.printf(
                Locale.ROOT,
                "%s epoch %2d/%d  loss %.4f  val_accuracy %.4f  val_loss %.4f  classes %d  %.2fs  "
                        + "at most %s left%s%n",
                prefix,
                log.epoch(),
                log.maxEpochs(),
                log.trainLoss(),
                log.validationAccuracy(),
                log.validationLoss(),
                log.distinctPredictions(),
                log.seconds(),
                duration(left),
                log.attempt() > 0 ? "  (restart " + log.attempt() + ")" : "");
    }

    @Override
    public void onRestart(int attempt, String reason) {
        out.printf(Locale.ROOT, "%s restart %d: %s; new initialisation%n", prefix, attempt, reason);
    }

    @Override
    public void onResume(int attempt, int epoch) {
        out.printf(
                Locale.ROOT, "%s resuming from the checkpoint: epoch %d of attempt %d done%n", prefix, epoch, attempt);
    }

    /** 0:07, 3:12, 1:04:09. */
    static String duration(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return d.toHours() > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format(Locale.ROOT, "%d:%02d", d.toMinutesPart(), d.toSecondsPart());
    }
}
