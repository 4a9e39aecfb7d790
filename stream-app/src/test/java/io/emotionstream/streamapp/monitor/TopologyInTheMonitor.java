package io.emotionstream.streamapp.monitor;

import io.emotionstream.streamapp.config.StreamsProperties;
import io.emotionstream.streamapp.topology.ClassificationTopology;

/**
 * A deliberate violation for PackagesTest: the monitor reaching into the classification graph and into the
 * configuration. Test code, never shipped.
 */
final class TopologyInTheMonitor {
    String names() {
        return ClassificationTopology.MICRO_BATCHER + StreamsProperties.class.getSimpleName();
    }
}
