package io.emotionstream.trainer.train;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.Emotion;
import io.emotionstream.model.network.CnnHyperparameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A training run's state after its last finished epoch, in one file ({@value #FILE} in the checkpoint folder, replaced
 * atomically each epoch): the network with its optimiser state, the best weights so far, the early-stopping
 * bookkeeping, and both random generators (batch order and augmentation; dropout), so a run interrupted at any moment
 * goes on from its last epoch to the result it would have had. The file names the run it belongs to (a digest of the
 * data, settings and seed): a checkpoint of another run is refused, never silently continued.
 */
public final class TrainingCheckpoint {
    static final String FILE = "checkpoint.zip";
    /** 2: the network as {@link CheckpointedNetwork} parts, every entry bounded; 1 (DL4J's own zip) is refused. */
    private static final int VERSION = 2;
    private static final String STATE = "state.properties";
    private static final String CONFIGURATION = "network.json";
    private static final String PARAMETERS = "parameters.bin";
    private static final String OPTIMISER = "optimiser.bin";
    private static final String BEST = "best-parameters.bin";
    private static final String BATCHES = "batches.bin";
    private static final long MEBIBYTE = 1024 * 1024;
    /**
     * The most each entry may hold once inflated, read before anything else: a damaged or hostile file (a zip bomb,
     * an entry declaring any length) is refused at these sizes, never read past them. The parameters' bounds follow
     * from {@link CheckpointedNetwork#MAX_PARAMETERS} (the optimiser keeps up to two values per parameter, Adam's).
     */
    private static final Map<String, Long> MAX_ENTRY_BYTES = Map.of(
            STATE, 16 * MEBIBYTE,
            CONFIGURATION, 16 * MEBIBYTE,
            PARAMETERS, CheckpointedNetwork.MAX_PARAMETERS * Float.BYTES,
            OPTIMISER, 2 * CheckpointedNetwork.MAX_PARAMETERS * Float.BYTES,
            BEST, CheckpointedNetwork.MAX_PARAMETERS * Float.BYTES,
            BATCHES, 64 * MEBIBYTE);
    /** The most epochs a checkpoint's history may list. */
    private static final int MAX_EPOCHS = 100_000;

    private final Path directory;
    private String runId; // set by open(): the run whose epochs are saved

    public TrainingCheckpoint(Path directory) {
        this.directory = directory;
    }

    /** What is saved after an epoch and read back to go on. */
    record Snapshot(int attempt, MultiLayerNetwork network, AttemptProgress progress, byte[] batchState,
                    long dropoutRootState, long dropoutNodeState) {
    }

