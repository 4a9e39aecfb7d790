package io.emotionstream.schemas.registry;

/** The registry answered that it has no schema with the id a record carries. */
public final class UnknownSchemaIdException extends RuntimeException {
    private final int id;

    public UnknownSchemaIdException(int id) {
        super("the schema registry has no schema with id " + id);
        this.id = id;
    }

    public int id() {
        return id;
    }
}
