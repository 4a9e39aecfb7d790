package io.emotionstream.demo;

import io.emotionstream.broker.EmbeddedKafka;
import io.emotionstream.streamapp.LocalBroker;
import io.emotionstream.streamapp.ServeCommand;

/**
 * {@code ./emotion-stream serve}: the stream app's {@code serve}, with the embedded single-node broker when no
 * cluster is configured. The broker keeps its data beside the app's state (under the state directory), so a
 * restarted {@code serve} has every topic, record and offset it had. Deployments run the stream-app jar, which has
 * no broker in it.
 */
public final class LocalServe {
    /** The embedded broker on 127.0.0.1:{@code embedded.port}, its data under {@code state.dir/embedded-kafka}. */
    public static final LocalBroker.Starter EMBEDDED = config -> {
        EmbeddedKafka kafka =
                EmbeddedKafka.start(config.stateDir().resolve("embedded-kafka"), false, config.embeddedPort());
        return new LocalBroker() {
            @Override
            public String bootstrapServers() {
                return kafka.bootstrapServers();
            }

            @Override
            public void close() {
                kafka.close();
            }
        };
    };

    private LocalServe() {}

    public static void main(String[] args) {
        System.exit(ServeCommand.run(args, EMBEDDED));
    }
}
