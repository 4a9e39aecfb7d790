package io.emotionstream.streamapp.violation;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deliberate violation for ArchitectureTest: serving code setting a level on the logging backend instead of going
 * through the logging settings. Test code, never shipped.
 */
public final class LogbackInTheStreamApp {
    public void quiet() {
        ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
    }
}
