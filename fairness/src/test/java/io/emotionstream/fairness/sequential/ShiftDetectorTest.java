package io.emotionstream.fairness.sequential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShiftDetectorTest {
    @Test
    void shouldStayQuietWhileTheConfidencesFitTheOutcomes() {
        // given 200 streams of 20,000 labels from a calibrated model (right with probability equal to its confidence)
        int alarmed = 0;
        for (int stream = 0; stream < 200; stream++) {
            SplittableRandom random = new SplittableRandom(stream);
            ShiftDetector detector = new ShiftDetector();
            for (int t = 0; t < 20_000 && !detector.alarmed(); t++) {
                double confidence = 0.35 + 0.65 * random.nextDouble();
                detector.add((random.nextDouble() < confidence ? 1 : 0) - confidence, 0.1);
            }
            alarmed += detector.alarmed() ? 1 : 0;
        }

        // then none alarms (its average run length to a false alarm is at least half a million labels)
        assertThat(alarmed).isZero();
    }

    @Test
    void shouldAlarmSoonAfterALateShiftThatTheCumulativeFiguresWouldDilute() {
        // given 10,000 calibrated labels, then the accuracy falls by 0.3 while the confidences stay as they were
        SplittableRandom random = new SplittableRandom(11);
        ShiftDetector detector = new ShiftDetector();
        int t = 0;
        for (; t < 10_000; t++) {
            double confidence = 0.35 + 0.65 * random.nextDouble();
            detector.add((random.nextDouble() < confidence ? 1 : 0) - confidence, 0.1);
        }
        assertThat(detector.alarmed()).isFalse();
        int after = 0;
        while (!detector.alarmed() && after < 5_000) {
            double confidence = 0.35 + 0.65 * random.nextDouble();
            detector.add((random.nextDouble() < confidence - 0.3 ? 1 : 0) - confidence, 0.1);
            after++;
        }

        // then it alarms within a few hundred labels of the shift
        assertThat(detector.alarmed()).isTrue();
        assertThat(after).isBetween(50, 600);
    }
}
