package io.emotionstream.demo;

import io.emotionstream.logging.LogSettings;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the demo's libraries (Kafka broker and clients, Kafka Streams, DL4J) log, so their lines do not scroll the live
 * view away, and a running count of their warnings and errors, so a problem is still seen at a glance: the view shows
 * the count and the file's path.
 */
final class LibraryLog {
    /** The logging setting for its output file (standard error when unset). */
    static final String LOG_FILE = LogSettings.FILE.property();

    private static final int MAX_READ = 16 * 1024 * 1024;
    /** The level of a line as text ({@code TIME [THREAD] LEVEL ...}) or JSON ({@code "level":"WARN"}) writes it. */
    private static final Pattern LEVEL =
            Pattern.compile("(?m)^(?:\\S+ \\[[^\\]\\n]*\\] |\\{.*?\"level\":\")(WARN|ERROR)[ \"]");

    private final Path file;
    private long readUpTo;
    private long warnings;
    private long errors;

    private LibraryLog(Path file, long readUpTo) {
        this.file = file;
        this.readUpTo = readUpTo;
    }

    /**
     * Sends every library's log lines to {@code file}, which then holds this run only (the logging set-up starts it
     * again); the last run's is kept beside it as {@code previous-<name>}. Takes effect only if nothing has logged yet
     * in this JVM: logging is set up once, at the first logger.
     */
    static LibraryLog redirectTo(Path file) {
        try {
            if (Files.exists(file)) {
                Files.move(
                        file,
                        file.resolveSibling("previous-" + file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the last run's log " + file, e);
        }
        System.setProperty(LOG_FILE, file.toString());
        return new LibraryLog(file, 0);
    }

    /** Counts the warnings and errors written to {@code file} from now on. */
    static LibraryLog watching(Path file) {
        long end;
        try {
            end = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            end = 0;
        }
        return new LibraryLog(file, end);
    }

    Path file() {
        return file;
    }

    /** Reads what was appended since the last call and returns the counts so far. */
    String summary() {
        readNewLines();
        return String.format("%d warnings, %d errors in %s", warnings, errors, file);
    }

    long errors() {
        readNewLines();
        return errors;
    }

    private void readNewLines() {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length < readUpTo) {
                readUpTo = 0; // the file was started again (truncated): count what it holds now
            }
            if (length == readUpTo) {
                return;
            }
            byte[] added = new byte[(int) Math.min(length - readUpTo, MAX_READ)];
            in.seek(readUpTo);
            in.readFully(added);
            int complete = lastNewline(added) + 1; // a line still being written is counted next time
            if (complete == 0 && added.length == MAX_READ) {
                complete = added.length; // one line longer than a whole read: skip it rather than stall here
            }
            Matcher m = LEVEL.matcher(new String(added, 0, complete, StandardCharsets.UTF_8));
            while (m.find()) {
                if (m.group(1).equals("ERROR")) {
                    errors++;
                } else {
                    warnings++;
                }
            }
            readUpTo += complete;
        } catch (IOException e) {
            // no file yet (nothing logged): nothing to count
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
