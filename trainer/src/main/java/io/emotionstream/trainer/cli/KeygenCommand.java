package io.emotionstream.trainer.cli;

import io.emotionstream.model.release.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = "Make an Ed25519 key pair for signing model releases: NAME.key (private, keep it with the "
                + "trainer) and NAME.pub (give it to every stream app: model.trusted.keys).")
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "keys", description = "Directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--name",
            defaultValue = "release-signing",
            description = "File name stem (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
            names = "--if-missing",
            description = "Succeed without writing when both files already exist (for deployments).")
    boolean ifMissing;

    @Override
    public Integer call() {
        if (ifMissing && Files.exists(out.resolve(name + ".key")) && Files.exists(out.resolve(name + ".pub"))) {
            System.out.printf("keeping %s and %s%n", out.resolve(name + ".key"), out.resolve(name + ".pub"));
            return 0;
        }
        KeyPair pair = SigningKeys.generate();
        try {
            Files.createDirectories(out);
            SigningKeys.write(pair, out.resolve(name + ".key"), out.resolve(name + ".pub"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf(
                "wrote %s and %s (key id %s)%n",
                out.resolve(name + ".key"), out.resolve(name + ".pub"), SigningKeys.keyId(pair.getPublic()));
        return 0;
    }
}
