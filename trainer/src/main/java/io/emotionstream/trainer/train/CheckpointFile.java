package io.emotionstream.trainer.train;

import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Updater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The file a training checkpoint lives in, whatever it trains: named entries in one zip, replaced atomically, each
 * read back up to a bound of its own (a damaged or hostile file is refused, never read past the bounds); the digest that
 * names a run; arrays as plain little-endian floats. {@link TrainingCheckpoint} (the seed CNN) and the fine-tuner's
 * checkpoint keep their state in it.
 */
public final class CheckpointFile {
    public static final long MEBIBYTE = 1024 * 1024;
    /**
     * The most parameters a checkpointed network may have: 400 MB of floats, far above any network trained here (the
     * seed CNN has 609,094, mini-Xception 58,423). The entries holding parameters are bounded by it (an optimiser keeps
     * up to two values per parameter, Adam's).
     */
    public static final long MAX_PARAMETERS = 100_000_000L;
    /** The most epochs a checkpoint's history may list. */
    public static final int MAX_EPOCHS = 100_000;

    private CheckpointFile() {}

    /**
     * Refuses {@code file} unless its {@code state} was written by this {@code version} for run {@code id}; both
     * refusals say to delete it (or, for another run, to choose another folder).
     */
    public static void requireRun(Path file, Properties state, int version, String id) {
        if (!String.valueOf(version).equals(state.getProperty("version"))) {
            throw new IllegalStateException(file + " was written by another version of the trainer (version "
                    + state.getProperty("version") + ", expected " + version + "); delete it to start afresh");
        }
        if (!id.equals(state.getProperty("run"))) {
            throw new IllegalStateException(
                    file + " holds another training run (other data, settings, seed or starting "
                            + "weights); delete it or choose another checkpoint folder");
        }
    }

    /** An integer property in {@code 0..max}, refused otherwise. */
    public static int boundedInt(Properties state, String key, int max) {
        int value = Integer.parseInt(state.getProperty(key));
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(key + " " + value + " is outside 0.." + max);
        }
        return value;
    }

    /** Writes {@code entries} as {@code directory/name}, replacing what was there in one move. */
    public static void write(Path directory, String name, Map<String, byte[]> entries) {
        try {
            Files.createDirectories(directory);
            Path next = Files.createTempFile(directory, "checkpoint-", ".partial");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(next))) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(entry.getKey()));
                    zip.write(entry.getValue());
                    zip.closeEntry();
                }
            }
            Files.move(
                    next, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint to " + directory, e);
        }
    }

    /**
     * The file's entries, each read up to its bound in {@code maxBytes}; an unknown, repeated, missing or oversized
     * entry is refused with an {@link IllegalStateException} that says to delete the file.
     */
    public static Map<String, byte[]> read(Path file, Map<String, Long> maxBytes) {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file);
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Long max = maxBytes.get(e.getName());
                if (max == null || entries.containsKey(e.getName())) {
                    throw new IllegalStateException(file + " is not a checkpoint of this version of the trainer: "
                            + (max == null ? "unknown" : "repeated") + " entry " + e.getName()
                            + "; delete it to start afresh");
                }
                byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                if (bytes.length > max) {
                    throw new IllegalStateException(file + " is not a readable checkpoint: entry " + e.getName()
                            + " holds more than " + max + " bytes; delete it to start afresh");
                }
                entries.put(e.getName(), bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    file + " is not a readable checkpoint: " + e.getMessage() + "; delete it to start afresh", e);
        }
        for (String name : maxBytes.keySet()) {
            if (!entries.containsKey(name)) {
                throw new IllegalStateException(
                        file + " is not a readable checkpoint: no " + name + "; delete it to start afresh");
            }
        }
        return entries;
    }

    /** The digest naming one run: its settings, then every image of each set with its label, vote shares and pixels. */
    public static String runId(String settings, List<List<Sample>> sets) {
        MessageDigest digest = sha256();
        digest.update(settings.getBytes(StandardCharsets.UTF_8));
        for (List<Sample> samples : sets) {
            digest.update(("|" + samples.size()).getBytes(StandardCharsets.UTF_8));
            for (Sample s : samples) {
                digest.update((s.id() + "|" + s.label().label() + "|").getBytes(StandardCharsets.UTF_8));
                ByteBuffer values = ByteBuffer.allocate((s.pixels().length + Emotion.values().length) * Float.BYTES);
                for (Emotion e : Emotion.values()) {
                    values.putFloat(s.shares().shareOf(e));
                }
                values.asFloatBuffer().put(s.pixels());
                digest.update(values.array());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    public static Properties properties(byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    public static byte[] bytes(Properties p) {
        StringWriter out = new StringWriter();
        try {
            p.store(out, "emotion-stream training checkpoint");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An updater's state (Adam's moments) as floats; empty for an updater without state. */
    public static byte[] optimiserState(Updater updater) {
        INDArray state = updater.getStateViewArray();
        return state == null ? new byte[0] : floats(state);
    }

    /** Puts saved {@link #optimiserState} back, refused unless it has the state's length. */
    public static void restoreOptimiserState(Updater updater, byte[] saved) {
        INDArray state = updater.getStateViewArray();
        requireFloats("optimiser state", saved, state == null ? 0 : state.length());
        if (state != null) {
            state.assign(toArray(saved));
        }
    }

    /** Refuses a run of floats that is not {@code count} long, naming the {@code part}. */
    public static void requireFloats(String part, byte[] bytes, long count) {
        if (bytes.length != count * Float.BYTES) {
            throw new IllegalArgumentException("the network's " + part + " hold " + bytes.length + " bytes; its "
                    + "configuration implies " + count + " floats (" + count * Float.BYTES + " bytes)");
        }
    }

    /** An array's values as little-endian floats (a row of parameters, an optimiser's state). */
    public static byte[] floats(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("only float32 networks are checkpointed, not " + array.dataType());
        }
        float[] values = array.dup().data().asFloat(); // a copy of its own: a view's buffer may be longer
        ByteBuffer out = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.asFloatBuffer().put(values);
        return out.array();
    }

    /** A row of the floats {@link #floats} wrote; its length is the caller's to check. */
    public static INDArray toArray(byte[] bytes) {
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return Nd4j.createFromArray(values).reshape(1, values.length);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
