package io.emotionstream.tools;

import io.emotionstream.tools.bench.BenchCommand;
import io.emotionstream.tools.benchstream.SecureThroughputBenchmark;
import io.emotionstream.tools.benchstream.StreamBenchmark;
import io.emotionstream.tools.calibrate.CalibrateCommand;
import io.emotionstream.tools.produce.ProduceCommand;
import io.emotionstream.trainer.cli.TrainerCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The tools around the system, one entry point: {@code ./emotion-stream produce}, {@code ./emotion-stream trainer
 * bench} and {@code ./emotion-stream bench-stream} run these subcommands. None of them is part of what a deployment
 * runs.
 */
@Command(
        name = "emotion-stream tools",
        mixinStandardHelpOptions = true,
        description = "The load generator and the benchmarks.",
        subcommands = {
            ProduceCommand.class,
            BenchCommand.class,
            StreamBenchmark.class,
            SecureThroughputBenchmark.class,
            CalibrateCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Tools {
    private Tools() {}

    /** Exit code: the tool's, or 2 for a missing or unknown tool and bad arguments. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Runs one tool in this JVM and returns its exit code (the demo and tests use it). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return TrainerCli.handlingBadInput(new CommandLine(Tools.class), "emotion-stream");
    }
}
