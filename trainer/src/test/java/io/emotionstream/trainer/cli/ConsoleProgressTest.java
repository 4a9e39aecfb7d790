package io.emotionstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.trainer.train.EpochLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    @Test
    void shouldBoundTheTimeLeftByTheAttemptsMeanEpoch() {
        // given a 10-epoch budget whose first epochs took 20 s and 40 s
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress progress =
                new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "[ferplus]");

        // when both are reported, then a restart's first epoch of 5 s
        progress.onEpoch(new EpochLog(0, 1, 10, 1.0, 0.5, 1.0, 6, 20));
        progress.onEpoch(new EpochLog(0, 2, 10, 1.0, 0.5, 1.0, 6, 40));
        progress.onEpoch(new EpochLog(1, 1, 10, 1.0, 0.5, 1.0, 6, 5));

        // then 9 x 20 s, 8 x 30 s, and for the restart 9 x 5 s (its own epochs only)
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList())
                .satisfiesExactly(
                        first -> assertThat(first).contains("epoch  1/10").endsWith("at most 3:00 left"),
                        second -> assertThat(second).endsWith("at most 4:00 left"),
                        restart -> assertThat(restart)
                                .contains("at most 0:45 left")
                                .endsWith("(restart 1)"));
    }

    @Test
    void shouldWriteHoursWhenThereAreAny() {
        assertThat(ConsoleProgress.duration(3849)).isEqualTo("1:04:09");
        assertThat(ConsoleProgress.duration(7.4)).isEqualTo("0:07");
    }
}
