package io.emotionstream.schemas.registry;

/** The registry could not answer: not the record's fault, so never a dead letter by itself. */
public class SchemaRegistryException extends RuntimeException {
    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
