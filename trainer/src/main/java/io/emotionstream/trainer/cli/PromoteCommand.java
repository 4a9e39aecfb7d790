package io.emotionstream.trainer.cli;

import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.schemas.monitor.PromotionDecision;
import io.emotionstream.trainer.release.PromotionEvidence;
import io.emotionstream.trainer.release.ReleasePublisher;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "promote",
        mixinStandardHelpOptions = true,
        description = "Point an alias (champion or challenger) at a released version, signed. Rolling back is "
                + "promoting the previous version; --clear removes a challenger; --if-better promotes the challenger "
                + "to champion only when the monitor's comparison of the two on the same events says PROMOTE.")
final class PromoteCommand implements Callable<Integer> {
    /** Exit code of --if-better when the evidence does not (yet) support promoting. */
    static final int NOT_PROMOTED = 3;

    @Parameters(index = "0", paramLabel = "NAME", description = "Model name.")
    String name;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "VERSION",
            description = "Released version (omit with --clear; with --if-better, defaults to the current challenger).")
    Integer version;

    @Option(names = "--alias", description = "champion or challenger (--if-better: champion, the default then).")
    ModelAlias alias;

    @Option(names = "--clear", description = "Remove the alias instead (e.g. stop shadow scoring).")
    boolean clear;

    @Option(
            names = "--if-better",
            description = "Promote the challenger to champion only if the monitor's paired "
                    + "comparison (bias-metrics topic) says PROMOTE for every attribute; the evidence goes into the alias "
                    + "change's reason. Exit 3 and print the evidence otherwise.")
    boolean ifBetter;

    @Option(
            names = "--bias-metrics-topic",
            defaultValue = "emotion.bias-metrics",
            description = "Where the monitor writes its comparisons (default: ${DEFAULT-VALUE}).")
    String biasMetricsTopic;

    @Option(names = "--reason", description = "Why, recorded with the change.")
    String reason;

    @Mixin
    CommonOptions.Release release;

    @Override
    public Integer call() {
        if (ifBetter) {
            return promoteIfBetter(release.publisher());
        }
        if (alias == null) {
            throw new IllegalArgumentException("give --alias champion or --alias challenger");
        }
        if (clear == (version != null)) {
            throw new IllegalArgumentException("give either VERSION or --clear");
        }
        release.publisher().promote(name, alias, Optional.ofNullable(version), reason);
        System.out.printf(
                "%s@%s -> %s%n", name, alias.name().toLowerCase(Locale.ROOT), version == null ? "none" : version);
        return 0;
    }

    private int promoteIfBetter(ReleasePublisher publisher) {
        if (clear || alias == ModelAlias.CHALLENGER) {
            throw new IllegalArgumentException(
                    "--if-better promotes a challenger to champion: no --clear, no --alias challenger");
        }
        int champion = publisher
                .alias(name, ModelAlias.CHAMPION)
                .orElseThrow(() -> new IllegalArgumentException(name + " has no champion to compare with"));
        int challenger = Optional.ofNullable(version)
                .or(() -> publisher.alias(name, ModelAlias.CHALLENGER))
                .orElseThrow(() -> new IllegalArgumentException(name + " has no challenger: give VERSION"));
        PromotionEvidence evidence = PromotionEvidence.read(
                publisher.clientProperties(), biasMetricsTopic, name, champion, challenger, Duration.ofSeconds(30));
        System.out.printf(
                "%s: champion %d vs challenger %d: %s%n  %s%n",
                name, champion, challenger, evidence.decision(), evidence.summary());
        if (evidence.decision() != PromotionDecision.PROMOTE) {
            System.out.println("not promoted");
            return NOT_PROMOTED;
        }
        String why = (reason == null ? "" : reason + "; ") + "promote --if-better, champion " + champion + " -> "
                + challenger + ": " + evidence.summary();
        publisher.promote(name, ModelAlias.CHAMPION, Optional.of(challenger), why);
        System.out.printf("%s@champion -> %d%n", name, challenger);
        return 0;
    }
}
