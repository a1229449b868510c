#!/usr/bin/env python3
"""parquet_gen.py - a small Parquet writer of ours, for test fixtures (no pyarrow here).

Writes rows of nested Python values (dicts, lists, str, int, float, bool, bytes, None) under
a schema tree, with a choice of codec (none, snappy, gzip, zstd), data page version (1, 2),
dictionary encoding, rows per row group and values per page. The layout follows the Parquet
format specification: Thrift compact footer, RLE/bit-packed hybrid levels, PLAIN and
RLE_DICTIONARY values, three-level LIST groups.

    from parquet_gen import Col, Group, write
    write(path, schema, rows, codec="snappy", page_version=1, dictionary=True)
"""
import gzip
import struct
import subprocess

REQUIRED, OPTIONAL, REPEATED = 0, 1, 2
T_BOOL, T_INT32, T_INT64, T_INT96, T_FLOAT, T_DOUBLE, T_BYTES, T_FIXED = range(8)
UTF8, LIST = 0, 3
CODECS = {"none": 0, "snappy": 1, "gzip": 2, "zstd": 6, "brotli": 4, "lz4_raw": 7}
M64 = (1 << 64) - 1


# ---- Thrift compact protocol ----------------------------------------------------------------

def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return (n << 1) ^ (n >> 63)


class TStruct:
    """Fields as (id, kind, value); kind: i32 i64 bin bool list:<elem> struct."""

    def __init__(self, *fields):
        self.fields = [f for f in fields if f[2] is not None]

    def encode(self):
        out, last = bytearray(), 0
        for fid, kind, val in sorted(self.fields, key=lambda f: f[0]):
            t = tcode(kind, val)
            delta = fid - last
            out += bytes([(delta << 4) | t]) if 0 < delta <= 15 else bytes([t]) + varint(zigzag(fid))
            last = fid
            out += tvalue(kind, val)
        out.append(0)
        return bytes(out)


def tcode(kind, val):
    if kind == "bool":
        return 1 if val else 2
    return {"i32": 5, "i64": 6, "bin": 8, "struct": 12}.get(kind, 9)


def tvalue(kind, val):
    if kind in ("i32", "i64"):
        return varint(zigzag(val))
    if kind == "bin":
        val = val.encode() if isinstance(val, str) else val
        return varint(len(val)) + val
    if kind == "bool":
        return b""
    if kind == "struct":
        return val.encode()
    elem = kind.split(":")[1]  # list:<elem>
    head = bytes([(len(val) << 4) | tcode(elem, None)]) if len(val) < 15 else \
        bytes([0xF0 | tcode(elem, None)]) + varint(len(val))
    return head + b"".join(tvalue(elem, v) for v in val)


# ---- Snappy and LZ4 blocks (greedy, with overlapping copies) ---------------------------------

def greedy_matches(data, start_margin, end_margin, max_len):
    """[(literal start, match start, distance, length)] of 4-byte hash matches within 64 KiB,
    no match starting in the last start_margin bytes or reaching the last end_margin."""
    found, i, lit, table = [], 0, 0, {}
    while i + start_margin <= len(data):
        key = data[i:i + 4]
        j = table.get(key)
        table[key] = i
        if j is None or i - j > 65535:
            i += 1
            continue
        n = 4
        while i + n < len(data) - end_margin and n < max_len and data[j + n] == data[i + n]:
            n += 1
        found.append((lit, i, i - j, n))
        i += n
        lit = i
    return found, lit


def snappy(data):
    out = bytearray(varint(len(data)))

    def literal(a, b):
        n = b - a
        if n == 0:
            return
        if n <= 60:
            out.append((n - 1) << 2)
        else:
            k = (n - 1).bit_length() + 7 >> 3
            out.append((59 + k) << 2)
            out.extend((n - 1).to_bytes(k, "little"))
        out.extend(data[a:b])

    found, lit = greedy_matches(data, 4, 0, 64)
    for start, i, dist, n in found:
        literal(start, i)
        out.append(((n - 1) << 2) | 2)
        out.extend(dist.to_bytes(2, "little"))
    literal(lit, len(data))
    return bytes(out)


