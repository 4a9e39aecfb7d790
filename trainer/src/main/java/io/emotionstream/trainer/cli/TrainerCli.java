package io.emotionstream.trainer.cli;

import io.emotionstream.model.bundle.BundleException;
import io.emotionstream.trainer.data.DatasetException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./emotion-stream trainer ...}: train, search, evaluate, cross-evaluate, reproduce. */
@Command(name = "emotion-stream trainer", mixinStandardHelpOptions = true, version = "emotion-stream trainer 0.1.0",
        description = "Trains, searches and evaluates the seed CNN and publishes versioned model bundles.",
        subcommands = {TrainCommand.class, SearchCommand.class, EvaluateCommand.class, CrossEvaluateCommand.class,
                ReproduceCommand.class, BenchCommand.class, ProduceCommand.class, KeygenCommand.class, PublishCommand.class,
                PromoteCommand.class, ServiceCommand.class, CommandLine.HelpCommand.class})
public final class TrainerCli implements Runnable {
    /** Exit code for bad input: missing data, unknown labels, bad options, unusable model bundles. */
    static final int BAD_INPUT = 2;

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
        CommandLine cli = new CommandLine(new TrainerCli()).setCaseInsensitiveEnumValuesAllowed(true);
        // Expected bad input ends in one line and exit 2; anything else is a bug and keeps its stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DatasetException || e instanceof BundleException || e instanceof IllegalArgumentException
                    || e instanceof java.io.UncheckedIOException) {
                PrintWriter err = commandLine.getErr();
                err.println("emotion-stream trainer: error: " + e.getMessage());
                err.flush();
                return BAD_INPUT;
            }
            throw e;
        });
        return cli;
    }
}
