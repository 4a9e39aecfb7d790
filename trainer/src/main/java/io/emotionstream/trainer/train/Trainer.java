package io.emotionstream.trainer.train;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.eval.Evaluator;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits the seed CNN with early stopping on validation loss (the weights of the lowest-loss epoch are restored;
 * loss, not accuracy, because accuracy on a 13-image JAFFE validation set jumps by 8 points per image) and
 * restarts when training is stuck on one class.
 *
 * <p>Why restarts: with the seed's CK+ settings (Adam, lr 0.0054, sigmoid dense layer) DL4J often sits on the
 * majority class from the first step and never leaves it; no amount of patience helps, a fresh initialisation
 * does. An attempt whose validation predictions have been a single class for {@code collapseSteps} consecutive
 * gradient steps is abandoned and retried with a seed derived from the configured one, so the whole run stays
 * deterministic. If every attempt collapses, the best one is kept and the result says so (after a resume, the best
 * of the attempts since the one resumed).
 */
public final class Trainer {
    private final TrainingConfig config;
    private final Recipe recipe;
    private final TrainingListener listener;
    private final TrainingCheckpoint checkpoint; // null: none kept

    /** The seed's recipe: every image once per epoch, unchanged, one-hot targets. */
    public Trainer(TrainingConfig config, TrainingListener listener) {
        this(config, Recipe.SEED, listener);
    }

    public Trainer(TrainingConfig config, Recipe recipe, TrainingListener listener) {
        this(config, recipe, listener, null);
    }

    private Trainer(TrainingConfig config, Recipe recipe, TrainingListener listener, TrainingCheckpoint checkpoint) {
        this.config = config;
        this.recipe = recipe;
        this.listener = listener;
        this.checkpoint = checkpoint;
    }

    /**
     * The same trainer, keeping its state in {@code checkpoint} after every epoch and, when the checkpoint holds an
     * earlier run of the same training (same data, settings and seed), going on from its last epoch: the result is the
     * one the run would have had without the interruption.
     */
    public Trainer withCheckpoint(TrainingCheckpoint newCheckpoint) {
        return new Trainer(config, recipe, listener, newCheckpoint);
    }

    public TrainingResult train(CnnHyperparameters hp, List<Sample> train, List<Sample> validation) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("nothing to train on");
        }
        if (train.stream().anyMatch(s -> !Emotion.SIX.contains(s.label()))
                || validation.stream().anyMatch(s -> !Emotion.SIX.contains(s.label()))) {
            throw new IllegalArgumentException(
                    "the seed CNN has the six emotions and the data has neutral faces: load it "
                            + "without --neutral, or fine-tune a seven-class model (train --init ... --labels ...,neutral)");
        }
        // Without a validation set, early stopping and collapse checks look at the training images instead.
        List<Sample> monitor = validation.isEmpty() ? train : validation;
        Optional<TrainingCheckpoint.Snapshot> resumed = checkpoint == null
                ? Optional.empty()
                : checkpoint.open(TrainingCheckpoint.runId(hp, config, recipe, train, monitor));
        resumed.ifPresent(r -> listener.onResume(r.attempt(), r.progress().epoch));
        int first = resumed.map(TrainingCheckpoint.Snapshot::attempt).orElse(0);
        TrainingResult best = null;
        for (int attempt = first; attempt <= config.maxRestarts(); attempt++) {
            TrainingResult result = attempt(hp, train, monitor, attempt, attempt == first ? resumed : Optional.empty());
            if (best == null || result.bestValidationAccuracy() > best.bestValidationAccuracy()) {
                best = result;
            }
            if (!result.collapsed()) {
                return withRestarts(result, attempt);
            }
            if (attempt < config.maxRestarts()) {
                listener.onRestart(
                        attempt + 1, "predictions stuck on one class for " + config.collapseSteps() + " steps");
            }
        }
        return withRestarts(best, config.maxRestarts());
    }

    private TrainingResult attempt(
            CnnHyperparameters hp,
            List<Sample> train,
            List<Sample> monitor,
            int attempt,
            Optional<TrainingCheckpoint.Snapshot> resumed) {
        long seed = config.seed() + 1_000_003L * attempt;
        try (BatchPreparer batches = new BatchPreparer(recipe, config.batchSize(), seed)) {
            MultiLayerNetwork network;
            AttemptProgress progress;
            if (resumed.isPresent()) {
                TrainingCheckpoint.Snapshot snapshot = resumed.get();
                network = snapshot.network();
                progress = snapshot.progress();
                batches.restore(snapshot.batchState(), train.size());
                Nd4j.getRandom().setStates(snapshot.dropoutRootState(), snapshot.dropoutNodeState());
            } else {
                network = SeedCnn.build(hp, seed);
                progress = new AttemptProgress(network.params().dup());
                Nd4j.getRandom().setSeed(seed); // dropout masks are drawn from ND4J's global generator
            }
            return attempt(network, batches, train, monitor, attempt, progress);
        }
    }

    private TrainingResult attempt(
            MultiLayerNetwork network,
            BatchPreparer batches,
            List<Sample> train,
            List<Sample> monitor,
            int attempt,
            AttemptProgress p) {
        while (!p.finished(config)) {
            p.epoch++;
            long start = System.nanoTime();
            double lossSum = 0;
            int steps = 0;
            BatchPreparer.Epoch epochBatches = batches.epoch(train);
            while (epochBatches.hasNext()) {
                network.fit(epochBatches.next());
                lossSum += network.score();
                steps++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            p.seconds.add(elapsed);
            Evaluation check = Evaluator.evaluate(network, monitor);
            int distinct = distinctPredictions(check);
            EpochLog log = new EpochLog(
                    attempt,
                    p.epoch,
                    config.maxEpochs(),
                    lossSum / steps,
                    check.accuracy(),
                    check.loss(),
                    distinct,
                    elapsed);
            p.history.add(log);
            if (check.loss() < p.bestLoss) {
                p.bestAccuracy = check.accuracy();
                p.bestLoss = check.loss();
                p.bestParams = network.params().dup();
                p.bestEpoch = p.epoch;
                p.stale = 0;
            } else {
                p.stale++;
            }
            p.singleClassSteps = distinct <= 1 ? p.singleClassSteps + steps : 0;
            p.collapsed = p.singleClassSteps >= config.collapseSteps();
            if (checkpoint != null) {
                var dropout = Nd4j.getRandom();
                checkpoint.save(new TrainingCheckpoint.Snapshot(
                        attempt, network, p, batches.state(), dropout.rootState(), dropout.nodeState()));
            }
            listener.onEpoch(log);
        }
        network.setParams(p.bestParams);
        return new TrainingResult(
                network,
                p.epoch,
                p.bestEpoch,
                p.bestAccuracy,
                attempt,
                p.collapsed,
                p.seconds,
                p.history,
                config,
                recipe);
    }

    private static int distinctPredictions(Evaluation evaluation) {
        int[][] confusion = evaluation.confusion();
        int distinct = 0;
        for (int predicted = 0; predicted < confusion.length; predicted++) {
            int column = 0;
            for (int[] row : confusion) {
                column += row[predicted];
            }
            distinct += column > 0 ? 1 : 0;
        }
        return distinct;
    }

    private static TrainingResult withRestarts(TrainingResult r, int restarts) {
        return new TrainingResult(
                r.network(),
                r.epochsRun(),
                r.bestEpoch(),
                r.bestValidationAccuracy(),
                restarts,
                r.collapsed(),
                r.epochSeconds(),
                r.history(),
                r.config(),
                r.recipe());
    }
}
