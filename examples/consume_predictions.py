#!/usr/bin/python3
"""Print emotion-stream predictions as JSON lines (read_committed: only exactly-once results), in either wire format:
single-object encoded, or (with --schema-registry URL) the Confluent wire format.

    /usr/bin/python3 examples/consume_predictions.py --bootstrap-servers 127.0.0.1:9092 --max 10
    /usr/bin/python3 examples/consume_predictions.py --schema-registry http://127.0.0.1:8081 --max 10"""
import argparse
import json
import os
import sys

from confluent_kafka import Consumer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from avro_single_object import SingleObjectCodec  # noqa: E402

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas", "contracts", "EmotionPrediction.avsc")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap-servers", default="127.0.0.1:9092")
    ap.add_argument("--topic", default="emotion.predictions")
    ap.add_argument("--max", type=int, default=0, help="stop after this many (0: run until Ctrl-C)")
    ap.add_argument("--timeout", type=float, default=60, help="give up after this many seconds without reaching --max")
    ap.add_argument("--schema-registry", metavar="URL", help="also read the Confluent wire format, with this registry")
    a = ap.parse_args()
    single_object = SingleObjectCodec(SCHEMA)
    registry = None
    if a.schema_registry:
        from confluent_wire import RegistryCodec
        registry = RegistryCodec(a.schema_registry, a.topic + "-value", SCHEMA)
    consumer = Consumer({"bootstrap.servers": a.bootstrap_servers, "group.id": "python-example-%d" % os.getpid(),
                         "auto.offset.reset": "earliest", "isolation.level": "read_committed"})
    consumer.subscribe([a.topic])
    seen = 0
    import time
    deadline = time.time() + a.timeout
    try:
        while (a.max == 0 or seen < a.max) and time.time() < deadline:
            msg = consumer.poll(0.5)
            if msg is None or msg.error():
                continue
            value = msg.value()
            p = registry.decode(value) if registry and value[:1] == b"\x00" else single_object.decode(value)
            print(json.dumps({"eventId": p["eventId"], "predicted": p["predicted"], "model": "%s:%d" % (p["modelName"], p["modelVersion"]),
                              "label": p["label"], "groups": p["groups"],
                              # WITHHELD by default: the app keeps subject ids and groups off this topic
                              "demographics": p.get("demographics", "COPIED")}), flush=True)
            seen += 1
    finally:
        consumer.close()
    if a.max and seen < a.max:
        sys.exit("only %d of %d predictions arrived" % (seen, a.max))


if __name__ == "__main__":
    main()
