#!/usr/bin/python3
"""Produce face images to emotion-stream as Avro FaceImageEvents: single-object encoding (no schema registry), or with
--schema-registry URL the Confluent wire format, the schema registered under TOPIC-value.

    /usr/bin/python3 examples/produce_avro.py --bootstrap-servers 127.0.0.1:9092 --label happiness \
        --group ethnicity=east_asian --group gender=female face1.png face2.jpg
    /usr/bin/python3 examples/produce_avro.py --schema-registry http://127.0.0.1:8081 face1.png

Needs Debian's python3-confluent-kafka and python3-avro."""
import argparse
import datetime
import os
import sys

from confluent_kafka import Producer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from avro_single_object import SingleObjectCodec  # noqa: E402

# the standalone contract: any Avro parser takes it alone
SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas", "contracts", "FaceImageEvent.avsc")
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF", ".bmp": "BMP", ".gif": "GIF"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("images", nargs="+")
    ap.add_argument("--bootstrap-servers", default="127.0.0.1:9092")
    ap.add_argument("--topic", default="emotion.images")
    ap.add_argument("--source", default="python-example")
    ap.add_argument("--label", help="ground truth, one of anger disgust fear happiness sadness surprise")
    ap.add_argument("--group", action="append", default=[], help="KEY=VALUE group attribute, repeatable")
    ap.add_argument("--id-prefix", default="py")
    ap.add_argument("--schema-registry", metavar="URL", help="write the Confluent wire format with this registry "
                    "(Confluent Schema Registry's root, or Apicurio Registry's /apis/ccompat/v7)")
    a = ap.parse_args()
    if a.schema_registry:
        from confluent_wire import RegistryCodec
        codec = RegistryCodec(a.schema_registry, a.topic + "-value", SCHEMA)
    else:
        codec = SingleObjectCodec(SCHEMA)
    producer = Producer({"bootstrap.servers": a.bootstrap_servers, "enable.idempotence": True})
    groups = dict(g.split("=", 1) for g in a.group)
    for i, path in enumerate(a.images):
        with open(path, "rb") as f:
            image = f.read()
        event_id = "%s-%d" % (a.id_prefix, i)
        value = codec.encode({
            "eventId": event_id,
            "eventTime": datetime.datetime.now(datetime.timezone.utc),
            "source": a.source,
            "image": image,
            "imageFormat": FORMATS.get(os.path.splitext(path)[1].lower(), "UNKNOWN"),
            "subjectId": None,
            "label": a.label.upper() if a.label else None,
            "groups": groups,
        })
        producer.produce(a.topic, key=event_id.encode(), value=value)
    remaining = producer.flush(15)
    if remaining:
        sys.exit("%d events not delivered" % remaining)
    print("sent %d events to %s" % (len(a.images), a.topic))


if __name__ == "__main__":
    main()