    /** The digest naming one training run: hyperparameters, settings, recipe and every image with its targets. */
    static String runId(CnnHyperparameters hp, TrainingConfig config, Recipe recipe, List<Sample> train,
                        List<Sample> monitor) {
        MessageDigest digest = sha256();
        update(digest, "v" + VERSION + "|" + hp + "|" + config + "|" + recipe);
        for (List<Sample> samples : List.of(train, monitor)) {
            update(digest, "|" + samples.size());
            for (Sample s : samples) {
                update(digest, s.id() + "|" + s.label().label() + "|");
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

    /**
     * Claims the folder for run {@code id}: the saved state when it holds that run's, empty when it holds nothing.
     *
     * @throws IllegalStateException when it holds another run's checkpoint
     */
    Optional<Snapshot> open(String id) {
        this.runId = id;
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, byte[]> entries = readZip(file);
        Properties state = properties(entries.get(STATE));
        if (!String.valueOf(VERSION).equals(state.getProperty("version"))) {
            throw new IllegalStateException(file + " was written by another version of the trainer (version "
                    + state.getProperty("version") + ", expected " + VERSION + "); delete it to start afresh");
        }
        if (!id.equals(state.getProperty("run"))) {
            throw new IllegalStateException(file + " holds another training run (other data, settings or seed); "
                    + "delete it or choose another checkpoint folder");
        }
        try {
            MultiLayerNetwork network = CheckpointedNetwork.read(entries.get(CONFIGURATION), entries.get(PARAMETERS),
                    entries.get(OPTIMISER));
            byte[] best = entries.get(BEST);
            if (best.length != entries.get(PARAMETERS).length) {
                throw new IllegalArgumentException("the best parameters hold " + best.length + " bytes, the network's "
                        + entries.get(PARAMETERS).length);
            }
            AttemptProgress progress = new AttemptProgress(CheckpointedNetwork.toArray(best));
            progress.epoch = integer(state, "epoch");
            if (progress.epoch < 0 || progress.epoch > MAX_EPOCHS) {
                throw new IllegalArgumentException("epoch " + progress.epoch + " is outside 0.." + MAX_EPOCHS);
            }
            progress.bestAccuracy = Double.parseDouble(state.getProperty("bestAccuracy"));
            progress.bestLoss = Double.parseDouble(state.getProperty("bestLoss"));
            progress.bestEpoch = integer(state, "bestEpoch");
            progress.stale = integer(state, "stale");
            progress.singleClassSteps = integer(state, "singleClassSteps");
            progress.collapsed = Boolean.parseBoolean(state.getProperty("collapsed"));
            for (int i = 0; i < progress.epoch; i++) {
                EpochLog log = parseLog(state.getProperty("history." + i));
                progress.history.add(log);
                progress.seconds.add(log.seconds());
            }
            return Optional.of(new Snapshot(integer(state, "attempt"), network, progress, entries.get(BATCHES),
                    Long.parseLong(state.getProperty("dropoutRoot")), Long.parseLong(state.getProperty("dropoutNode"))));
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " is not a readable checkpoint (" + e.getMessage()
                    + "); delete it to start afresh", e);
        }
    }

    /** Replaces the saved state with this epoch's. */
    void save(Snapshot snapshot) {
        if (runId == null) {
            throw new IllegalStateException("open() the checkpoint for a run before saving its epochs");
        }
        AttemptProgress p = snapshot.progress();
        Properties state = new Properties();
        state.setProperty("version", String.valueOf(VERSION));
        state.setProperty("run", runId);
        state.setProperty("attempt", String.valueOf(snapshot.attempt()));
        state.setProperty("epoch", String.valueOf(p.epoch));
        state.setProperty("bestAccuracy", Double.toString(p.bestAccuracy));
        state.setProperty("bestLoss", Double.toString(p.bestLoss));
        state.setProperty("bestEpoch", String.valueOf(p.bestEpoch));
        state.setProperty("stale", String.valueOf(p.stale));
        state.setProperty("singleClassSteps", String.valueOf(p.singleClassSteps));
        state.setProperty("collapsed", String.valueOf(p.collapsed));
        state.setProperty("dropoutRoot", String.valueOf(snapshot.dropoutRootState()));
        state.setProperty("dropoutNode", String.valueOf(snapshot.dropoutNodeState()));
        for (int i = 0; i < p.history.size(); i++) {
            state.setProperty("history." + i, formatLog(p.history.get(i)));
        }
        try {
            Files.createDirectories(directory);
            Path next = Files.createTempFile(directory, "checkpoint-", ".partial");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(next))) {
                entry(zip, STATE, text(state).getBytes(StandardCharsets.UTF_8));
                entry(zip, CONFIGURATION, CheckpointedNetwork.configuration(snapshot.network()));
                entry(zip, PARAMETERS, CheckpointedNetwork.parameters(snapshot.network()));
                entry(zip, OPTIMISER, CheckpointedNetwork.optimiserState(snapshot.network()));
                entry(zip, BEST, CheckpointedNetwork.floats(p.bestParams));
                entry(zip, BATCHES, snapshot.batchState());
            }
            Files.move(next, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint to " + directory, e);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** The checkpoint's entries, each read up to its bound; unknown, repeated, missing or oversized ones refused. */
    private static Map<String, byte[]> readZip(Path file) {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Long max = MAX_ENTRY_BYTES.get(e.getName());
                if (max == null || entries.containsKey(e.getName())) {
                    throw new IllegalStateException(file + " is not a checkpoint of this version of the trainer: "
                            + (max == null ? "unknown" : "repeated") + " entry " + e.getName() + "; delete it to start afresh");
                }
                byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
                if (bytes.length > max) {
                    throw new IllegalStateException(file + " is not a readable checkpoint: entry " + e.getName()
                            + " holds more than " + max + " bytes");
                }
                entries.put(e.getName(), bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not a readable checkpoint: " + e.getMessage(), e);
        }
        for (String name : MAX_ENTRY_BYTES.keySet()) {
            if (!entries.containsKey(name)) {
                throw new IllegalStateException(file + " is not a readable checkpoint: no " + name);
            }
        }
        return entries;
    }

    private static String formatLog(EpochLog l) {
        return l.attempt() + "," + l.epoch() + "," + l.maxEpochs() + "," + l.trainLoss() + "," + l.validationAccuracy()
                + "," + l.validationLoss() + "," + l.distinctPredictions() + "," + l.seconds();
    }

    private static EpochLog parseLog(String line) {
        String[] f = line.split(",");
        return new EpochLog(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Integer.parseInt(f[6]),
                Double.parseDouble(f[7]));
    }

    private static int integer(Properties state, String key) {
        return Integer.parseInt(state.getProperty(key));
    }

    private static Properties properties(byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String text(Properties p) throws IOException {
        StringWriter out = new StringWriter();
        p.store(out, "emotion-stream training checkpoint");
        return out.toString();
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
