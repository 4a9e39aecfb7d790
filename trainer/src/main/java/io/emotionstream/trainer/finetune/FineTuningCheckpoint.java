package io.emotionstream.trainer.finetune;

import io.emotionstream.datasets.Sample;
import io.emotionstream.trainer.train.CheckpointFile;
import io.emotionstream.trainer.train.EpochLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fine-tuning (or from-scratch) run's state after its last finished epoch, in one file ({@value #FILE}, replaced
 * atomically each epoch): the trained layers' weights and optimiser state with its step count, the best weights so far,
 * the early-stopping bookkeeping, the epochs' history and both random generators (the epochs' draw; dropout), so a run
 * stopped at any moment goes on from its last epoch to the result it would have had. The file names its run (a digest
 * of the starting weights, settings and every image): another run's checkpoint is refused, never continued.
 */
public final class FineTuningCheckpoint {
    public static final String FILE = "fine-tuning-checkpoint.zip";
    private static final int VERSION = 1;
    private static final String STATE = "state.properties";
    private static final String PARAMETERS = "parameters.bin";
    private static final String OPTIMISER = "optimiser.bin";
    private static final String BEST = "best-parameters.bin";
    private static final String ORDER = "order.bin";
    /** What each entry may hold once inflated, read before anything else (as the seed's checkpoint bounds its own). */
    private static final Map<String, Long> MAX_ENTRY_BYTES = Map.of(
            STATE, 16 * CheckpointFile.MEBIBYTE,
            PARAMETERS, CheckpointFile.MAX_PARAMETERS * Float.BYTES,
            OPTIMISER, 2 * CheckpointFile.MAX_PARAMETERS * Float.BYTES,
            BEST, CheckpointFile.MAX_PARAMETERS * Float.BYTES,
            ORDER, CheckpointFile.MEBIBYTE);

    private final Path directory;

    public FineTuningCheckpoint(Path directory) {
        this.directory = directory;
    }

    /** Where a run stands after an epoch: the early-stopping bookkeeping and what the epochs took. */
    static final class Progress {
        int epoch;
        int bestEpoch;
        int stale;
        double bestLoss = Double.MAX_VALUE;
        byte[] bestParams;
        final List<EpochLog> history = new ArrayList<>();
        Random order;

        Progress(byte[] bestParams, Random order) {
            this.bestParams = bestParams;
            this.order = order;
        }

        List<Double> seconds() {
            return history.stream().map(EpochLog::seconds).toList();
        }
    }

    /** The digest naming a run: its settings, the trained graph's layers and starting weights, and every image. */
    static String runId(String settings, ComputationGraph start, List<Sample> train, List<Sample> validation) {
        String layers = CheckpointFile.sha256(start.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
        String weights = CheckpointFile.sha256(CheckpointFile.floats(start.params()));
        return CheckpointFile.runId(
                "fine-tuning v" + VERSION + "|" + settings + "|" + layers + "|" + weights, List.of(train, validation));
    }

    /**
     * The saved state of run {@code id}, put back into {@code graph} (weights, optimiser state and step count) and
     * ND4J's generator; empty when the folder holds no checkpoint.
     *
     * @throws IllegalStateException when it holds another run's, or one that does not fit the graph
     */
    Optional<Progress> resume(String id, ComputationGraph graph) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<String, byte[]> entries = CheckpointFile.read(file, MAX_ENTRY_BYTES);
        Properties state = CheckpointFile.properties(entries.get(STATE));
        CheckpointFile.requireRun(file, state, VERSION, id);
        try {
            CheckpointFile.requireFloats("parameters", entries.get(PARAMETERS), graph.numParams());
            CheckpointFile.requireFloats("best parameters", entries.get(BEST), graph.numParams());
            graph.setParams(CheckpointFile.toArray(entries.get(PARAMETERS)));
            CheckpointFile.restoreOptimiserState(graph.getUpdater(), entries.get(OPTIMISER));
            graph.getConfiguration()
                    .setIterationCount(CheckpointFile.boundedInt(state, "iterations", Integer.MAX_VALUE));
            graph.getConfiguration()
                    .setEpochCount(CheckpointFile.boundedInt(state, "epochs", CheckpointFile.MAX_EPOCHS));
            Progress progress = new Progress(entries.get(BEST), random(entries.get(ORDER)));
            progress.epoch = CheckpointFile.boundedInt(state, "epoch", CheckpointFile.MAX_EPOCHS);
            progress.bestEpoch = CheckpointFile.boundedInt(state, "bestEpoch", progress.epoch);
            progress.stale = CheckpointFile.boundedInt(state, "stale", progress.epoch);
            progress.bestLoss = Double.parseDouble(state.getProperty("bestLoss"));
            for (int i = 0; i < progress.epoch; i++) {
                progress.history.add(EpochLog.parse(state.getProperty("history." + i)));
            }
            Nd4j.getRandom()
                    .setStates(
                            Long.parseLong(state.getProperty("dropoutRoot")),
                            Long.parseLong(state.getProperty("dropoutNode")));
            return Optional.of(progress);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    file + " is not a readable checkpoint (" + e.getMessage() + "); delete it to start afresh", e);
        }
    }

    /** Replaces the saved state with this epoch's. */
    void save(String id, ComputationGraph graph, Progress progress) {
        Properties state = new Properties();
        state.setProperty("version", String.valueOf(VERSION));
        state.setProperty("run", id);
        state.setProperty("epoch", String.valueOf(progress.epoch));
        state.setProperty("bestEpoch", String.valueOf(progress.bestEpoch));
        state.setProperty("stale", String.valueOf(progress.stale));
        state.setProperty("bestLoss", Double.toString(progress.bestLoss));
        state.setProperty("iterations", String.valueOf(graph.getConfiguration().getIterationCount()));
        state.setProperty("epochs", String.valueOf(graph.getConfiguration().getEpochCount()));
        state.setProperty("dropoutRoot", String.valueOf(Nd4j.getRandom().rootState()));
        state.setProperty("dropoutNode", String.valueOf(Nd4j.getRandom().nodeState()));
        for (int i = 0; i < progress.history.size(); i++) {
            state.setProperty("history." + i, progress.history.get(i).format());
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(STATE, CheckpointFile.bytes(state));
        entries.put(PARAMETERS, CheckpointFile.floats(graph.params()));
        entries.put(OPTIMISER, CheckpointFile.optimiserState(graph.getUpdater()));
        entries.put(BEST, progress.bestParams);
        entries.put(ORDER, bytes(progress.order));
        CheckpointFile.write(directory, FILE, entries);
    }

    private static byte[] bytes(Random random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A generator and nothing else: a damaged or hostile entry cannot make the reader build other objects. */
    private static Random random(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("java.util.Random;maxdepth=2;maxrefs=8;!*"));
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("the epochs' generator is not readable: " + e.getMessage(), e);
        }
    }
}
