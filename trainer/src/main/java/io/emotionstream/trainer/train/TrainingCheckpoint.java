package io.emotionstream.trainer.train;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.network.CnnHyperparameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
    /**
     * The most each entry may hold once inflated, read before anything else: a damaged or hostile file (a zip bomb,
     * an entry declaring any length) is refused at these sizes, never read past them.
     */
    private static final Map<String, Long> MAX_ENTRY_BYTES = Map.of(
            STATE, 16 * CheckpointFile.MEBIBYTE,
            CONFIGURATION, 16 * CheckpointFile.MEBIBYTE,
            PARAMETERS, CheckpointFile.MAX_PARAMETERS * Float.BYTES,
            OPTIMISER, 2 * CheckpointFile.MAX_PARAMETERS * Float.BYTES,
            BEST, CheckpointFile.MAX_PARAMETERS * Float.BYTES,
            BATCHES, 64 * CheckpointFile.MEBIBYTE);

    private final Path directory;
    private String runId; // set by open(): the run whose epochs are saved

    public TrainingCheckpoint(Path directory) {
        this.directory = directory;
    }

    /** What is saved after an epoch and read back to go on. */
    record Snapshot(
            int attempt,
            MultiLayerNetwork network,
            AttemptProgress progress,
            byte[] batchState,
            long dropoutRootState,
            long dropoutNodeState) {}

    /** The digest naming one training run: hyperparameters, settings, recipe and every image with its targets. */
    static String runId(
            CnnHyperparameters hp, TrainingConfig config, Recipe recipe, List<Sample> train, List<Sample> monitor) {
        return CheckpointFile.runId("v" + VERSION + "|" + hp + "|" + config + "|" + recipe, List.of(train, monitor));
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
        Map<String, byte[]> entries = CheckpointFile.read(file, MAX_ENTRY_BYTES);
        Properties state = CheckpointFile.properties(entries.get(STATE));
        CheckpointFile.requireRun(file, state, VERSION, id);
        try {
            MultiLayerNetwork network = CheckpointedNetwork.read(
                    entries.get(CONFIGURATION), entries.get(PARAMETERS), entries.get(OPTIMISER));
            byte[] best = entries.get(BEST);
            if (best.length != entries.get(PARAMETERS).length) {
                throw new IllegalArgumentException("the best parameters hold " + best.length + " bytes, the network's "
                        + entries.get(PARAMETERS).length);
            }
            AttemptProgress progress = new AttemptProgress(CheckpointFile.toArray(best));
            progress.epoch = CheckpointFile.boundedInt(state, "epoch", CheckpointFile.MAX_EPOCHS);
            progress.bestAccuracy = Double.parseDouble(state.getProperty("bestAccuracy"));
            progress.bestLoss = Double.parseDouble(state.getProperty("bestLoss"));
            progress.bestEpoch = integer(state, "bestEpoch");
            progress.stale = integer(state, "stale");
            progress.singleClassSteps = integer(state, "singleClassSteps");
            progress.collapsed = Boolean.parseBoolean(state.getProperty("collapsed"));
            for (int i = 0; i < progress.epoch; i++) {
                EpochLog log = EpochLog.parse(state.getProperty("history." + i));
                progress.history.add(log);
                progress.seconds.add(log.seconds());
            }
            return Optional.of(new Snapshot(
                    integer(state, "attempt"),
                    network,
                    progress,
                    entries.get(BATCHES),
                    Long.parseLong(state.getProperty("dropoutRoot")),
                    Long.parseLong(state.getProperty("dropoutNode"))));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    file + " is not a readable checkpoint (" + e.getMessage() + "); delete it to start afresh", e);
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
            state.setProperty("history." + i, p.history.get(i).format());
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(STATE, CheckpointFile.bytes(state));
        entries.put(CONFIGURATION, CheckpointedNetwork.configuration(snapshot.network()));
        entries.put(PARAMETERS, CheckpointedNetwork.parameters(snapshot.network()));
        entries.put(OPTIMISER, CheckpointFile.optimiserState(snapshot.network().getUpdater()));
        entries.put(BEST, CheckpointFile.floats(p.bestParams));
        entries.put(BATCHES, snapshot.batchState());
        CheckpointFile.write(directory, FILE, entries);
    }

    private static int integer(Properties state, String key) {
        return Integer.parseInt(state.getProperty(key));
    }
}
