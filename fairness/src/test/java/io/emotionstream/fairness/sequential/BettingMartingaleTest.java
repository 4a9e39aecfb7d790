package io.emotionstream.fairness.sequential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The betting martingale's two promises, by simulation: under the null (differences of mean 0) the wealth reaches
 * 1/alpha in at most alpha of the streams, however long they are watched (Ville's inequality); under an alternative
 * it grows without bound.
 */
class BettingMartingaleTest {
    private static final double ALPHA = 0.05;

    @Test
    void shouldReachOneOverAlphaInAtMostAlphaOfStreamsWhenTheMeanIsZero() {
        // given 2,000 streams of 2,000 paired differences of two equal coins (right 70% of the time each)
        SplittableRandom random = new SplittableRandom(11);
        int streams = 2_000;
        int crossed = 0;
        for (int s = 0; s < streams; s++) {
            BettingMartingale wealth = new BettingMartingale();
            for (int t = 0; t < 2_000; t++) {
                // when each difference is bet on, and the wealth looked at after every one
                wealth.observe(coin(random, 0.7) - coin(random, 0.7));
                if (wealth.logWealth() >= Math.log(1 / ALPHA)) {
                    crossed++;
                    break;
                }
            }
        }

        // then it crossed in at most alpha of the streams
        assertThat((double) crossed / streams).isLessThanOrEqualTo(ALPHA);
    }

    @Test
    void shouldGrowWhenOneCoinIsBetterAndBetOnItsSide() {
        // given differences of a coin right 80% of the time and one right 60%
        SplittableRandom random = new SplittableRandom(3);
        BettingMartingale better = new BettingMartingale();
        BettingMartingale worse = new BettingMartingale();

        // when 2,000 pairs are bet on, both ways round
        for (int t = 0; t < 2_000; t++) {
            int z = coin(random, 0.8) - coin(random, 0.6);
            better.observe(z);
            worse.observe(-z);
        }

        // then both become rich (the test is two-sided), betting with opposite signs within the allowed range
        assertThat(better.logWealth()).isGreaterThan(Math.log(1e6));
        assertThat(worse.logWealth()).isGreaterThan(Math.log(1e6));
        assertThat(better.bet()).isPositive().isLessThanOrEqualTo(BettingMartingale.MAX_BET);
        assertThat(worse.bet()).isNegative().isGreaterThanOrEqualTo(-BettingMartingale.MAX_BET);
    }

    @Test
    void shouldStartAtOneAndLoseLittleOnTies() {
        BettingMartingale wealth = new BettingMartingale();
        assertThat(wealth.logWealth()).isZero();

        for (int t = 0; t < 1_000; t++) {
            wealth.observe(0);
        }

        assertThat(wealth.logWealth()).isZero();
        assertThat(wealth.bet()).isZero();
    }

    private static int coin(SplittableRandom random, double p) {
        return random.nextDouble() < p ? 1 : 0;
    }
}
