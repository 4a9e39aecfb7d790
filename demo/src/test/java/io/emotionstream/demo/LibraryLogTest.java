package io.emotionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryLogTest {
    /** The time stamp that starts a text log line. */
    private static final String T = "2026-12-07T22:30:00.123Z ";

    @TempDir
    Path dir;

    @Test
    void shouldCountOnlyTheWarningsAndErrorsWrittenSinceItStartedWatching() throws Exception {
        // given a log that already holds an error
        Path file = Files.writeString(dir.resolve("demo.log"), T + "[main] ERROR org.example.Old - before\n");
        LibraryLog log = LibraryLog.watching(file);

        // when libraries append warnings, an error, other levels and a line still being written
        append(
                file,
                T + "[main] WARN  org.apache.kafka.X - one\n" + T + "[t-1] INFO  org.apache.kafka.Y - not counted\n"
                        + T
                        + "[kafka-producer-network-thread | p-1] ERROR org.apache.kafka.Z - two\n  at WARN in a stack trace\n"
                        + T + "[main] WARN  org.apache.kafka.X - half a li");

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
        append(file, T + "[main] WARN  a - 1\n" + T + "[main] WARN  a - 2\n" + T + "[main] WARN  a - 3\n");
        assertThat(log.summary()).startsWith("3 warnings");

        // when the logger starts the file again with less in it
        Files.writeString(file, T + "[main] ERROR b - 1\n");

        // then what it holds now is counted
        assertThat(log.errors()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheLastRunsLogBesideTheNewOneWhenRedirecting() throws Exception {
        // given the log of an earlier run
        Path file = Files.writeString(dir.resolve("demo.log"), T + "[main] ERROR a - earlier run\n");
        String before = System.getProperty(LibraryLog.LOG_FILE);
        try {
            // when a new run redirects the libraries' logs there
            LibraryLog log = LibraryLog.redirectTo(file);

            // then the earlier log is kept as previous-demo.log, logging is pointed at the file, and nothing
            // of the earlier run is counted
            assertThat(dir.resolve("previous-demo.log")).hasContent(T + "[main] ERROR a - earlier run");
            assertThat(file).doesNotExist();
            assertThat(System.getProperty(LibraryLog.LOG_FILE)).isEqualTo(file.toString());
            assertThat(log.summary()).startsWith("0 warnings, 0 errors in ");
        } finally {
            if (before == null) {
                System.clearProperty(LibraryLog.LOG_FILE);
            } else {
                System.setProperty(LibraryLog.LOG_FILE, before);
            }
        }
    }

    @Test
    void shouldCountWarningsAndErrorsOfJsonLines() throws Exception {
        // given a log written as JSON lines (EMOTION_LOG_FORMAT=json)
        Path file = Files.writeString(dir.resolve("demo.log"), "");
        LibraryLog log = LibraryLog.watching(file);

        // when libraries append a warning, an error and an info line that mentions a level in its message
        append(
                file,
                "{\"timestamp\":1,\"level\":\"WARN\",\"loggerName\":\"a\",\"message\":\"one\"}\n"
                        + "{\"timestamp\":2,\"level\":\"ERROR\",\"loggerName\":\"b\",\"message\":\"two\"}\n"
                        + "{\"timestamp\":3,\"level\":\"INFO\",\"loggerName\":\"c\",\"message\":\"\\\"level\\\":\\\"WARN\\\"\"}\n");

        // then the warning and the error count, the info line does not
        assertThat(log.summary()).startsWith("1 warnings, 1 errors in ");
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }
}
