package io.emotionstream.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.Sample;
import io.emotionstream.schemas.Emotion;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticFacesTest {

    @Test
    void shouldGenerateEveryExpressionForEverySubject() {
        Dataset faces = SyntheticFaces.generate(Population.A, 5, 2, 7);

        assertThat(faces.size()).isEqualTo(5 * 6 * 2);
        assertThat(faces.classCounts())
                .containsOnlyKeys(Emotion.SIX.toArray(Emotion[]::new))
                .allSatisfy((e, n) -> assertThat(n).isEqualTo(10));
        assertThat(faces.samples().stream().map(Sample::subject).distinct()).hasSize(5);
        assertThat(faces.samples()).allSatisfy(s -> {
            assertThat(s.pixels()).hasSize(48 * 48);
            assertThat(s.groups()).containsEntry("population", "a").containsEntry("dataset", "synthetic");
        });
    }

    @Test
    void shouldBeDeterministicForASeed() {
        Dataset first = SyntheticFaces.generate(Population.B, 3, 1, 99);
        Dataset again = SyntheticFaces.generate(Population.B, 3, 1, 99);
        Dataset other = SyntheticFaces.generate(Population.B, 3, 1, 100);

        assertThat(again.fingerprint()).isEqualTo(first.fingerprint()).isNotEqualTo(other.fingerprint());
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.samples().get(i).pixels())
                    .containsExactly(first.samples().get(i).pixels());
        }
        assertThat(other.samples().get(0).pixels())
                .isNotEqualTo(first.samples().get(0).pixels());
    }

    @Test
    void shouldGiveThePopulationsVisiblyDifferentImages() {
        // the shift is in what a camera sees: A has light faces on dark backgrounds, B the reverse
        double cornerA = meanCorner(SyntheticFaces.generate(Population.A, 4, 1, 1));
        double cornerB = meanCorner(SyntheticFaces.generate(Population.B, 4, 1, 1));

        assertThat(cornerA).isLessThan(0.3);
        assertThat(cornerB).isGreaterThan(0.6);
    }

    @Test
    void shouldDrawExpressionsDifferently() {
        // the same identity and pose noise differ between expressions by more than the noise
        Map<Emotion, float[]> means = SyntheticFaces.generate(Population.A, 6, 3, 5).samples().stream()
                .collect(Collectors.groupingBy(
                        Sample::label, Collectors.collectingAndThen(Collectors.toList(), list -> {
                            float[] mean = new float[48 * 48];
                            list.forEach(s -> {
                                for (int i = 0; i < mean.length; i++) mean[i] += s.pixels()[i] / list.size();
                            });
                            return mean;
                        })));

        assertThat(distance(means.get(Emotion.SURPRISE), means.get(Emotion.ANGER)))
                .isGreaterThan(1.0);
        assertThat(distance(means.get(Emotion.HAPPINESS), means.get(Emotion.SADNESS)))
                .isGreaterThan(1.0);
    }

    private static double meanCorner(Dataset d) {
        return d.samples().stream()
                .mapToDouble(s -> (s.pixels()[0] + s.pixels()[47] + s.pixels()[47 * 48]) / 3)
                .average()
                .orElseThrow();
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }
}
