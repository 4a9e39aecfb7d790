package io.emotionstream.streamapp.violation;

import io.emotionstream.broker.EmbeddedKafka;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A deliberate violation for ArchitectureTest: serving code starting a broker and doing tensor maths outside the
 * classifier adapter. Test code, never shipped.
 */
public final class BrokerInTheStreamApp {
    public String start() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            return kafka.bootstrapServers() + Nd4j.zeros(1).sumNumber();
        }
    }
}
