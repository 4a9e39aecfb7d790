package io.emotionstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A class of the test classpath run as a process of its own, for tests that kill what they run (a hard kill must not
 * take the test with it): the same JVM, the same classpath, settings as environment variables, output to a file.
 */
public final class JavaProcess {
    private JavaProcess() {}

    public static Process launch(String mainClass, Map<String, String> environment, Path log, String heap) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir", ""),
                "-Demotion.log.level=warn",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }
}
