package io.emotionstream.streamapp.privacy;

import io.emotionstream.streamapp.config.ConfigException;
import io.emotionstream.streamapp.config.StreamAppConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./emotion-stream erase --subject ID}: removes one person from what the app holds ({@link Erasure}) and prints
 * the receipt. Exit 0 when complete; 4 when no record names the person; 5 when a reader was behind (nothing removed)
 * or records of the person arrived meanwhile: run it again; 2 for a bad argument or setting; 1 when the cluster
 * failed.
 */
@Command(
        name = "erase",
        mixinStandardHelpOptions = true,
        description = "Remove one person (their subject id) from the app's topics and state, and print a receipt "
                + "(settings as for serve).")
public final class EraseCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file (below EMOTION_STREAM_* variables)")
    Path config;

    @Option(names = "--subject", required = true, paramLabel = "ID", description = "the subject id to erase")
    String subject;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "120",
            description = "how long readers may take to read past the person's records (default: ${DEFAULT-VALUE})")
    long waitSeconds;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    EraseCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new EraseCommand(environment, out, err));
        cli.setParameterExceptionHandler((e, ignored) -> {
            err.println("emotion-stream erase: error: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (subject.isBlank() || waitSeconds < 0) {
            err.println("emotion-stream erase: error: --subject must not be blank and --wait not negative");
            return 2;
        }
        StreamAppConfig settings;
        try {
            settings = StreamAppConfig.load(Optional.ofNullable(config), environment);
        } catch (ConfigException e) {
            err.println("emotion-stream erase: error: " + e.getMessage());
            return 2;
        }
        try {
            ErasureReceipt receipt =
                    new Erasure(settings, Clock.systemUTC()).erase(subject, Duration.ofSeconds(waitSeconds));
            out.print(receipt.text());
            if (receipt.outcome() == ErasureReceipt.Outcome.UNKNOWN_SUBJECT) {
                err.println("emotion-stream erase: no record names subject '" + subject + "': nothing erased");
            }
            return receipt.outcome().exitStatus;
        } catch (ExecutionException | RuntimeException e) {
            err.println("emotion-stream erase: failed, nothing is half-removed that a rerun does not finish: " + e);
            return 1;
        }
    }
}
