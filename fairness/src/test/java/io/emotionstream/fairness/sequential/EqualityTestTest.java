package io.emotionstream.fairness.sequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EqualityTestTest {
    @Test
    void shouldHoldNoEvidenceBeforeAnyOutcomeBecauseItsWeightsSumToOne() {
        EqualityTest test = new EqualityTest(20);

        assertThat(test.logEValue()).isCloseTo(0.0, within(1e-12));
        assertThat(test.standingOut()).isEmpty();
    }

    @Test
    void shouldFindTheGroupThatDiffersAmongFour() {
        // given four groups, three right 80% of the time and "c" right 50%
        SplittableRandom random = new SplittableRandom(5);
        EqualityTest test = new EqualityTest(20);
        String[] groups = {"a", "b", "c", "d"};

        // when 4,000 outcomes arrive in turn
        for (int t = 0; t < 4_000; t++) {
            String group = groups[t % 4];
            test.observe(group, random.nextDouble() < (group.equals("c") ? 0.5 : 0.8));
        }

        // then the evidence against "all equal" is overwhelming, and "c" stands out
        assertThat(test.logEValue()).isGreaterThan(Math.log(1e6));
        assertThat(test.standingOut()).contains("c");
    }

    @Test
    void shouldNotGrowWhenAllGroupsAreEqual() {
        SplittableRandom random = new SplittableRandom(9);
        EqualityTest test = new EqualityTest(20);
        String[] groups = {"a", "b", "c"};

        for (int t = 0; t < 6_000; t++) {
            test.observe(groups[random.nextInt(3)], random.nextDouble() < 0.7);
        }

        assertThat(test.logEValue()).isLessThan(Math.log(20));
    }
}
