package io.emotionstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.trainer.eval.ClusteredProportion.Cluster;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusteredProportionTest {
    @Test
    void shouldEstimateThePooledProportionOverEveryImage() {
        // given three people with 10, 20 and 30 images
        List<Cluster> people = List.of(new Cluster(10, 5), new Cluster(20, 10), new Cluster(30, 27));

        // when
        ClusteredProportion p = ClusteredProportion.of(people);

        // then the estimate counts images, the interval holds it
        assertThat(p.n()).isEqualTo(60);
        assertThat(p.hits()).isEqualTo(42);
        assertThat(p.estimate()).isEqualTo(0.7);
        assertThat(p.clusters()).isEqualTo(3);
        assertThat(p.low()).isLessThan(0.7);
        assertThat(p.high()).isGreaterThan(0.7);
    }

    @Test
    void shouldWidenWhenPeopleDifferMoreThanImagesDo() {
        // given the same 100 of 200 hits, spread evenly or all-or-nothing by person
        List<Cluster> even = Collections.nCopies(10, new Cluster(20, 10));
        List<Cluster> allOrNothing = List.of(
                new Cluster(20, 20),
                new Cluster(20, 0),
                new Cluster(20, 20),
                new Cluster(20, 0),
                new Cluster(20, 20),
                new Cluster(20, 0),
                new Cluster(20, 20),
                new Cluster(20, 0),
                new Cluster(20, 20),
                new Cluster(20, 0));

        // when
        ClusteredProportion calm = ClusteredProportion.of(even);
        ClusteredProportion clustered = ClusteredProportion.of(allOrNothing);

        // then ten people who are each right or wrong on everything tell less than 200 independent images
        assertThat(clustered.estimate()).isEqualTo(calm.estimate());
        assertThat(clustered.high() - clustered.low()).isGreaterThan(2 * (calm.high() - calm.low()));
    }

    @Test
    void shouldKeepAnIntervalWhenEveryoneScoredFull() {
        // given ten people, every image right
        ClusteredProportion p = ClusteredProportion.of(Collections.nCopies(10, new Cluster(20, 20)));

        // then 1.0 is the estimate but not a certainty
        assertThat(p.estimate()).isEqualTo(1.0);
        assertThat(p.high()).isEqualTo(1.0);
        assertThat(p.low()).isBetween(0.9, 0.999);
    }

    @Test
    void shouldSayNothingAboutTheNextPersonFromOne() {
        ClusteredProportion p = ClusteredProportion.of(List.of(new Cluster(50, 40)));

        assertThat(p.estimate()).isEqualTo(0.8);
        assertThat(p.low()).isZero();
        assertThat(p.high()).isEqualTo(1.0);
    }

    @Test
    void shouldRefuseMoreHitsThanImages() {
        assertThatThrownBy(() -> new Cluster(3, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
