package io.emotionstream.trainer.cli;

import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.schemas.model.ModelAlias;
import io.emotionstream.trainer.release.ReleasePublisher;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = "Release a bundle from the local registry to the models topic, signed. A version is released "
                + "once: the same bytes again are a no-op, other bytes are refused.")
final class PublishCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME[:VERSION]", description = "Model in the registry (default version: the latest).")
    String reference;

    @Option(
            names = "--registry",
            defaultValue = "models",
            description = "Model registry directory (default: ${DEFAULT-VALUE}).")
    Path registry;

    @Option(names = "--alias", description = "Then point this alias at it: challenger (shadow scoring) or champion.")
    ModelAlias alias;

    @Mixin
    CommonOptions.Release release;

    @Override
    public Integer call() {
        ModelBundle bundle = new ModelRegistry(registry).resolve(reference);
        ReleasePublisher publisher = release.publisher();
        publish(publisher, bundle, alias, release.modelsTopic);
        return 0;
    }

    static void publish(ReleasePublisher publisher, ModelBundle bundle, ModelAlias alias, String topic) {
        ReleasePublisher.Result result = publisher.publish(bundle);
        System.out.printf(
                "%s %s to %s%n",
                result == ReleasePublisher.Result.SENT ? "released" : "already released", bundle.reference(), topic);
        if (alias != null) {
            publisher.promote(bundle.name(), alias, Optional.of(bundle.version()), "published as " + alias);
            System.out.printf("%s@%s -> %d%n", bundle.name(), alias.name().toLowerCase(Locale.ROOT), bundle.version());
        }
    }
}
