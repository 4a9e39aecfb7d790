package io.emotionstream.streamapp.privacy;

import io.emotionstream.schemas.GroupPseudonyms;
import io.emotionstream.streamapp.config.ConfigException;
import io.emotionstream.streamapp.config.StreamAppConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./emotion-stream pseudonyms ATTRIBUTE=VALUE...}: the pseudonym the app gives each value, under the key and
 * attributes the app is configured with, so the holder of the key can read a report's pseudonymised groups. Only the
 * pseudonyms are computed here; nothing is read from Kafka and the key is never printed.
 */
@Command(
        name = "pseudonyms",
        mixinStandardHelpOptions = true,
        description = "Print the pseudonym of each ATTRIBUTE=VALUE under groups.pseudonym.key.file, as the app "
                + "gives it to the attributes in groups.pseudonymise (settings as for serve).")
public final class PseudonymsCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file (below EMOTION_STREAM_* variables)")
    Path config;

    @Parameters(paramLabel = "ATTRIBUTE=VALUE", arity = "1..*", description = "group values to map")
    List<String> values;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    PseudonymsCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new PseudonymsCommand(environment, out, err));
        cli.setParameterExceptionHandler((e, ignored) -> {
            err.println("emotion-stream pseudonyms: error: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        GroupPseudonyms pseudonyms;
        try {
            pseudonyms = StreamAppConfig.load(Optional.ofNullable(config), environment)
                    .eventLimits()
                    .pseudonyms();
        } catch (ConfigException e) {
            err.println("emotion-stream pseudonyms: error: " + e.getMessage());
            return 2;
        }
        if (pseudonyms.attributes().isEmpty()) {
            err.println("emotion-stream pseudonyms: error: groups.pseudonymise is not set: the app pseudonymises "
                    + "no group value");
            return 2;
        }
        for (String pair : values) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                err.println("emotion-stream pseudonyms: error: '" + pair + "' is not ATTRIBUTE=VALUE");
                return 2;
            }
            String attribute = pair.substring(0, equals);
            String value = pair.substring(equals + 1);
            if (pseudonyms.attributes().contains(attribute)) {
                out.println(attribute + "=" + value + "\t" + pseudonyms.pseudonym(attribute, value));
            } else {
                out.println(
                        attribute + "=" + value + "\t" + value + "\t(not pseudonymised: not in groups.pseudonymise)");
            }
        }
        return 0;
    }
}
