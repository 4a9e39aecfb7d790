package io.emotionstream.trainer.finetune;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.OutputClasses;
import io.emotionstream.model.network.NetworkInput;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.trainer.train.EpochLog;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Fine-tunes a DL4J graph: every vertex that {@code trainFrom} depends on keeps the parent's weights (DL4J's frozen
 * layers: no gradient, no update), the layers from {@code trainFrom} on are trained with Adam, early-stopped on
 * validation loss (the best epoch's weights kept). The frozen part still runs forward every epoch: computing its
 * output once ({@code TransferLearningHelper}) fails on a boundary that is not a layer (mini-Xception's last add).
 * Targets are one-hot over the network's own outputs ({@link OutputClasses}), so a seven-class network keeps its
 * neutral output.
 */
public final class GraphFineTuner {
    private static final int CHUNK = 64;

    private final TrainingConfig config;
    private final double learningRate;
    private final TrainingListener listener;

    public GraphFineTuner(TrainingConfig config, double learningRate, TrainingListener listener) {
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1): " + learningRate);
        }
        this.config = config;
        this.learningRate = learningRate;
        this.listener = listener;
    }

    /** What fine-tuning did and the whole graph it left (frozen part wrapped, trained part at its best epoch). */
    public record Result(ComputationGraph graph, String trainedFrom, int epochsRun, int bestEpoch, List<Double> epochSeconds) {
    }

    public Result fineTune(Start start, List<Sample> train, List<Sample> validation) {
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("fine-tuning needs training and validation images");
        }
        ComputationGraph graph = withFrozenStart(start);
        DataSet trainSet = dataSet(start, train);
        DataSet validationSet = dataSet(start, validation);

        Random order = new Random(config.seed());
        double bestLoss = Double.MAX_VALUE;
        INDArray bestParams = graph.params().dup();
        int bestEpoch = 0;
        int stale = 0;
        int epoch = 0;
        List<Double> seconds = new ArrayList<>();
        while (epoch < config.maxEpochs() && stale < config.patience()) {
            epoch++;
            long began = System.nanoTime();
            double lossSum = 0;
            List<DataSet> batches = shuffledBatches(trainSet, order);
            for (DataSet batch : batches) {
                graph.fit(batch);
                lossSum += graph.score();
            }
            double elapsed = (System.nanoTime() - began) / 1e9;
            seconds.add(elapsed);
            float[][] probabilities = output(graph, validationSet.getFeatures());
            float[][] targets = validationSet.getLabels().toFloatMatrix();
            double loss = crossEntropy(probabilities, targets);
            listener.onEpoch(new EpochLog(0, epoch, config.maxEpochs(), lossSum / batches.size(),
                    accuracy(probabilities, targets), loss, distinctPredictions(probabilities), elapsed));
            if (loss < bestLoss) {
                bestLoss = loss;
                bestParams = graph.params().dup();
                bestEpoch = epoch;
                stale = 0;
            } else {
                stale++;
            }
        }
        graph.setParams(bestParams);
        return new Result(graph, start.trainFrom(), epoch, bestEpoch, seconds);
    }

    /** The graph to fine-tune, where it starts, and what its input and outputs are. */
    public record Start(ComputationGraph parent, String trainFrom, TensorFormat format, boolean channelsLast,
                        OutputClasses classes) {
        /** The first trainable vertex by default: the last one with parameters (the network's head). */
        public static String lastLayerWithParameters(ComputationGraph graph) {
            String last = null;
            for (int index : graph.topologicalSortOrder()) {
                var vertex = graph.getVertices()[index];
                if (vertex.hasLayer() && vertex.getLayer().numParams() > 0) {
                    last = vertex.getVertexName();
                }
            }
            if (last == null) {
                throw new IllegalArgumentException("the network has no layer with parameters to train");
            }
            return last;
        }
    }

    /** The parent with Adam at the fine-tuning rate, everything {@code trainFrom} reads frozen, and a loss at the end. */
    private ComputationGraph withFrozenStart(Start start) {
        ComputationGraph parent = start.parent();
        List<String> inputs = parent.getConfiguration().getVertexInputs().get(start.trainFrom());
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("'" + start.trainFrom() + "' is not a layer of the network (or is its input)");
        }
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(parent)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(learningRate))
                        .seed(config.seed()).build())
                .setFeatureExtractor(inputs.toArray(String[]::new));
        if (!(parent.getOutputLayer(0) instanceof IOutputLayer)) {
            // an imported network ends in its softmax activation, without a loss: the same softmax as a loss layer
            String output = parent.getConfiguration().getNetworkOutputs().get(0);
            if (!(parent.getConfiguration().getVertices().get(output) instanceof LayerVertex vertex)
                    || !(vertex.getLayerConf().getLayer() instanceof ActivationLayer softmax)
                    || !(softmax.getActivationFn() instanceof ActivationSoftmax)) {
                throw new IllegalArgumentException("the network's output '" + output + "' is not a softmax: "
                        + "fine-tuning trains classifiers that end in one");
            }
            List<String> inputsOfOutput = parent.getConfiguration().getVertexInputs().get(output);
            builder.removeVertexAndConnections(output)
                    .addLayer(output, new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .activation(Activation.SOFTMAX).build(), inputsOfOutput.toArray(String[]::new))
                    .setOutputs(output);
        }
        return builder.build();
    }

    private static DataSet dataSet(Start start, List<Sample> samples) {
        return new DataSet(NetworkInput.of(samples.stream().map(Sample::pixels).toList(), start.format(),
                start.channelsLast()), targets(samples, start.classes()));
    }

    private static float[][] output(ComputationGraph graph, INDArray images) {
        List<float[]> rows = new ArrayList<>();
        for (long from = 0; from < images.size(0); from += CHUNK) {
            long to = Math.min(images.size(0), from + CHUNK);
            float[][] chunk = graph.outputSingle(false, images.get(NDArrayIndex.interval(from, to))).toFloatMatrix();
            rows.addAll(List.of(chunk));
        }
        return rows.toArray(float[][]::new);
    }

    private static INDArray targets(List<Sample> samples, OutputClasses classes) {
        INDArray targets = Nd4j.zeros(samples.size(), classes.outputs());
        for (int i = 0; i < samples.size(); i++) {
            targets.putScalar(i, classes.outputOf(samples.get(i).label()), 1.0);
        }
        return targets;
    }

    private List<DataSet> shuffledBatches(DataSet all, Random order) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < all.numExamples(); i++) {
            indices.add(i);
        }
        Collections.shuffle(indices, order);
        List<DataSet> batches = new ArrayList<>();
        for (int from = 0; from < indices.size(); from += config.batchSize()) {
            int[] rows = indices.subList(from, Math.min(indices.size(), from + config.batchSize())).stream()
                    .mapToInt(Integer::intValue).toArray();
            batches.add(new DataSet(rows(all.getFeatures(), rows), rows(all.getLabels(), rows)));
        }
        return batches;
    }

    /** The examples {@code rows} of an array of any rank (features of a convolution are 4-d). */
    private static INDArray rows(INDArray array, int[] rows) {
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        index[0] = new SpecifiedIndex(rows);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return array.get(index).dup('c');
    }

    private static double crossEntropy(float[][] probabilities, float[][] targets) {
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            for (int j = 0; j < targets[i].length; j++) {
                if (targets[i][j] > 0) {
                    sum -= targets[i][j] * Math.log(Math.max(probabilities[i][j], 1e-7));
                }
            }
        }
        return sum / probabilities.length;
    }

    private static double accuracy(float[][] probabilities, float[][] targets) {
        int right = 0;
        for (int i = 0; i < probabilities.length; i++) {
            right += argmax(probabilities[i]) == argmax(targets[i]) ? 1 : 0;
        }
        return (double) right / probabilities.length;
    }

    private static int distinctPredictions(float[][] probabilities) {
        return (int) Arrays.stream(probabilities).mapToInt(GraphFineTuner::argmax).distinct().count();
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            best = row[i] > row[best] ? i : best;
        }
        return best;
    }
}
