package io.emotionstream.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.datasets.DataSources;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.LabelShares;
import io.emotionstream.datasets.Sample;
import io.emotionstream.model.bundle.PretrainedGraphs;
import io.emotionstream.model.network.NetworkInput;
import io.emotionstream.model.preprocess.Preprocessing;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.train.Balance;
import io.emotionstream.trainer.train.Targets;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingListener;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class GraphFineTunerTest {
    private static final Preprocessing INPUT = PretrainedGraphs.INPUT;

    @BeforeAll
    static void nd4j() {
        NativeRuntime.init();
    }

    @Test
    void shouldTrainTheHeadAndKeepEveryLayerBeforeItAsTheParentHadIt() {
        // given an imported-like network (no loss layer, ends in a softmax activation) and synthetic faces
        ComputationGraph parent = PretrainedGraphs.importedLike();
        INDArray convBefore = parent.getLayer("conv").params().dup();
        INDArray headBefore = parent.getLayer("head").params().dup();
        Dataset faces = DataSources.load("synthetic:a:6:2", "auto", Map.of(), 7, INPUT);
        List<Sample> train = faces.samples().subList(0, 48);
        List<Sample> validation = faces.samples().subList(48, faces.size());

        // when the head is fine-tuned
        GraphFineTuner.Result result = new GraphFineTuner(
                        new TrainingConfig(4, 16, 4, 80, 0, 3),
                        GraphFineTuner.Options.of(0.01),
                        TrainingListener.SILENT)
                .fineTune(
                        new GraphFineTuner.Start(parent, "head", INPUT.format(), false, PretrainedGraphs.SEVEN),
                        train,
                        validation);

        // then the convolution is the parent's, the head moved, and the graph still ends in seven probabilities
        assertThat(result.trainedFrom()).isEqualTo("head");
        assertThat(result.epochsRun()).isEqualTo(4);
        assertThat(result.graph().getLayer("conv").params()).isEqualTo(convBefore);
        assertThat(result.graph().getLayer("head").params()).isNotEqualTo(headBefore);
        assertThat(GraphFineTuner.Start.lastLayerWithParameters(parent)).isEqualTo("head");
    }

    @Test
    void shouldAddEachTrainingImageMirroredLeftToRightAfterTheOriginals() {
        // given one 3x3 image of a person
        Sample face =
                new Sample("f1", Emotion.FEAR, "s1", Map.of("dataset", "d"), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});

        // when mirrored copies are added
        List<Sample> both = GraphFineTuner.withMirrored(List.of(face), 3);

        // then the original comes first and its mirror image follows, same person and label, each row reversed
        assertThat(both).hasSize(2).first().isSameAs(face);
        Sample mirrored = both.get(1);
        assertThat(mirrored.pixels()).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
        assertThat(mirrored.label()).isEqualTo(Emotion.FEAR);
        assertThat(mirrored.subject()).isEqualTo("s1");
        assertThat(mirrored.groups()).isEqualTo(face.groups());
        assertThat(mirrored.id()).isNotEqualTo(face.id());
        assertThat(mirrored.shares()).isEqualTo(face.shares());
    }

    @Test
    void shouldLearnFromTheVoteSharesOnlyWhenAskedTo() {
        // given synthetic faces whose annotators split their votes between the label and surprise
        Dataset faces = DataSources.load("synthetic:a:6:2", "auto", Map.of(), 7, INPUT);
        List<Sample> split = faces.samples().stream()
                .map(s -> new Sample(
                        s.id(),
                        s.label(),
                        s.subject(),
                        s.groups(),
                        s.pixels(),
                        LabelShares.ofVotes(
                                s.label() == Emotion.SURPRISE
                                        ? Map.of(Emotion.SURPRISE, 1)
                                        : Map.of(s.label(), 6, Emotion.SURPRISE, 4))))
                .toList();
        List<Sample> oneLabel = faces.samples();

        // when the head is fine-tuned on each, with the label's targets and with the votes'
        INDArray majority = headAfter(split, Targets.MAJORITY);
        INDArray votes = headAfter(split, Targets.VOTES);
        INDArray votesOfOneLabel = headAfter(oneLabel, Targets.VOTES);

        // then the votes changed what was learnt, and where every vote went to the label they are the label
        assertThat(votes.sub(majority).amaxNumber().doubleValue()).isGreaterThan(1e-4);
        assertThat(votesOfOneLabel
                        .sub(headAfter(oneLabel, Targets.MAJORITY))
                        .amaxNumber()
                        .doubleValue())
                .isZero();
        assertThat(headAfter(split, Targets.MAJORITY).sub(majority).amaxNumber().doubleValue())
                .isZero();
    }

    private static INDArray headAfter(List<Sample> samples, Targets targets) {
        GraphFineTuner tuner = new GraphFineTuner(
                new TrainingConfig(2, 16, 2, 80, 0, 3),
                new GraphFineTuner.Options(0.01, Balance.NONE, false, targets),
                TrainingListener.SILENT);
        GraphFineTuner.Result result = tuner.fineTune(
                new GraphFineTuner.Start(
                        PretrainedGraphs.importedLike(), "head", INPUT.format(), false, PretrainedGraphs.SEVEN),
                samples.subList(0, 48),
                samples.subList(48, samples.size()));
        return result.graph().getLayer("head").params().dup();
    }

    @Test
    void shouldGiveANewClassifierToALabelSetThatIsNotTheParents() {
        // given a seven-class parent (neutral last) and six-class faces
        ComputationGraph parent = PretrainedGraphs.importedLike();
        INDArray convBefore = parent.getLayer("conv").params().dup();
        Dataset faces = DataSources.load("synthetic:a:6:2", "auto", Map.of(), 7, INPUT);
        List<String> six = List.of("happiness", "anger", "disgust", "fear", "sadness", "surprise");

        // when it is fine-tuned to the six emotions in another order
        GraphFineTuner.Result result = new GraphFineTuner(
                        new TrainingConfig(6, 16, 6, 80, 0, 3),
                        GraphFineTuner.Options.of(0.05),
                        TrainingListener.SILENT)
                .fineTune(
                        new GraphFineTuner.Start(parent, "head", INPUT.format(), false, six, true),
                        faces.samples().subList(0, 48),
                        faces.samples().subList(48, faces.size()));

        // then its classifier has six outputs, the layers before it are the parent's, and each row is a distribution
        assertThat(result.labels()).isEqualTo(six);
        assertThat(result.graph().getLayer("head").numParams())
                .as("8 features x 6 + 6 biases")
                .isEqualTo(54);
        assertThat(result.graph().getLayer("conv").params()).isEqualTo(convBefore);
        INDArray input =
                NetworkInput.of(faces.samples().stream().map(Sample::pixels).toList(), INPUT.format(), false);
        INDArray probabilities = result.graph().outputSingle(input);
        assertThat(probabilities.columns()).isEqualTo(6);
        assertThat(probabilities.sum(1).sub(1).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void shouldRefuseANewClassifierThatWouldStayFrozen() {
        Dataset faces = DataSources.load("synthetic:a:2:1", "auto", Map.of(), 7, INPUT);
        GraphFineTuner tuner = new GraphFineTuner(
                new TrainingConfig(1, 16, 1, 80, 0, 3), GraphFineTuner.Options.of(0.01), TrainingListener.SILENT);
        List<String> six = List.of("anger", "disgust", "fear", "happiness", "sadness", "surprise");

        assertThatThrownBy(() -> tuner.fineTune(
                        new GraphFineTuner.Start(
                                PretrainedGraphs.importedLike(), "predictions", INPUT.format(), false, six, true),
                        faces.samples(),
                        faces.samples()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a new classifier must be trained");
    }

    @Test
    void shouldRefuseToStartFromALayerTheNetworkDoesNotHave() {
        Dataset faces = DataSources.load("synthetic:a:2:1", "auto", Map.of(), 7, INPUT);
        GraphFineTuner tuner = new GraphFineTuner(
                new TrainingConfig(1, 16, 1, 80, 0, 3), GraphFineTuner.Options.of(0.01), TrainingListener.SILENT);

        assertThatThrownBy(() -> tuner.fineTune(
                        new GraphFineTuner.Start(
                                PretrainedGraphs.importedLike(), "nope", INPUT.format(), false, PretrainedGraphs.SEVEN),
                        faces.samples(),
                        faces.samples()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope' is not a layer");
    }
}
