package io.emotionstream.streamapp.provision;

import io.emotionstream.schemas.registry.AvroCodec;
import io.emotionstream.schemas.registry.SchemaRegistry.Compatibility;
import io.emotionstream.schemas.registry.SchemaRegistryException;
import io.emotionstream.schemas.registry.TopicCodecs;
import io.emotionstream.streamapp.config.ConfigException;

/**
 * With a schema registry configured: every subject the app reads or writes gets compatibility {@code BACKWARD} (a new
 * schema must read all data written with the previous one, so consumers can upgrade first), and under the subjects of
 * the topics it writes this build's schema is registered. The input subjects are left to their producers: registering
 * this build's schema there would make it the latest version producers look up, though it may be older than theirs.
 * Runs once at start-up, after the topics: a registry that cannot be reached, or that refuses this build's schema as
 * incompatible, stops start-up with one message instead of failing on the first record. Without a registry it does
 * nothing.
 */
public final class SchemaProvisioner {
    public static final Compatibility COMPATIBILITY = Compatibility.BACKWARD;

    private SchemaProvisioner() {}

    public static void provision(TopicCodecs codecs) {
        codecs.inputs().forEach(codec -> provision(codec, false));
        codecs.outputs().forEach(codec -> provision(codec, true));
    }

    private static void provision(AvroCodec<?> codec, boolean register) {
        try {
            codec.provision(COMPATIBILITY, register);
        } catch (SchemaRegistryException e) {
            throw new ConfigException("schema registry, subject " + codec.subject() + ": " + e.getMessage());
        }
    }
}
