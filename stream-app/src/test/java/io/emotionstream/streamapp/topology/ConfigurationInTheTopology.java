package io.emotionstream.streamapp.topology;

import io.emotionstream.streamapp.config.StreamsProperties;

/** A deliberate violation for PackagesTest: a topology reading the configuration. Test code, never shipped. */
final class ConfigurationInTheTopology {
    String name() {
        return StreamsProperties.class.getSimpleName();
    }
}
