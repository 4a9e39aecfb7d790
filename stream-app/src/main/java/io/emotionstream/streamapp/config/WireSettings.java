package io.emotionstream.streamapp.config;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.registry.RestSchemaRegistry;
import io.emotionstream.schemas.registry.SchemaRegistry;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.schemas.registry.WireFormat;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How the app's Avro values travel: the format it writes, and the schema registry it reads framed records with (keys
 * {@code wire.format}, {@code schema.registry.url}). Inputs are read in either format whatever is written.
 *
 * @param registryUrl the Confluent REST API of a schema registry: Confluent Schema Registry's root, or Apicurio
 *                    Registry's {@code /apis/ccompat/v7}
 */
public record WireSettings(WireFormat writeFormat, Optional<URI> registryUrl) {
    /** How long one registry call may take before the app treats the registry as unreachable. */
    public static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(10);

    public WireSettings {
        if (writeFormat == WireFormat.CONFLUENT && registryUrl.isEmpty()) {
            throw new ConfigException("wire.format=confluent needs schema.registry.url");
        }
        registryUrl.ifPresent(url -> {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new ConfigException("schema.registry.url must be an http(s) URL, not '" + url + "'");
            }
        });
    }

    /** Every topic's codec; with a registry URL, one client shared by all. */
    public TopicCodecs codecs(Topics topics) {
        Optional<SchemaRegistry> registry = registryUrl.map(url -> new RestSchemaRegistry(url, REGISTRY_TIMEOUT));
        return TopicCodecs.of(topics, writeFormat, registry);
    }
}
