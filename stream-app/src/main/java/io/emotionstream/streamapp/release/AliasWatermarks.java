package io.emotionstream.streamapp.release;

import io.emotionstream.schemas.model.ModelAlias;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The newest signed alias change this app ever applied, per alias, kept on disk beside the release cache. The
 * models topic is compacted: once an alias's newer records are compacted away, someone who re-publishes an older
 * signed change (a replay, with a valid signature) would otherwise roll the alias back on the next start. The signed
 * {@code changedAt} is the sequence: a change older than the watermark is refused as {@code stale}.
 *
 * <p>File format: a properties file with {@code format=1} and one {@code alias.<NAME>=<changedAt epoch ms>} per alias
 * (enum names), written to a temporary file and moved into place.
 */
final class AliasWatermarks {
    static final String FORMAT = "1";

    private final Path file;
    private final Map<ModelAlias, Long> newest = new EnumMap<>(ModelAlias.class);

    private AliasWatermarks(Path file) {
        this.file = file;
    }

    /** Loads {@code file}, or starts empty when there is none. An unreadable or newer-format file stops start-up. */
    static AliasWatermarks load(Path file) {
        AliasWatermarks marks = new AliasWatermarks(file);
        if (!Files.exists(file)) {
            return marks;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read alias watermarks " + file, e);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IllegalStateException(file + ": alias watermark format '" + p.getProperty("format") + "' is not "
                    + FORMAT + " (written by a newer app?)");
        }
        for (ModelAlias alias : ModelAlias.values()) {
            String value = p.getProperty("alias." + alias.name());
            if (value != null) {
                marks.newest.put(alias, Long.parseLong(value.trim()));
            }
        }
        return marks;
    }

    Optional<Long> newest(ModelAlias alias) {
        return Optional.ofNullable(newest.get(alias));
    }

    /** Raises the watermark of {@code alias} to {@code changedAtMs} (never lowers it) and persists it. */
    void advance(ModelAlias alias, long changedAtMs) {
        if (newest.getOrDefault(alias, Long.MIN_VALUE) >= changedAtMs) {
            return;
        }
        newest.put(alias, changedAtMs);
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        newest.forEach((a, t) -> p.setProperty("alias." + a.name(), Long.toString(t)));
        try {
            Files.createDirectories(file.getParent());
            Path staging = Files.createTempFile(file.getParent(), ".aliases-", ".tmp");
            try (Writer out = Files.newBufferedWriter(staging)) {
                p.store(out, "emotion-stream: newest signed alias change applied (changedAt, epoch ms)");
            }
            Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write alias watermarks " + file, e);
        }
    }
}
