#!/usr/bin/env python3
"""Write the TFRecord test fixtures under fixtures/tfrecord/ (checked record by record by
tests/unit/test_tfrecord.c and tests/golden/warc_tfrecord.sh). Pure Python, no TensorFlow:
the framing (uint64 length, masked CRC32C of it, data, masked CRC32C of the data) and the
tf.train.Example protobuf are written by hand here.

    tests/scripts/tfrecord_gen.py            fixtures/tfrecord/*

tf.train.Example = { Features features = 1 }; Features = { map<string, Feature> feature = 1 }
(a map entry: key = 1, value = 2); Feature = oneof { BytesList bytes_list = 1; FloatList
float_list = 2; Int64List int64_list = 3 }, each list a repeated field 1 (floats and int64s
packed unless asked otherwise). SequenceExample = { Features context = 1; FeatureLists
feature_lists = 2 }."""
import gzip
import os
import struct

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(SRC, "fixtures", "tfrecord")


def _crc_table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


TABLE = _crc_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def frame(data, bad_len_crc=False, bad_data_crc=False):
    head = struct.pack("<Q", len(data))
    lc = masked(head) ^ (1 if bad_len_crc else 0)
    dc = masked(data) ^ (1 if bad_data_crc else 0)
    return head + struct.pack("<I", lc) + data + struct.pack("<I", dc)


# ---- protobuf wire format ----

def varint(v):
    v &= (1 << 64) - 1  # negative int64: ten bytes of two's complement
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(num, wire):
    return varint(num << 3 | wire)


def ld(num, data):
    return key(num, 2) + varint(len(data)) + data


def bytes_list(values):
    return ld(1, b"".join(ld(1, v if isinstance(v, bytes) else v.encode()) for v in values))


def float_list(values, packed=True):
    if packed:
        body = ld(1, b"".join(struct.pack("<f", v) for v in values)) if values else b""
    else:
        body = b"".join(key(1, 5) + struct.pack("<f", v) for v in values)
    return ld(2, body)


def int64_list(values, packed=True):
    if packed:
        body = ld(1, b"".join(varint(v) for v in values)) if values else b""
    else:
        body = b"".join(key(1, 0) + varint(v) for v in values)
    return ld(3, body)


def features(feats):
    """feats: [(name, encoded Feature)], in order."""
    return b"".join(ld(1, ld(1, name.encode()) + ld(2, feat)) for name, feat in feats)


def example(feats):
    return ld(1, features(feats))


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01 carol@hidden-mail.de \xff\xd9"


def text_records():
    r0 = example([("text", bytes_list(["Hello from record 0, mail anna0@post.example.de"])),
                  ("label", int64_list([0])), ("score", float_list([0.5])),
                  ("url", bytes_list(["https://tf0.example.com/a"])),
                  ("image", bytes_list([JPEG])), ("tags", bytes_list(["a", "b"]))])
    r1 = example([("text", bytes_list(["second \u00e9t\u00e9"])),
                  ("neg", int64_list([-5])), ("ints", int64_list([1, 2, 3], packed=False)),
                  ("f", float_list([1.25], packed=False)), ("empty", bytes_list([])),
                  ("nums", float_list([0.1, -2.0]))])
    r2 = example([("text", bytes_list(["third"])), ("mixed", bytes_list([b"\xff\xfe", "ok"])),
                  ("nul", bytes_list([b"a\x00b"]))])
    # the map entry's value before its key, as a protobuf writer may put them
    swapped = ld(1, ld(2, float_list([float("nan"), float("inf"), 3.0])) + ld(1, b"odd"))
    r3 = ld(1, ld(1, ld(1, b"text") + ld(2, bytes_list(["fourth"]))) + swapped +
            ld(1, ld(1, b"big") + ld(2, int64_list([1 << 62, -(1 << 63)]))))
    r4 = example([("caption", bytes_list(["a caption, no text field"])),
                  ("id", bytes_list(["rec-4"]))])
    return [r0, r1, r2, r3, r4]


def seq_example():
    context = features([("text", bytes_list(["context text"])), ("length", int64_list([3]))])
    token = ld(1, bytes_list(["tok"]))  # FeatureList { repeated Feature feature = 1 }
    lists = ld(1, ld(1, b"tokens") + ld(2, token + token + token))
    return ld(1, context) + ld(2, lists)


def simple(i):
    return example([("text", bytes_list(["shard record %d, call +1 415 555 %04d" % (i, i)])),
                    ("url", bytes_list(["https://tfshard%d.example.net/x" % (i % 2)]))])


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def fixtures():
    write("text.tfrecord", b"".join(frame(r) for r in text_records()))
    write("train.tfrecord-00000-of-00002", b"".join(frame(simple(i)) for i in range(3)))
    write("shard.tfrecord.gz", gzip.compress(b"".join(frame(simple(i)) for i in range(3, 5)),
                                             mtime=0))
    # record 2's data CRC is wrong (skipped, framing intact); record 4's length CRC is wrong
    # (framing lost: record 4 and 5 are not read)
    write("bad_crc.tfrecord", frame(simple(1)) + frame(simple(2), bad_data_crc=True) +
          frame(simple(3)) + frame(simple(4), bad_len_crc=True) + frame(simple(5)))
    cut = frame(simple(3))
    write("truncated.tfrecord", frame(simple(1)) + frame(simple(2)) + cut[:len(cut) // 2])
    write("seq.tfrecord", frame(seq_example()))
    # records that are no Example: UTF-8 text is read as text, other bytes are malformed
    write("raw.tfrecord", frame(b"just a line of text") + frame(b"\x08\x96\x01\xff\xff") +
          frame(b"\x0a\x05\x0a\x03abc"))
    write("big.tfrecord", frame(simple(1)) + frame(example([("text", bytes_list(["y" * 5000]))])) +
          frame(simple(3)))


if __name__ == "__main__":
    fixtures()
