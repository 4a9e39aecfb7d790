package io.emotionstream.model.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emotionstream.schemas.model.ModelManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/** manifest.json is the Avro JSON encoding of {@link ModelManifest}: human-readable and schema-checked on read. */
public final class ManifestJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestJson() {
    }

    public static String write(ModelManifest manifest) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(ModelManifest.getClassSchema(), out, true);
            new SpecificDatumWriter<>(ModelManifest.class).write(manifest, encoder);
            encoder.flush();
            return out.toString(StandardCharsets.UTF_8) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a manifest of this or an older version. Avro's JSON decoder needs every field of the schema it is given,
     * so a manifest written before a field existed is read as what it is (the fields it has) and resolved against
     * the current schema, which fills the new fields' defaults.
     */
    public static ModelManifest read(String json) throws IOException {
        try {
            Schema current = ModelManifest.getClassSchema();
            Schema written = writtenSchema(current, json);
            var decoder = DecoderFactory.get().jsonDecoder(written, json);
            return new SpecificDatumReader<ModelManifest>(written, current).read(null, decoder);
        } catch (RuntimeException e) {
            // Avro reports schema mismatches as runtime exceptions (AvroTypeException and friends).
            throw new IOException("manifest does not match the ModelManifest schema: " + e.getMessage(), e);
        }
    }

    /** The current schema without the top-level fields (with defaults) that the document lacks. */
    private static Schema writtenSchema(Schema current, String json) throws IOException {
        JsonNode document = JSON.readTree(json);
        if (document == null || !document.isObject()) {
            throw new IOException("manifest is not a JSON object");
        }
        List<Schema.Field> present = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            if (document.has(field.name()) || !field.hasDefaultValue()) {
                present.add(new Schema.Field(field, field.schema()));
            }
        }
        if (present.size() == current.getFields().size()) {
            return current;
        }
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, present);
    }
}
