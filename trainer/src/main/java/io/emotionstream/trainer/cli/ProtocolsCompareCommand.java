package io.emotionstream.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotionstream.trainer.protocol.ProtocolComparison;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainer protocols-compare A.json B.json}: did B's recipe help, on the same held-out people? */
@Command(
        name = "protocols-compare",
        mixinStandardHelpOptions = true,
        description = "Compare two protocols reports (same seed and folds, e.g. without and with an ingredient): per "
                + "protocol, the second's accuracy minus the first's with a 95%% interval paired by person; ** marks a "
                + "difference whose interval excludes zero.")
final class ProtocolsCompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FIRST", description = "The baseline's JSON report (protocols --report).")
    Path first;

    @Parameters(index = "1", paramLabel = "SECOND", description = "The candidate's JSON report.")
    Path second;

    @Option(names = "--markdown", description = "Also write the table here.")
    Path markdown;

    @Override
    public Integer call() {
        String table = ProtocolComparison.markdown(
                ProtocolComparison.compare(read(first), read(second)), name(first), name(second));
        System.out.println(table);
        if (markdown != null) {
            Printing.writeText(markdown, table, "table");
        }
        return 0;
    }

    private static String name(Path report) {
        return report.getFileName().toString().replaceFirst("\\.json$", "");
    }

    private static JsonNode read(Path report) {
        try {
            return new ObjectMapper().readTree(report.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read report " + report + ": " + e.getMessage(), e);
        }
    }
}
