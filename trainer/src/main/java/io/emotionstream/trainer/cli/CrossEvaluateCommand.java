package io.emotionstream.trainer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "cross-evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Train one model per dataset and one on their union; score each on every dataset (the bias matrix).")
final class CrossEvaluateCommand extends CrossCommand {
    @Mixin
    CommonOptions.Data data;

    @Override
    public Integer call() {
        return run("cross-evaluate", data.load(training.seed));
    }

    @Override
    String defaultSplit() {
        return "random";
    }
}
