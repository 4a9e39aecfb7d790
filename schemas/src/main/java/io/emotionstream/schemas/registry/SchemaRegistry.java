package io.emotionstream.schemas.registry;

import org.apache.avro.Schema;

/**
 * A schema registry as this system uses it: schemas registered under a subject (TopicNameStrategy: {@code TOPIC-value}),
 * looked up by the id a framed record carries. {@link RestSchemaRegistry} speaks the Confluent REST API, which Confluent
 * Schema Registry and Apicurio Registry (its {@code /apis/ccompat/v7} endpoint) both serve.
 */
public interface SchemaRegistry {
    /**
     * The id of {@code schema} under {@code subject}, registering it as the subject's next version if it is new. One
     * call to the registry each time: {@link AvroCodec} keeps the id of its own schema.
     */
    int register(String subject, Schema schema);

    /**
     * The schema with registry id {@code id}.
     *
     * @throws UnknownSchemaIdException when the registry has no schema with that id (a record's bytes are wrong)
     * @throws SchemaRegistryException  when the registry cannot answer (down, unreachable, a bad response)
     */
    Schema schema(int id);

    /** Sets the compatibility level a new version of {@code subject} must meet. */
    void setCompatibility(String subject, Compatibility level);

    /** The subject of a topic's values under the TopicNameStrategy. */
    static String valueSubject(String topic) {
        return topic + "-value";
    }

    /** Compatibility levels of the Confluent REST API. */
    enum Compatibility {
        NONE,
        BACKWARD,
        BACKWARD_TRANSITIVE,
        FORWARD,
        FORWARD_TRANSITIVE,
        FULL,
        FULL_TRANSITIVE
    }
}
