package io.emotionstream.trainer.finetune;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.OutputClasses;
import io.emotionstream.model.network.NetworkInput;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.schemas.model.TrainingRecipe;
import io.emotionstream.schemas.model.TrainingTargets;
import io.emotionstream.trainer.train.Balance;
import io.emotionstream.trainer.train.CheckpointFile;
import io.emotionstream.trainer.train.EpochLog;
import io.emotionstream.trainer.train.Targets;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Fine-tunes a DL4J graph: every vertex that {@code trainFrom} depends on keeps the parent's weights (DL4J's frozen
 * layers: no gradient, no update), the layers from {@code trainFrom} on are trained with Adam, early-stopped on
 * validation loss (the best epoch's weights kept). The frozen part runs once per image ({@link TrainableHead}), so an
 * epoch costs the trained layers only (DL4J's {@code TransferLearningHelper} does the same but fails on a boundary
 * that is not a layer, such as mini-Xception's last add).
 * Targets are over the network's own outputs ({@link OutputClasses}): one-hot on the label or the annotators' vote
 * shares ({@link Targets}), so a seven-class network keeps its neutral output.
 */
public final class GraphFineTuner {
    private static final int CHUNK = 64;
    /** Training images the two engines of the frozen part are compared on before one is chosen. */
    private static final int PROBE = 16;

    private final TrainingConfig config;
    private final Options options;
    private final TrainingListener listener;
    private final Optional<FineTuningCheckpoint> checkpoint;

    /**
     * How the trained layers learn.
     *
     * @param learningRate Adam's rate
     * @param balance      what each epoch draws from the training images (the seed's {@link Balance})
     * @param mirror       also train on each training image mirrored left to right (its frozen activations computed
     *                     once, like the image's own)
     * @param targets      the label, or the vote shares where the data has them (early stopping always scores the label)
     */
    public record Options(double learningRate, Balance balance, boolean mirror, Targets targets) {
        public Options {
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("learning rate must be in (0, 1): " + learningRate);
            }
        }

        public static Options of(double learningRate) {
            return new Options(learningRate, Balance.NONE, false, Targets.MAJORITY);
        }

        /** For the manifest: what the trained layers were shown (mirrored copies are the only augmentation). */
        public TrainingRecipe toAvro() {
            return new TrainingRecipe(
                    mirror ? "mirror" : "none", balance.code(), 0.0, 0.0, TrainingTargets.valueOf(targets.name()));
        }

        public String describe() {
            return "Adam " + learningRate + ", balance " + balance.code() + (mirror ? ", mirrored copies" : "")
                    + (targets == Targets.MAJORITY ? "" : ", targets " + targets.code());
        }
    }

    public GraphFineTuner(TrainingConfig config, Options options, TrainingListener listener) {
        this(config, options, listener, Optional.empty());
    }

    private GraphFineTuner(
            TrainingConfig config,
            Options options,
            TrainingListener listener,
            Optional<FineTuningCheckpoint> checkpoint) {
        this.config = config;
        this.options = options;
        this.listener = listener;
        this.checkpoint = checkpoint;
    }

    /**
     * The same fine-tuner, keeping its state in {@code folder} after every epoch and, when the folder holds this run's
     * state, going on from its last epoch.
     */
    public GraphFineTuner withCheckpoint(FineTuningCheckpoint folder) {
        return new GraphFineTuner(config, options, listener, Optional.of(folder));
    }

    /**
     * What fine-tuning did and the whole graph it left (frozen part wrapped, trained part at its best epoch), with the
     * settings it ran with (for the manifest).
     */
    public record Result(
            ComputationGraph graph,
            String trainedFrom,
            List<String> labels,
            int epochsRun,
            int bestEpoch,
            String frozenEngine,
            double featureSeconds,
            List<Double> epochSeconds,
            TrainingConfig config,
            Options options) {
        public double epochSecondsMedian() {
            double[] sorted = epochSeconds.stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        }
    }

    public Result fineTune(Start start, List<Sample> train, List<Sample> validation) {
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("fine-tuning needs training and validation images");
        }
        TrainableHead head = TrainableHead.cut(withFrozenStart(start), start.trainFrom(), config.seed());
        List<Sample> trainImages =
                options.mirror() ? withMirrored(train, start.format().size()) : train;
        Activations activations = Activations.of(head, start, trainImages, validation, options.targets());
        MultiDataSet trainSet = activations.train();
        INDArray[] validationFeatures = activations.validation();
        float[][] validationTargets =
                targets(validation, start.classes(), Targets.MAJORITY).toFloatMatrix();

        SeparableSplit split = SeparableSplit.of(head.graph(), config.seed());
        ComputationGraph graph = split.graph();
        Nd4j.getRandom().setSeed(config.seed()); // dropout masks, if the trained layers have dropout
        String runId = FineTuningCheckpoint.runId(
                start.trainFrom() + "|" + start.labels() + "|" + config + "|" + options,
                graph,
                trainImages,
                validation);
        Optional<FineTuningCheckpoint.Progress> resumed = checkpoint.flatMap(c -> c.resume(runId, graph));
        resumed.ifPresent(r -> listener.onResume(0, r.epoch));
        FineTuningCheckpoint.Progress p = resumed.orElseGet(() ->
                new FineTuningCheckpoint.Progress(CheckpointFile.floats(graph.params()), new Random(config.seed())));
        while (p.epoch < config.maxEpochs() && p.stale < config.patience()) {
            p.epoch++;
            long epochBegan = System.nanoTime();
            double lossSum = 0;
            List<MultiDataSet> batches = batches(trainSet, options.balance().epoch(trainImages, p.order));
            for (MultiDataSet batch : batches) {
                graph.fit(batch);
                lossSum += graph.score();
            }
            double elapsed = (System.nanoTime() - epochBegan) / 1e9;
            float[][] probabilities = output(graph, validationFeatures);
            double loss = crossEntropy(probabilities, validationTargets);
            EpochLog log = new EpochLog(
                    0,
                    p.epoch,
                    config.maxEpochs(),
                    lossSum / batches.size(),
                    accuracy(probabilities, validationTargets),
                    loss,
                    distinctPredictions(probabilities),
                    elapsed);
            p.history.add(log);
            if (loss < p.bestLoss) {
                p.bestLoss = loss;
                p.bestParams = CheckpointFile.floats(graph.params());
                p.bestEpoch = p.epoch;
                p.stale = 0;
            } else {
                p.stale++;
            }
            checkpoint.ifPresent(c -> c.save(runId, graph, p));
            listener.onEpoch(log);
        }
        graph.setParams(CheckpointFile.toArray(p.bestParams));
        split.writeBackTo(head.graph());
        return new Result(
                head.writeBack(),
                start.trainFrom(),
                start.labels(),
                p.epoch,
                p.bestEpoch,
                activations.engine(),
                activations.seconds(),
                p.seconds(),
                config,
                options);
    }

    /** The frozen part's activations of every training and validation image, computed once, and what it cost. */
    private record Activations(MultiDataSet train, INDArray[] validation, String engine, double seconds) {
        static Activations of(
                TrainableHead head, Start start, List<Sample> train, List<Sample> validation, Targets targets) {
            long began = System.nanoTime();
            INDArray trainInput = images(start, train);
            FrozenActivations frozen =
                    head.frozenPart(trainInput.get(NDArrayIndex.interval(0, Math.min(PROBE, train.size()))));
            MultiDataSet trainSet =
                    new MultiDataSet(frozen.of(trainInput), new INDArray[] {targets(train, start.classes(), targets)});
            INDArray[] validationSet = frozen.of(images(start, validation));
            return new Activations(trainSet, validationSet, frozen.engine(), (System.nanoTime() - began) / 1e9);
        }
    }

    /**
     * The graph to fine-tune, where it starts, what its input is and which classes it learns.
     *
     * @param labels the fine-tuned network's classes in output order; when they are not the parent's, its classifier
     *               (the last layer with parameters) is replaced by a new one of that many outputs, trained from scratch
     */
    public record Start(
            ComputationGraph parent,
            String trainFrom,
            TensorFormat format,
            boolean channelsLast,
            List<String> labels,
            boolean newClassifier) {
        public Start {
            labels = List.copyOf(labels);
            OutputClasses.of(labels); // refuses duplicates, unknown names and a missing emotion
        }

        /** The parent's own classes: its classifier is kept and fine-tuned. */
        public Start(
                ComputationGraph parent,
                String trainFrom,
                TensorFormat format,
                boolean channelsLast,
                List<String> labels) {
            this(parent, trainFrom, format, channelsLast, labels, false);
        }

        /**
         * From a copy of {@code bundle}'s trainable graph (the bundle's own weights stay as they are), as it reads
         * images, learning {@code labels}: a new classifier when they are not the bundle's.
         */
        public static Start of(ModelBundle bundle, ParentGraph graph, String trainFrom, List<String> labels) {
            return new Start(
                    graph.graph().clone(),
                    trainFrom,
                    bundle.preprocessing().format(),
                    graph.channelsLast(),
                    labels,
                    !labels.equals(bundle.manifest().getLabels()));
        }

        public OutputClasses classes() {
            return OutputClasses.of(labels);
        }

        /** The first layer that reads the network's input: training from it trains every layer. */
        public static String firstLayer(ComputationGraph graph) {
            List<String> inputs = graph.getConfiguration().getNetworkInputs();
            for (int index : graph.topologicalSortOrder()) {
                var vertex = graph.getVertices()[index];
                List<String> reads = graph.getConfiguration().getVertexInputs().get(vertex.getVertexName());
                if (vertex.hasLayer() && reads != null && inputs.containsAll(reads)) {
                    return vertex.getVertexName();
                }
            }
            throw new IllegalArgumentException("no layer of the network reads its input");
        }

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
            throw new IllegalArgumentException(
                    "'" + start.trainFrom() + "' is not a layer of the network (or is its input)");
        }
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(parent)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder()
                        .updater(new Adam(options.learningRate()))
                        .seed(config.seed())
                        .build())
                .setFeatureExtractor(inputs.toArray(String[]::new));
        if (start.newClassifier()) {
            String classifier = Start.lastLayerWithParameters(parent);
            if (TrainableHead.frozen(parent, start.trainFrom()).contains(classifier)) {
                throw new IllegalArgumentException("a new classifier must be trained: '" + classifier + "' depends on '"
                        + start.trainFrom() + "' here, train from it or an earlier layer");
            }
            builder.nOutReplace(classifier, start.labels().size(), WeightInit.XAVIER);
        }
        if (!(parent.getOutputLayer(0) instanceof IOutputLayer)) {
            // an imported network ends in its softmax activation, without a loss: the same softmax as a loss layer
            String output = parent.getConfiguration().getNetworkOutputs().get(0);
            if (!(parent.getConfiguration().getVertices().get(output) instanceof LayerVertex vertex)
                    || !(vertex.getLayerConf().getLayer() instanceof ActivationLayer softmax)
                    || !(softmax.getActivationFn() instanceof ActivationSoftmax)) {
                throw new IllegalArgumentException("the network's output '" + output + "' is not a softmax: "
                        + "fine-tuning trains classifiers that end in one");
            }
            List<String> inputsOfOutput =
                    parent.getConfiguration().getVertexInputs().get(output);
            builder.removeVertexAndConnections(output)
                    .addLayer(
                            output,
                            new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                    .activation(Activation.SOFTMAX)
                                    .build(),
                            inputsOfOutput.toArray(String[]::new))
                    .setOutputs(output);
        }
        return builder.build();
    }

    private static INDArray images(Start start, List<Sample> samples) {
        return NetworkInput.of(samples.stream().map(Sample::pixels).toList(), start.format(), start.channelsLast());
    }

    private static float[][] output(ComputationGraph head, INDArray[] features) {
        List<float[]> rows = new ArrayList<>();
        long count = features[0].size(0);
        for (long start = 0; start < count; start += CHUNK) {
            long from = start;
            long to = Math.min(count, from + CHUNK);
            INDArray[] chunk = Arrays.stream(features)
                    .map(f -> f.get(interval(f, from, to)))
                    .toArray(INDArray[]::new);
            rows.addAll(List.of(head.output(false, chunk)[0].toFloatMatrix()));
        }
        return rows.toArray(float[][]::new);
    }

    /** Over the network's outputs; refused for an image of a class the network has not (neutral, to six outputs). */
    private static INDArray targets(List<Sample> samples, OutputClasses classes, Targets kind) {
        INDArray targets = Nd4j.zeros(samples.size(), classes.outputs());
        List<Emotion> known = classes.classes();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (!known.contains(s.label())) {
                throw new IllegalArgumentException("the data has " + s.label().label() + " faces and the network's "
                        + "classes are " + known + ": give it the class (--labels) or load the data without it");
            }
            for (Emotion emotion : known) {
                targets.putScalar(i, classes.outputOf(emotion), kind.of(s, emotion));
            }
        }
        return targets;
    }

    private List<MultiDataSet> batches(MultiDataSet all, List<Integer> epoch) {
        List<MultiDataSet> batches = new ArrayList<>();
        for (int from = 0; from < epoch.size(); from += config.batchSize()) {
            int[] rows = epoch.subList(from, Math.min(epoch.size(), from + config.batchSize())).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            batches.add(new MultiDataSet(rows(all.getFeatures(), rows), rows(all.getLabels(), rows)));
        }
        return batches;
    }

    /** The images and, after them, each one mirrored left to right (same person, same label). */
    static List<Sample> withMirrored(List<Sample> samples, int side) {
        List<Sample> out = new ArrayList<>(samples);
        for (Sample s : samples) {
            float[] mirrored = new float[s.pixels().length];
            for (int row = 0; row < side; row++) {
                for (int col = 0; col < side; col++) {
                    mirrored[row * side + col] = s.pixels()[row * side + side - 1 - col];
                }
            }
            out.add(s.withPixels(s.id() + "#mirrored", mirrored));
        }
        return out;
    }

    private static INDArray[] rows(INDArray[] arrays, int[] rows) {
        return Arrays.stream(arrays).map(array -> rows(array, rows)).toArray(INDArray[]::new);
    }

    /** The examples {@code rows} of an array of any rank (activations of a convolution are 4-d). */
    private static INDArray rows(INDArray array, int[] rows) {
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        index[0] = new SpecifiedIndex(rows);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return array.get(index).dup('c');
    }

    private static INDArrayIndex[] interval(INDArray array, long from, long to) {
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        index[0] = NDArrayIndex.interval(from, to);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return index;
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
        return (int) Arrays.stream(probabilities)
                .mapToInt(GraphFineTuner::argmax)
                .distinct()
                .count();
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            best = row[i] > row[best] ? i : best;
        }
        return best;
    }
}