def lz4_block(data):
    """Greedy LZ4 block: the last 5 bytes stay literals and no match starts in the last 12."""
    out = bytearray()

    def length(n):
        while n >= 255:
            out.append(255)
            n -= 255
        out.append(n)

    def sequence(a, b, off=None, mlen=0):
        n = b - a
        tok = (min(n, 15) << 4) | (min(mlen - 4, 15) if off else 0)
        out.append(tok)
        if n >= 15:
            length(n - 15)
        out.extend(data[a:b])
        if off:
            out.extend(off.to_bytes(2, "little"))
            if mlen - 4 >= 15:
                length(mlen - 4 - 15)

    found, lit = greedy_matches(data, 12, 5, 1 << 30)
    for start, i, dist, n in found:
        sequence(start, i, dist, n)
    sequence(lit, len(data))
    return bytes(out)


def compress(codec, data):
    if codec == "none":
        return data
    if codec == "snappy":
        return snappy(data)
    if codec == "gzip":
        return gzip.compress(data, mtime=0)  # the same bytes every run
    if codec == "lz4_raw":
        return lz4_block(data)
    if codec == "zstd":
        return subprocess.run(["zstd", "-q", "-c"], input=data, check=True,
                              stdout=subprocess.PIPE).stdout
    return data  # brotli: named in the footer but not encoded (readers must refuse it)


# ---- schema and shredding -------------------------------------------------------------------

class Col:
    def __init__(self, name, ptype, rep=OPTIONAL, converted=None):
        self.name, self.ptype, self.rep, self.converted = name, ptype, rep, converted
        self.children = []


class Group:
    def __init__(self, name, children, rep=OPTIONAL, converted=None):
        self.name, self.rep, self.converted, self.children = name, rep, converted, children
        self.ptype = None


def string(name, rep=OPTIONAL):
    return Col(name, T_BYTES, rep, UTF8)


def list_of(name, element):
    """A three-level LIST: name (LIST) > repeated group list > element."""
    element.name = "element"
    return Group(name, [Group("list", [element], REPEATED)], OPTIONAL, LIST)


def leaves(node, path=(), rep=0, d=0):
    out = []
    for c in node.children:
        r = rep + (c.rep == REPEATED)
        dd = d + (c.rep != REQUIRED)
        p = path + (c.name,)
        out += [(c, p, r, dd)] if c.ptype is not None else leaves(c, p, r, dd)
    return out


def shred(node, value, rep, d, out, leaf_ids):
    """Append (value, rep, def) to out[leaf] for every leaf under node (Dremel)."""
    if node.converted == LIST and isinstance(value, list):
        value = {"list": [{"element": v} for v in value]}
    if node.rep == REPEATED:
        if not value:
            return all_null(node, rep, d, out, leaf_ids)
        rl = node.rep_level
        for i, item in enumerate(value):
            inner(node, item, rep if i == 0 else rl, d + 1, out, leaf_ids)
        return
    if value is None:
        return all_null(node, rep, d, out, leaf_ids)
    inner(node, value, rep, d + (node.rep == OPTIONAL), out, leaf_ids)


def inner(node, value, rep, d, out, leaf_ids):
    if node.ptype is not None:
        out[leaf_ids[id(node)]].append((value, rep, d))
        return
    for c in node.children:
        shred(c, value.get(c.name) if isinstance(value, dict) else None, rep, d, out, leaf_ids)


def all_null(node, rep, d, out, leaf_ids):
    if node.ptype is not None:
        out[leaf_ids[id(node)]].append((None, rep, d))
        return
    for c in node.children:
        all_null(c, rep, d, out, leaf_ids)


def set_rep_levels(node, r=0):
    for c in node.children:
        c.rep_level = r + (c.rep == REPEATED)
        set_rep_levels(c, c.rep_level)


# ---- encodings ------------------------------------------------------------------------------

