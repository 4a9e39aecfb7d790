package io.emotionstream.demo;

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
    /** slf4j-simple's setting for its output: a file path, or System.err / System.out. */
    static final String SLF4J_SIMPLE_LOG_FILE = "org.slf4j.simpleLogger.logFile";

    private static final int MAX_READ = 16 * 1024 * 1024;
    private static final Pattern LEVEL = Pattern.compile("(?m)^\\[[^\\]\\n]*\\] (WARN|ERROR) ");

    private final Path file;
    private long readUpTo;
    private long warnings;
    private long errors;

    private LibraryLog(Path file, long readUpTo) {
        this.file = file;
        this.readUpTo = readUpTo;
    }

    /**
     * Sends every library's log lines to {@code file}, which then holds this run only (slf4j-simple truncates it); the
     * last run's is kept beside it as {@code previous-<name>}. Takes effect only if no library has logged yet in this
     * JVM: slf4j-simple reads its settings once.
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
        System.setProperty(SLF4J_SIMPLE_LOG_FILE, file.toString());
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
