package io.emotionstream.schemas.registry;

/**
 * The registry did not answer a lookup (refused connection, timeout, HTTP 5xx, 429 or 408) within the lookup's wait:
 * no fault of the record that carried the id. Readers dead-letter such a record with its own reason
 * ({@code schema_registry_unavailable}), bytes intact, so it can be replayed once the registry is back.
 */
public final class SchemaRegistryUnavailableException extends SchemaRegistryException {
    public SchemaRegistryUnavailableException(String message) {
        super(message);
    }

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
