package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryLogTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountOnlyTheWarningsAndErrorsWrittenSinceItStartedWatching() throws Exception {
        // given a log that already holds an error
        Path file = Files.writeString(dir.resolve("demo.log"), "[main] ERROR org.example.Old - before\n");
        LibraryLog log = LibraryLog.watching(file);

        // when libraries append warnings, an error, other levels and a line still being written
        append(
                file,
                "[main] WARN org.apache.kafka.X - one\n[t-1] INFO org.apache.kafka.Y - not counted\n"
                        + "[kafka-producer-network-thread | p-1] ERROR org.apache.kafka.Z - two\n  at WARN in a stack trace\n"
                        + "[main] WARN org.apache.kafka.X - half a li");

        // then only the complete new WARN and ERROR lines count; the rest of the half line counts once it is complete
        assertThat(log.summary()).startsWith("1 warnings, 1 errors in ");
        append(file, "ne\n");
        assertThat(log.summary()).startsWith("2 warnings, 1 errors in ");
        assertThat(log.errors()).isEqualTo(1);
    }

    @Test
    void shouldCountFromTheStartAgainWhenTheFileIsTruncated() throws Exception {
        // given a watched log with lines counted
        Path file = Files.writeString(dir.resolve("demo.log"), "");
        LibraryLog log = LibraryLog.watching(file);
        append(file, "[main] WARN a - 1\n[main] WARN a - 2\n[main] WARN a - 3\n");
        assertThat(log.summary()).startsWith("3 warnings");

        // when the logger starts the file again with less in it
        Files.writeString(file, "[main] ERROR b - 1\n");

        // then what it holds now is counted
        assertThat(log.errors()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheLastRunsLogBesideTheNewOneWhenRedirecting() throws Exception {
        // given the log of an earlier run
        Path file = Files.writeString(dir.resolve("demo.log"), "[main] ERROR a - earlier run\n");
        String before = System.getProperty(LibraryLog.SLF4J_SIMPLE_LOG_FILE);
        try {
            // when a new run redirects the libraries' logs there
            LibraryLog log = LibraryLog.redirectTo(file);

            // then the earlier log is kept as previous-demo.log, slf4j-simple is pointed at the file, and nothing
            // of the earlier run is counted
            assertThat(dir.resolve("previous-demo.log")).hasContent("[main] ERROR a - earlier run");
            assertThat(file).doesNotExist();
            assertThat(System.getProperty(LibraryLog.SLF4J_SIMPLE_LOG_FILE)).isEqualTo(file.toString());
            assertThat(log.summary()).startsWith("0 warnings, 0 errors in ");
        } finally {
            if (before == null) {
                System.clearProperty(LibraryLog.SLF4J_SIMPLE_LOG_FILE);
            } else {
                System.setProperty(LibraryLog.SLF4J_SIMPLE_LOG_FILE, before);
            }
        }
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }
}
