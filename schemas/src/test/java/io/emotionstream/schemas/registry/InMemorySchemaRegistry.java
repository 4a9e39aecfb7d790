package io.emotionstream.schemas.registry;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** A fake registry for unit tests: ids from 1 in registration order, the same id for the same schema. */
final class InMemorySchemaRegistry implements SchemaRegistry {
    final Map<Integer, Schema> schemas = new HashMap<>();
    final Map<String, Compatibility> compatibility = new HashMap<>();
    int lookups;
    boolean down;

    @Override
    public synchronized int register(String subject, Schema schema) {
        for (Map.Entry<Integer, Schema> e : schemas.entrySet()) {
            if (e.getValue().equals(schema)) {
                return e.getKey();
            }
        }
        int id = schemas.size() + 1;
        schemas.put(id, schema);
        return id;
    }

    @Override
    public synchronized Schema schema(int id) {
        lookups++;
        if (down) {
            throw new SchemaRegistryException("connection refused");
        }
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new UnknownSchemaIdException(id);
        }
        return schema;
    }

    @Override
    public synchronized void setCompatibility(String subject, Compatibility level) {
        compatibility.put(subject, level);
    }
}
