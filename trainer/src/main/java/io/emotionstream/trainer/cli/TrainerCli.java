package io.emotionstream.trainer.cli;

import io.emotionstream.datasets.DatasetException;
import io.emotionstream.model.bundle.BundleException;
import io.emotionstream.trainer.imported.ImportRefusedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./emotion-stream trainer ...}: the offline commands (train, search, evaluate, cross-evaluate, reproduce,
 * protocols, import, keygen, publish, promote, recommended). The retraining service and the tools have entry points of their own (retrainer, tools)
 * that share this one's handling of bad input ({@link #handlingBadInput}).
 */
@Command(
        name = "emotion-stream trainer",
        mixinStandardHelpOptions = true,
        version = "emotion-stream trainer 0.1.0",
        description = {
            "Trains, searches and evaluates the seed CNN and publishes versioned model bundles.",
            "The launcher also runs 'retrainer' (the retraining service) and 'trainer bench' (a benchmark)."
        },
        subcommands = {
            TrainCommand.class,
            SearchCommand.class,
            EvaluateCommand.class,
            CrossEvaluateCommand.class,
            ReproduceCommand.class,
            ProtocolsCommand.class,
            ProtocolsCompareCommand.class,
            ImportCommand.class,
            KeygenCommand.class,
            PublishCommand.class,
            PromoteCommand.class,
            RecommendedCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TrainerCli implements Runnable {
    /** Exit code for bad input: missing data, unknown labels, bad options, unusable model bundles. */
    public static final int BAD_INPUT = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one trainer command in this JVM and returns its exit code (the demo and tests use it). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return handlingBadInput(new CommandLine(new TrainerCli()), "emotion-stream trainer");
    }

    /**
     * Expected bad input (missing data, unknown labels, bad options, unusable bundles, refused imports) ends in one line on stderr
     * and exit {@link #BAD_INPUT}; anything else is a bug and keeps its stack trace.
     */
    public static CommandLine handlingBadInput(CommandLine cli, String name) {
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DatasetException
                    || e instanceof BundleException
                    || e instanceof IllegalArgumentException
                    || e instanceof UncheckedIOException
                    || e instanceof ImportRefusedException) {
                PrintWriter err = commandLine.getErr();
                err.println(name + ": error: " + e.getMessage());
                err.flush();
                return BAD_INPUT;
            }
            throw e;
        });
        return cli;
    }
}
