package io.emotionstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emotionstream.trainer.eval.PairedDifference.Pair;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {
    @Test
    void shouldSayFirstMinusSecondOverTheSameImages() {
        // given ten people of 20 images: the first model gets 15 of each right, the second 10
        PairedDifference d = PairedDifference.of(Collections.nCopies(10, new Pair(20, 15, 10)));

        // then +0.25 and, with every person agreeing, an interval that excludes zero
        assertThat(d.estimate()).isEqualTo(0.25);
        assertThat(d.significant()).isTrue();
        assertThat(d.clusters()).isEqualTo(10);
        assertThat(d.n()).isEqualTo(200);
    }

    @Test
    void shouldNotCallItADifferenceWhenPeopleDisagreeAboutIt() {
        // given half the people better with the first, half with the second
        PairedDifference d = PairedDifference.of(List.of(
                new Pair(20, 18, 8),
                new Pair(20, 8, 18),
                new Pair(20, 17, 9),
                new Pair(20, 9, 17),
                new Pair(20, 16, 10),
                new Pair(20, 10, 16)));

        assertThat(d.estimate()).isZero();
        assertThat(d.significant()).isFalse();
    }

    @Test
    void shouldRefuseMoreHitsThanImages() {
        assertThatThrownBy(() -> new Pair(3, 4, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
