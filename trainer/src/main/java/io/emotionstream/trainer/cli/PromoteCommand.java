package io.emotionstream.trainer.cli;

import io.emotionstream.schemas.model.ModelAlias;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Point an alias (champion or challenger) at a released version, signed. Rolling back is "
                + "promoting the previous version; --clear removes a challenger.")
final class PromoteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Model name.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "Released version (omit with --clear).")
    Integer version;

    @Option(names = "--alias", required = true, description = "champion or challenger.")
    ModelAlias alias;

    @Option(names = "--clear", description = "Remove the alias instead (e.g. stop shadow scoring).")
    boolean clear;

    @Option(names = "--reason", description = "Why, recorded with the change.")
    String reason;

    @Mixin
    CommonOptions.Release release;

    @Override
    public Integer call() {
        if (clear == (version != null)) {
            throw new IllegalArgumentException("give either VERSION or --clear");
        }
        release.publisher().promote(name, alias, Optional.ofNullable(version), reason);
        System.out.printf("%s@%s -> %s%n", name, alias.name().toLowerCase(Locale.ROOT), version == null ? "none" : version);
        return 0;
    }
}
