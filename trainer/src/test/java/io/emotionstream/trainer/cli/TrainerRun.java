package io.emotionstream.trainer.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** The trainer's command line as a user runs it, what it wrote to stderr kept for the assertions. */
final class TrainerRun {
    private final StringWriter err = new StringWriter();

    /** The exit code of {@code emotion-stream trainer ARGS}. */
    int run(String... args) {
        CommandLine cli = TrainerCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Everything the runs so far wrote to stderr. */
    String err() {
        return err.toString();
    }
}
