package io.emotionstream.model.bundle;

import io.emotionstream.schemas.model.ModelManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/** manifest.json is the Avro JSON encoding of {@link ModelManifest}: human-readable and schema-checked on read. */
public final class ManifestJson {
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

    public static ModelManifest read(String json) throws IOException {
        try {
            var decoder = DecoderFactory.get().jsonDecoder(ModelManifest.getClassSchema(), json);
            return new SpecificDatumReader<>(ModelManifest.class).read(null, decoder);
        } catch (RuntimeException e) {
            // Avro reports schema mismatches as runtime exceptions (AvroTypeException and friends).
            throw new IOException("manifest does not match the ModelManifest schema: " + e.getMessage(), e);
        }
    }
}
