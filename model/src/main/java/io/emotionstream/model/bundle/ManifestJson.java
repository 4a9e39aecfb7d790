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

    private ManifestJson() {}

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
     * so a manifest written before a field existed is read as what it is (the fields it has, at any depth: a record
     * inside an optional field gains fields too) and resolved against the current schema, which fills the new
     * fields' defaults.
     */
    public static ModelManifest read(String json) throws IOException {
        try {
            Schema current = ModelManifest.getClassSchema();
            JsonNode document = JSON.readTree(json);
            if (document == null || !document.isObject()) {
                throw new IOException("manifest is not a JSON object");
            }
            Schema written = asWritten(current, document);
            var decoder = DecoderFactory.get().jsonDecoder(written, json);
            return new SpecificDatumReader<ModelManifest>(written, current).read(null, decoder);
        } catch (RuntimeException e) {
            // Avro reports schema mismatches as runtime exceptions (AvroTypeException and friends).
            throw new IOException("manifest does not match the ModelManifest schema: " + e.getMessage(), e);
        }
    }

    /**
     * {@code schema} without the record fields (with defaults) that {@code node} lacks, following records and the
     * branch a union's JSON names ({@code {"full.Name": {...}}}). A bare record where the schema now has a union
     * ({@code hyperparameters}, {@code split} and {@code training} became optional when imported models arrived)
     * was written when the field was that record: it is read as the record, which resolves into the union. Arrays
     * and maps are taken as they are: no field was ever added to a record inside one.
     */
    private static Schema asWritten(Schema schema, JsonNode node) {
        return switch (schema.getType()) {
            case RECORD -> node.isObject() ? recordAsWritten(schema, node) : schema;
            case UNION -> unionAsWritten(schema, node);
            default -> schema;
        };
    }

    private static Schema recordAsWritten(Schema record, JsonNode node) {
        List<Schema.Field> present = new ArrayList<>();
        boolean changed = false;
        for (Schema.Field field : record.getFields()) {
            if (node.has(field.name())) {
                Schema written = asWritten(field.schema(), node.get(field.name()));
                changed |= written != field.schema();
                // a bare record read where a union now stands cannot keep the union's null default
                present.add(
                        written.getType() != Schema.Type.UNION && field.schema().getType() == Schema.Type.UNION
                                ? new Schema.Field(field.name(), written, field.doc())
                                : new Schema.Field(field, written));
            } else if (!field.hasDefaultValue()) {
                present.add(new Schema.Field(field, field.schema())); // the decoder reports it missing
            } else {
                changed = true;
            }
        }
        return changed
                ? Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, present)
                : record;
    }

    private static Schema unionAsWritten(Schema union, JsonNode node) {
        if (!node.isObject()) {
            return union;
        }
        String branchName = node.size() == 1 ? node.fieldNames().next() : "";
        if (union.getTypes().stream().noneMatch(branch -> branch.getFullName().equals(branchName))) {
            return union.getTypes().stream()
                    .filter(branch -> branch.getType() == Schema.Type.RECORD)
                    .findFirst()
                    .map(record -> asWritten(record, node))
                    .orElse(union);
        }
        List<Schema> branches = new ArrayList<>();
        boolean changed = false;
        for (Schema branch : union.getTypes()) {
            Schema written = branch.getFullName().equals(branchName) ? asWritten(branch, node.get(branchName)) : branch;
            changed |= written != branch;
            branches.add(written);
        }
        return changed ? Schema.createUnion(branches) : union;
    }
}
