package io.emotionstream.trainer.train;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.trainer.eval.Evaluation;
import io.emotionstream.trainer.eval.Evaluator;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * deterministic. If every attempt collapses, the best one is kept and the result says so.
 */
public final class Trainer {
    private final TrainingConfig config;
    private final Recipe recipe;
    private final TrainingListener listener;

    /** The seed's recipe: every image once per epoch, unchanged, one-hot targets. */
    public Trainer(TrainingConfig config, TrainingListener listener) {
        this(config, Recipe.SEED, listener);
    }

    public Trainer(TrainingConfig config, Recipe recipe, TrainingListener listener) {
        this.config = config;
        this.recipe = recipe;
        this.listener = listener;
    }

    public TrainingResult train(CnnHyperparameters hp, List<Sample> train, List<Sample> validation) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("nothing to train on");
        }
        // Without a validation set, early stopping and collapse checks look at the training images instead.
        List<Sample> monitor = validation.isEmpty() ? train : validation;
        TrainingResult best = null;
        for (int attempt = 0; attempt <= config.maxRestarts(); attempt++) {
            TrainingResult result = attempt(hp, train, monitor, attempt);
            if (best == null || result.bestValidationAccuracy() > best.bestValidationAccuracy()) {
                best = result;
            }
            if (!result.collapsed()) {
                return withRestarts(result, attempt);
            }
            if (attempt < config.maxRestarts()) {
                listener.onRestart(attempt + 1, "predictions stuck on one class for " + config.collapseSteps()
                        + " steps");
            }
        }
        return withRestarts(best, config.maxRestarts());
    }

    private TrainingResult attempt(CnnHyperparameters hp, List<Sample> train, List<Sample> monitor, int attempt) {
        long seed = config.seed() + 1_000_003L * attempt;
        MultiLayerNetwork network = SeedCnn.build(hp, seed);
        Nd4j.getRandom().setSeed(seed); // dropout masks are drawn from ND4J's global generator
        try (BatchPreparer batches = new BatchPreparer(recipe, config.batchSize(), seed)) {
            return attempt(network, batches, train, monitor, attempt);
        }
    }

    private TrainingResult attempt(MultiLayerNetwork network, BatchPreparer batches, List<Sample> train,
                                   List<Sample> monitor, int attempt) {
        double bestAccuracy = -1;
        double bestLoss = Double.MAX_VALUE;
        INDArray bestParams = network.params().dup();
        int bestEpoch = 0;
        int stale = 0;
        int singleClassSteps = 0;
        List<Double> seconds = new ArrayList<>();
        List<EpochLog> history = new ArrayList<>();
        int epoch = 0;
        boolean collapsed = false;
        while (epoch < config.maxEpochs()) {
            epoch++;
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
            seconds.add(elapsed);
            Evaluation check = Evaluator.evaluate(network, monitor);
            int distinct = distinctPredictions(check);
            EpochLog log = new EpochLog(attempt, epoch, config.maxEpochs(), lossSum / steps, check.accuracy(),
                    check.loss(), distinct, elapsed);
            history.add(log);
            listener.onEpoch(log);
            if (check.loss() < bestLoss) {
                bestAccuracy = check.accuracy();
                bestLoss = check.loss();
                bestParams = network.params().dup();
                bestEpoch = epoch;
                stale = 0;
            } else {
                stale++;
            }
            singleClassSteps = distinct <= 1 ? singleClassSteps + steps : 0;
            if (singleClassSteps >= config.collapseSteps()) {
                collapsed = true;
                break;
            }
            if (stale >= config.patience()) {
                break;
            }
        }
        network.setParams(bestParams);
        return new TrainingResult(network, epoch, bestEpoch, bestAccuracy, attempt, collapsed, seconds, history, config, recipe);
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
        return new TrainingResult(r.network(), r.epochsRun(), r.bestEpoch(), r.bestValidationAccuracy(), restarts,
                r.collapsed(), r.epochSeconds(), r.history(), r.config(), r.recipe());
    }
}
