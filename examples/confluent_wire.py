"""The Confluent wire format (byte 0, 4-byte schema id, Avro binary body) with a schema registry, for Python producers
and consumers of emotion-stream topics, with Debian's packages only: confluent_kafka's SchemaRegistryClient registers
and looks up schemas (Confluent Schema Registry, or Apicurio Registry at /apis/ccompat/v7), python3-avro writes and
reads the body. confluent_kafka's own AvroSerializer would need fastavro, which Debian does not package."""
import io
import struct

import avro.io
import avro.schema
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient


class RegistryCodec:
    """Writes with the schema in `schema_path` (registered under `subject` on first use); reads any registered schema
    that resolves to it, so records from older and newer writers both come out in this reader's shape."""

    def __init__(self, registry_url, subject, schema_path):
        self.client = SchemaRegistryClient({"url": registry_url})
        with open(schema_path) as f:
            self.schema_text = f.read()
        self.schema = avro.schema.parse(self.schema_text)
        self.subject = subject
        self.schema_id = None
        self.readers = {}

    def encode(self, record: dict) -> bytes:
        if self.schema_id is None:
            self.schema_id = self.client.register_schema(self.subject, Schema(self.schema_text, "AVRO"))
        out = io.BytesIO()
        out.write(struct.pack(">bI", 0, self.schema_id))
        avro.io.DatumWriter(self.schema).write(record, avro.io.BinaryEncoder(out))
        return out.getvalue()

    def decode(self, data: bytes) -> dict:
        if len(data) < 5 or data[0] != 0:
            raise ValueError("not in the Confluent wire format")
        schema_id = struct.unpack(">I", data[1:5])[0]
        reader = self.readers.get(schema_id)
        if reader is None:
            writer = avro.schema.parse(self.client.get_schema(schema_id).schema_str)
            reader = self.readers[schema_id] = avro.io.DatumReader(writer, self.schema)
        return reader.read(avro.io.BinaryDecoder(io.BytesIO(data[5:])))
