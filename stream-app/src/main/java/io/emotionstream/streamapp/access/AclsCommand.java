package io.emotionstream.streamapp.access;

import io.emotionstream.platform.kafka.ClientBackoff;
import io.emotionstream.streamapp.config.ConfigException;
import io.emotionstream.streamapp.config.StreamAppConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./emotion-stream acls --principal User:NAME --role ROLE [--apply]}: prints the ACLs the role needs on this
 * deployment's topics (settings as for serve), one per line, and with {@code --apply} creates them on the cluster
 * (as the principal of {@code kafka.*} settings, which must be allowed to alter ACLs).
 */
@Command(
        name = "acls",
        mixinStandardHelpOptions = true,
        description = "Print (or --apply) the least-privilege ACLs of a principal: roles producer, app, publisher, "
                + "retrainer, dashboard, eraser.")
public final class AclsCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file (below EMOTION_STREAM_* variables)")
    Path config;

    @Option(names = "--principal", required = true, paramLabel = "User:NAME", description = "the principal")
    String principal;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "what it does (see above)")
    String role;

    @Option(
            names = "--group-prefix",
            paramLabel = "PREFIX",
            description = "consumer groups a reader outside the app may use (default: the principal's name)")
    String groupPrefix;

    @Option(names = "--apply", description = "create the ACLs on the cluster instead of only printing them")
    boolean apply;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    AclsCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs {@code acls} with these settings and streams; returns the exit status (tests, the launcher's main). */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new AclsCommand(environment, out, err));
        cli.setParameterExceptionHandler((e, ignored) -> {
            err.println("emotion-stream acls: error: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (!principal.matches("User:[^\\s:]+")) {
            err.println("emotion-stream acls: error: --principal must be User:NAME, not '" + principal + "'");
            return 2;
        }
        AccessRole accessRole;
        StreamAppConfig settings;
        try {
            accessRole = AccessRole.parse(role);
            settings = StreamAppConfig.load(Optional.ofNullable(config), environment);
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("emotion-stream acls: error: " + e.getMessage());
            return 2;
        }
        String prefix = groupPrefix != null ? groupPrefix : principal.substring("User:".length());
        List<AclBinding> bindings =
                new AclPlan(settings.topics(), settings.applicationId()).bindings(principal, accessRole, prefix);
        bindings.forEach(binding -> out.println(line(binding)));
        if (!apply) {
            return 0;
        }
        Map<String, Object> clientSettings = new HashMap<>(ClientBackoff.settings());
        clientSettings.putAll(settings.kafkaClientOverrides());
        clientSettings.put(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers().orElse("127.0.0.1:" + settings.embeddedPort()));
        try (Admin admin = Admin.create(clientSettings)) {
            admin.createAcls(bindings).all().get();
            err.println("emotion-stream acls: created " + bindings.size() + " ACLs for " + principal);
            return 0;
        } catch (ExecutionException e) {
            err.println("emotion-stream acls: error: the cluster refused: " + e.getCause());
            return 1;
        }
    }

    /** One binding as a line: {@code ALLOW User:cam WRITE topic emotion.images (literal)}. */
    static String line(AclBinding binding) {
        return binding.entry().permissionType() + " " + binding.entry().principal() + " "
                + binding.entry().operation() + " "
                + binding.pattern().resourceType().name().toLowerCase(Locale.ROOT) + " "
                + binding.pattern().name()
                + " (" + binding.pattern().patternType().name().toLowerCase(Locale.ROOT) + ")";
    }
}