def hybrid(values, bw):
    """RLE runs for repeats of 8 or more, bit-packed groups of 8 for the rest."""
    out, i, n = bytearray(), 0, len(values)
    nb = (bw + 7) // 8
    while i < n:
        j = i
        while j < n and values[j] == values[i]:
            j += 1
        if j - i >= 8:
            out += varint((j - i) << 1) + values[i].to_bytes(nb, "little")
            i = j
            continue
        k = i  # bit-pack until the next long run
        while k < n:
            m = k
            while m < n and values[m] == values[k]:
                m += 1
            if m - k >= 8:
                break
            k = m
        k = min(n, i + -(-(k - i) // 8) * 8)  # padding is allowed only at the very end
        group = values[i:k] + [0] * (-(k - i) % 8)
        bits = sum(v << (bw * t) for t, v in enumerate(group))
        out += varint(((len(group) // 8) << 1) | 1) + bits.to_bytes(len(group) * bw // 8, "little")
        i = k
    return bytes(out)


def delta_ints(vals, block=128, nmini=4):
    """DELTA_BINARY_PACKED: blocks of `block` deltas in `nmini` bit-packed miniblocks."""
    per = block // nmini
    out = bytearray(varint(block) + varint(nmini) + varint(len(vals)) +
                    varint(zigzag(vals[0]) & M64 if vals else 0))
    deltas = [((vals[i] - vals[i - 1] + (1 << 63)) & M64) - (1 << 63) for i in range(1, len(vals))]
    for b in range(0, len(deltas), block):
        part = deltas[b:b + block]
        low = min(part)
        adj = [(d - low) & M64 for d in part]
        minis = [adj[m:m + per] for m in range(0, len(adj), per)]
        widths = [max(m).bit_length() for m in minis] + [0] * (nmini - len(minis))
        out += varint(zigzag(low) & M64) + bytes(widths)
        for m, w in zip(minis, widths):
            m = m + [0] * (per - len(m))
            out += sum(v << (w * t) for t, v in enumerate(m)).to_bytes(per * w // 8, "little")
    return bytes(out)


def delta_lengths(vals):
    vals = [v.encode() if isinstance(v, str) else v for v in vals]
    return delta_ints([len(v) for v in vals]) + b"".join(vals)


def delta_front(vals):
    vals = [v.encode() if isinstance(v, str) else v for v in vals]
    pre, prev = [], b""
    for v in vals:
        k = 0
        while k < min(len(v), len(prev)) and v[k] == prev[k]:
            k += 1
        pre.append(k)
        prev = v
    return delta_ints(pre) + delta_lengths([v[k:] for v, k in zip(vals, pre)])


def split_streams(ptype, vals):
    width = 4 if ptype == T_FLOAT else 8
    raw = plain(ptype, vals)
    return bytes(raw[i * width + j] for j in range(width) for i in range(len(vals)))


def encode_values(col, present, o):
    """(bytes, encoding) for the present values under o["encoding"] (plain or delta)."""
    if o.get("encoding") == "delta":
        if col.ptype in (T_INT32, T_INT64):
            return delta_ints(present), 5
        if col.ptype == T_BYTES:
            return (delta_front(present), 7) if o.get("front") else (delta_lengths(present), 6)
        if col.ptype in (T_FLOAT, T_DOUBLE):
            return split_streams(col.ptype, present), 9
    return plain(col.ptype, present), 0


def plain(ptype, vals):
    if ptype == T_BOOL:
        bits = sum(1 << i for i, v in enumerate(vals) if v)
        return bits.to_bytes((len(vals) + 7) // 8, "little")
    fmt = {T_INT32: "<i", T_INT64: "<q", T_FLOAT: "<f", T_DOUBLE: "<d"}.get(ptype)
    if fmt:
        return b"".join(struct.pack(fmt, v) for v in vals)
    out = bytearray()
    for v in vals:
        v = v.encode() if isinstance(v, str) else v
        out += struct.pack("<I", len(v)) + v
    return bytes(out)


# ---- pages and file -------------------------------------------------------------------------

def data_page(col, entries, max_r, max_d, o, dict_index):
    reps = [e[1] for e in entries]
    defs = [e[2] for e in entries]
    present = [e[0] for e in entries if e[2] == max_d]
    if dict_index is not None:
        idx = [dict_index[v] for v in present]
        bw = max(1, (len(dict_index) - 1).bit_length())
        values, enc = bytes([bw]) + hybrid(idx, bw), 8
    else:
        values, enc = encode_values(col, present, o)
    rl = hybrid(reps, max_r.bit_length()) if max_r else b""
    dl = hybrid(defs, max_d.bit_length()) if max_d else b""
    if o["page_version"] == 1:
        body = b"".join(struct.pack("<I", len(x)) + x for x in (rl, dl) if x) + values
        comp = compress(o["codec"], body)
        absent = 4 if o.get("mr_levels") else 3  # parquet-mr names absent levels BIT_PACKED
        sub = TStruct((1, "i32", len(entries)), (2, "i32", enc), (3, "i32", 3 if max_d else absent),
                      (4, "i32", 3 if max_r else absent))
        head = TStruct((1, "i32", 0), (2, "i32", len(body)), (3, "i32", len(comp)),
                       (5, "struct", sub))
        return head.encode() + comp, len(body)
    comp = compress(o["codec"], values)
    nulls = sum(1 for d in defs if d != max_d)
    rows = sum(1 for r in reps if r == 0)
    sub = TStruct((1, "i32", len(entries)), (2, "i32", nulls), (3, "i32", rows), (4, "i32", enc),
                  (5, "i32", len(dl)), (6, "i32", len(rl)), (7, "bool", o["codec"] != "none"))
    body = rl + dl + comp
    head = TStruct((1, "i32", 3), (2, "i32", len(rl) + len(dl) + len(values)),
                   (3, "i32", len(body)), (8, "struct", sub))
    return head.encode() + body, len(rl) + len(dl) + len(values)


def split_pages(entries, per_page):
    pages, cur = [], []
    for e in entries:
        if cur and e[1] == 0 and len(cur) >= per_page:
            pages.append(cur)
            cur = []
        cur.append(e)
    return pages + ([cur] if cur else [])


def column_chunk(f, col, path, max_r, max_d, entries, o):
    use_dict = o["dictionary"] and col.ptype == T_BYTES and col.converted == UTF8
    start = f.tell()
    dict_off, dict_index, usize = None, None, 0
    if use_dict:
        uniq = list(dict.fromkeys(e[0] for e in entries if e[2] == max_d))
        dict_index = {v: i for i, v in enumerate(uniq)}
        body = plain(col.ptype, uniq)
        comp = compress(o["codec"], body)
        head = TStruct((1, "i32", 2), (2, "i32", len(body)), (3, "i32", len(comp)),
                       (7, "struct", TStruct((1, "i32", len(uniq)), (2, "i32", 2))))
        dict_off = f.tell()
        f.write(head.encode() + comp)
        usize += len(body)
    data_off = f.tell()
    for page in split_pages(entries, o["page_values"]):
        blob, u = data_page(col, page, max_r, max_d, o, dict_index)
        f.write(blob)
        usize += u
    size = f.tell() - start
    meta = TStruct((1, "i32", col.ptype), (2, "list:i32", [0, 3] + ([8] if use_dict else [])),
                   (3, "list:bin", list(path)), (4, "i32", CODECS[o["codec"]]),
                   (5, "i64", len(entries)), (6, "i64", usize), (7, "i64", size),
                   (9, "i64", data_off), (11, "i64", dict_off))
    return TStruct((2, "i64", start), (3, "struct", meta)), size


def schema_elements(node, out):
    for c in node.children:
        out.append(TStruct((1, "i32", c.ptype), (3, "i32", c.rep), (4, "bin", c.name),
                           (5, "i32", len(c.children) if c.ptype is None else None),
                           (6, "i32", c.converted), (7, "i32", getattr(c, "scale", None))))
        if c.ptype is None:
            schema_elements(c, out)
    return out


def write(path, schema, rows, codec="snappy", page_version=1, dictionary=True,
          group_rows=1000, page_values=500, encoding="plain", front=False, mr_levels=False):
    """encoding="delta": integers DELTA_BINARY_PACKED, byte arrays DELTA_LENGTH_BYTE_ARRAY
    (DELTA_BYTE_ARRAY with front=True), floats BYTE_STREAM_SPLIT; it implies no dictionary.
    mr_levels=True: v1 pages declare the levels a column does not have (repetition levels of
    a flat column, definition levels of a required one) BIT_PACKED, as parquet-mr (Spark,
    Hive) writes them."""
    o = {"codec": codec, "page_version": page_version, "page_values": page_values,
         "dictionary": dictionary and encoding != "delta", "encoding": encoding, "front": front,
         "mr_levels": mr_levels}
    root = Group("schema", schema, REQUIRED)
    set_rep_levels(root)
    lv = leaves(root)
    leaf_ids = {id(c): i for i, (c, _, _, _) in enumerate(lv)}
    groups = []
    with open(path, "wb") as f:
        f.write(b"PAR1")
        for g in range(0, len(rows), group_rows):
            part = rows[g:g + group_rows]
            out = [[] for _ in lv]
            for row in part:
                for c in schema:
                    shred(c, row.get(c.name), 0, 0, out, leaf_ids)
            chunks, total = [], 0
            for i, (c, p, r, d) in enumerate(lv):
                cc, size = column_chunk(f, c, p, r, d, out[i], o)
                chunks.append(cc)
                total += size
            groups.append(TStruct((1, "list:struct", chunks), (2, "i64", total),
                                  (3, "i64", len(part))))
        elems = [TStruct((4, "bin", "schema"), (5, "i32", len(schema)))]
        meta = TStruct((1, "i32", 1), (2, "list:struct", schema_elements(root, elems)),
                       (3, "i64", len(rows)), (4, "list:struct", groups),
                       (6, "bin", "dataprov tests parquet_gen.py"))
        blob = meta.encode()
        f.write(blob + struct.pack("<I", len(blob)) + b"PAR1")


# ---- hand-made hostile files ----------------------------------------------------------------

def rle_bomb(path, rows, groups):
    """A required INT32 column "x" whose one data page is a single RLE run of `rows`
    dictionary indices of bit width 0 (a few bytes for any number of rows), and `groups`
    row groups that all point at that same chunk: a file of a few hundred bytes per thousand
    row groups that names rows * groups rows."""
    dict_body = struct.pack("<i", 42)
    dict_head = TStruct((1, "i32", 2), (2, "i32", len(dict_body)), (3, "i32", len(dict_body)),
                        (7, "struct", TStruct((1, "i32", 1), (2, "i32", 0))))
    body = bytes([0]) + varint(rows << 1)
    head = TStruct((1, "i32", 0), (2, "i32", len(body)), (3, "i32", len(body)),
                   (5, "struct", TStruct((1, "i32", rows), (2, "i32", 8), (3, "i32", 3), (4, "i32", 3))))
    pages = dict_head.encode() + dict_body + head.encode() + body
    meta = TStruct((1, "i32", T_INT32), (2, "list:i32", [0, 8]), (3, "list:bin", ["x"]),
                   (4, "i32", 0), (5, "i64", rows), (6, "i64", len(pages)), (7, "i64", len(pages)),
                   (9, "i64", 4), (11, "i64", 4))  # dictionary page first, right after PAR1
    chunk = TStruct((2, "i64", 4), (3, "struct", meta))
    rgs = [TStruct((1, "list:struct", [chunk]), (2, "i64", len(pages)), (3, "i64", rows))] * groups
    elems = [TStruct((4, "bin", "schema"), (5, "i32", 1)),
             TStruct((1, "i32", T_INT32), (3, "i32", REQUIRED), (4, "bin", "x"))]
    blob = TStruct((1, "i32", 1), (2, "list:struct", elems), (3, "i64", rows * groups),
                   (4, "list:struct", rgs)).encode()
    with open(path, "wb") as f:
        f.write(b"PAR1" + pages + blob + struct.pack("<I", len(blob)) + b"PAR1")


def page_flood(path, pages, groups):
    """A required INT32 column "x": `pages` empty data pages then one page of one value, a
    chunk that all `groups` row groups (of one row each) share, so each reads every page."""
    def page(n, values):
        sub = TStruct((1, "i32", n), (2, "i32", 0), (3, "i32", 3), (4, "i32", 3))
        return TStruct((1, "i32", 0), (2, "i32", len(values)), (3, "i32", len(values)),
                       (5, "struct", sub)).encode() + values
    blob = page(0, b"") * pages + page(1, struct.pack("<i", 7))
    meta = TStruct((1, "i32", T_INT32), (2, "list:i32", [0]), (3, "list:bin", ["x"]),
                   (4, "i32", 0), (5, "i64", 1), (6, "i64", len(blob)), (7, "i64", len(blob)),
                   (9, "i64", 4))
    rgs = [TStruct((1, "list:struct", [TStruct((2, "i64", 4), (3, "struct", meta))]),
                   (2, "i64", len(blob)), (3, "i64", 1))] * groups
    elems = [TStruct((4, "bin", "schema"), (5, "i32", 1)),
             TStruct((1, "i32", T_INT32), (3, "i32", REQUIRED), (4, "bin", "x"))]
    foot = TStruct((1, "i32", 1), (2, "list:struct", elems), (3, "i64", groups),
                   (4, "list:struct", rgs)).encode()
    with open(path, "wb") as f:
        f.write(b"PAR1" + blob + foot + struct.pack("<I", len(foot)) + b"PAR1")
