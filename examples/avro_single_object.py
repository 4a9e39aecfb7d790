"""Avro single-object encoding (marker C3 01 + CRC-64-AVRO fingerprint + binary body) for Python producers and
consumers of emotion-stream topics. Debian's python3-avro has the binary codec but not this framing, and its
parsing-canonical form keeps logical types, which changes the fingerprint; both are done here per the Avro spec."""
import io
import json
import struct

import avro.io
import avro.schema

_PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
_EMPTY = 0xC15D213AA4D7A795
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


def crc64_avro(data: bytes) -> int:
    fp = _EMPTY
    for b in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ b) & 0xFF]
    return fp


def _fullname(name, namespace):
    return name if "." in name or not namespace else namespace + "." + name


def named_types(schema_json, namespace=None, found=None):
    """Every named type (record, enum, fixed) defined anywhere in a schema, by full name."""
    found = {} if found is None else found
    if isinstance(schema_json, list):
        for x in schema_json:
            named_types(x, namespace, found)
    elif isinstance(schema_json, dict):
        t = schema_json.get("type")
        if t in ("record", "error", "enum", "fixed"):
            name = _fullname(schema_json["name"], schema_json.get("namespace", namespace))
            found[name] = schema_json
            namespace = name.rsplit(".", 1)[0] if "." in name else None
            for f in schema_json.get("fields", []):
                named_types(f["type"], namespace, found)
        elif t == "array":
            named_types(schema_json["items"], namespace, found)
        elif t == "map":
            named_types(schema_json["values"], namespace, found)
        elif isinstance(t, (dict, list)):
            named_types(t, namespace, found)
    return found


def canonical_form(schema_json, namespace=None, seen=None, known=None):
    """Parsing Canonical Form (Avro spec): only the attributes that affect parsing, full names, no whitespace.
    A named type defined in another file ({@code known}) is written out in full where first used, as Java does."""
    seen = set() if seen is None else seen
    known = {} if known is None else known
    s = schema_json
    if isinstance(s, str):
        if s in _PRIMITIVES:
            return json.dumps(s)
        name = _fullname(s, namespace)
        if name not in seen and name in known:
            return canonical_form(known[name], name.rsplit(".", 1)[0], seen, known)
        return json.dumps(name)
    if isinstance(s, list):
        return "[" + ",".join(canonical_form(x, namespace, seen, known) for x in s) + "]"
    t = s["type"]
    if isinstance(t, (dict, list)) or (t not in _PRIMITIVES and t not in ("record", "error", "enum", "array", "map", "fixed")):
        return canonical_form(t, namespace, seen, known)
    if t in _PRIMITIVES:
        return json.dumps(t)
    if t == "array":
        return '{"type":"array","items":%s}' % canonical_form(s["items"], namespace, seen, known)
    if t == "map":
        return '{"type":"map","values":%s}' % canonical_form(s["values"], namespace, seen, known)
    name = _fullname(s["name"], s.get("namespace", namespace))
    if name in seen:
        return json.dumps(name)
    seen.add(name)
    inner_ns = name.rsplit(".", 1)[0] if "." in name else None
    if t == "enum":
        return '{"name":%s,"type":"enum","symbols":%s}' % (json.dumps(name), json.dumps(s["symbols"], separators=(",", ":")))
    if t == "fixed":
        return '{"name":%s,"type":"fixed","size":%d}' % (json.dumps(name), s["size"])
    fields = ",".join('{"name":%s,"type":%s}' % (json.dumps(f["name"]), canonical_form(f["type"], inner_ns, seen, known))
                      for f in s["fields"])
    return '{"name":%s,"type":"record","fields":[%s]}' % (json.dumps(name), fields)


class SingleObjectCodec:
    def __init__(self, schema_path, dependency_paths=()):
        known, names = {}, avro.schema.Names()
        for path in dependency_paths:
            with open(path) as f:
                dependency = json.load(f)
            known.update(named_types(dependency))
            avro.schema.make_avsc_object(dependency, names)
        with open(schema_path) as f:
            schema_json = json.load(f)
        self.schema = avro.schema.make_avsc_object(schema_json, names)
        self.fingerprint = struct.pack("<Q", crc64_avro(canonical_form(schema_json, known=known).encode("utf-8")))

    @classmethod
    def with_named_types(cls, schema_path, dependency_paths):
        return cls(schema_path, dependency_paths)

    def encode(self, record: dict) -> bytes:
        out = io.BytesIO()
        out.write(b"\xC3\x01")
        out.write(self.fingerprint)
        avro.io.DatumWriter(self.schema).write(record, avro.io.BinaryEncoder(out))
        return out.getvalue()

    def decode(self, data: bytes) -> dict:
        if data[:2] != b"\xC3\x01" or data[2:10] != self.fingerprint:
            raise ValueError("not single-object encoded with this schema")
        return avro.io.DatumReader(self.schema).read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))
