package io.emotionstream.streamapp;

/**
 * Entry point of the Kafka Streams classifier. The topology, exactly-once processing and metrics arrive with
 * the stream-app issue; until then this module only proves that it builds against the shared {@code model} module.
 */
public final class StreamApp {
    private StreamApp() {
    }

    public static void main(String[] args) {
        System.err.println("emotion-stream: 'serve' is not implemented yet (see the stream-app issue)");
        System.exit(2);
    }
}
