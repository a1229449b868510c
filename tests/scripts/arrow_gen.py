#!/usr/bin/env python3
"""arrow_gen.py - writes the Arrow IPC fixtures of the arrow reader's tests, by hand.

pyarrow is not installable here, so the FlatBuffers metadata (Message.fbs, Schema.fbs) is
laid out by this script with struct, front to back: a table's vtable comes before it and
the objects it refers to after it, so every uoffset points forward, as the format requires.
The arrays are written as the Arrow columnar format lays them out (validity bitmaps,
offsets, values, padded to 8 bytes).

  arrow_gen.py OUTDIR                 the small fixtures (fixtures/arrow/)
  arrow_gen.py --big MB OUTDIR        bench.arrow of about MB megabytes and the same rows as
                                      bench.jsonl (for the speed comparison)
"""
import json
import os
import struct
import subprocess
import sys

# ---- FlatBuffers, front to back ----


class T:
    """A table: fields {id: (kind, value)}; kind is a struct format letter, or 'o' for an
    offset to a T, S (string) or V (vector)."""

    def __init__(self, **fields):
        self.fields = fields


class S:
    def __init__(self, s):
        self.b = s.encode() if isinstance(s, str) else s


class V:
    """A vector: of tables (items are T) or of structs (items are bytes)."""

    def __init__(self, items, struct_size=0):
        self.items = items
        self.struct_size = struct_size


def f(kind, value):
    return (kind, value)


def _align(buf, n, rem=0):
    while len(buf) % n != rem:
        buf.append(0)


def _emit(buf, obj):
    if isinstance(obj, S):
        _align(buf, 4)
        pos = len(buf)
        buf += struct.pack('<I', len(obj.b)) + obj.b + b'\0'
        return pos
    if isinstance(obj, V):
        return _emit_vec(buf, obj)
    return _emit_table(buf, obj)


def _emit_vec(buf, v):
    if v.struct_size:
        _align(buf, 8, 4)  # elements 8-aligned after the length
        pos = len(buf)
        buf += struct.pack('<I', len(v.items))
        for it in v.items:
            buf += it
        return pos
    _align(buf, 4)
    pos = len(buf)
    buf += struct.pack('<I', len(v.items))
    slots = []
    for _ in v.items:
        slots.append(len(buf))
        buf += b'\0\0\0\0'
    for slot, it in zip(slots, v.items):
        target = _emit(buf, it)
        struct.pack_into('<I', buf, slot, target - slot)
    return pos


def _emit_table(buf, t):
    ids = sorted(int(k[1:]) for k in t.fields)
    nslots = (ids[-1] + 1) if ids else 0
    # inline layout: soffset, then fields in id order, each aligned to its size
    layout, off = {}, 4
    for i in ids:
        kind, _ = t.fields['f%d' % i]
        size = 4 if kind == 'o' else struct.calcsize('<' + kind)
        while off % size:
            off += 1
        layout[i] = off
        off += size
    table_size = off
    _align(buf, 2)
    vt = len(buf)
    buf += struct.pack('<HH', 4 + 2 * nslots, table_size)
    for i in range(nslots):
        buf += struct.pack('<H', layout.get(i, 0))
    _align(buf, 8)
    pos = len(buf)
    buf += bytes(table_size)
    struct.pack_into('<i', buf, pos, pos - vt)
    later = []
    for i in ids:
        kind, val = t.fields['f%d' % i]
        if kind == 'o':
            later.append((pos + layout[i], val))
        else:
            struct.pack_into('<' + kind, buf, pos + layout[i], val)
    for slot, val in later:
        target = _emit(buf, val)
        struct.pack_into('<I', buf, slot, target - slot)
    return pos


def flatbuffer(root):
    buf = bytearray(4)
    pos = _emit(buf, root)
    struct.pack_into('<I', buf, 0, pos)
    _align(buf, 8)
    return bytes(buf)


# ---- Arrow types and arrays ----
# A type is a tuple: ('utf8',), ('large_utf8',), ('int', bits, signed), ('float', prec),
# ('bool',), ('null',), ('binary',), ('timestamp',), ('list', child), ('large_list', child),
# ('fixed_list', n, child), ('struct', [(name, type)...]), ('dict', id) (utf8 values,
# int32 indices).

TYPE_IDS = {'null': 1, 'int': 2, 'float': 3, 'binary': 4, 'utf8': 5, 'bool': 6,
            'timestamp': 10, 'date': 8, 'time': 9, 'list': 12, 'struct': 13, 'fixed_list': 16,
            'large_utf8': 20, 'large_list': 21, 'dict': 5, 'utf8_view': 24}


def type_table(t):
    k = t[0]
    if k == 'int':
        return T(f0=f('i', t[1]), f1=f('?', t[2]))
    if k == 'float':
        return T(f0=f('h', t[1]))
    if k == 'fixed_list':
        return T(f0=f('i', t[1]))
    if k == 'timestamp':  # ('timestamp', unit, tz)
        return T(f0=f('h', t[1]), f1=f('o', S(t[2]))) if t[2] else T(f0=f('h', t[1]))
    if k == 'date':  # ('date', unit): 0 days (date32), 1 milliseconds (date64)
        return T(f0=f('h', t[1]))
    if k == 'time':
        return T(f0=f('h', 1), f1=f('i', 32))
    return T()


def children_of(t):
    if t[0] in ('list', 'large_list'):
        return [('item', t[1])]
    if t[0] == 'fixed_list':
        return [('item', t[2])]
    if t[0] == 'struct':
        return t[1]
    return []


def field(name, t):
    fl = dict(f0=f('o', S(name)), f1=f('?', True), f2=f('B', TYPE_IDS[t[0]]),
              f3=f('o', type_table(('utf8',) if t[0] == 'dict' else t)),
              f5=f('o', V([field(n, c) for n, c in children_of(t)])))
    if t[0] == 'dict':
        fl['f4'] = f('o', T(f0=f('q', t[1]), f1=f('o', T(f0=f('i', 32), f1=f('?', True)))))
    return T(**fl)


def schema_msg(cols, big_endian=False):
    sch = T(f0=f('h', 1 if big_endian else 0), f1=f('o', V([field(n, t) for n, t in cols])))
    return T(f0=f('h', 4), f1=f('B', 1), f2=f('o', sch), f3=f('q', 0))


def bitmap(valid):
    out = bytearray((len(valid) + 7) // 8)
    for i, v in enumerate(valid):
        if v:
            out[i >> 3] |= 1 << (i & 7)
    return bytes(out)


def encode(t, vals, nodes, bufs, dicts):
    """Append the nodes and buffers of array `vals` (None: null) of type t, pre-order."""
    n, nulls = len(vals), sum(v is None for v in vals)
    nodes.append(struct.pack('<qq', n, nulls))
    k = t[0]
    if k == 'null':
        return
    bufs.append(bitmap([v is not None for v in vals]) if nulls else b'')
    if k == 'int':
        fmt = {8: 'b', 16: 'h', 32: 'i', 64: 'q'}[t[1]]
        fmt = fmt if t[2] else fmt.upper()
        bufs.append(b''.join(struct.pack('<' + fmt, v or 0) for v in vals))
    elif k == 'float':
        fmt = {1: 'f', 2: 'd'}[t[1]]
        bufs.append(b''.join(struct.pack('<' + fmt, v or 0.0) for v in vals))
    elif k == 'bool':
        bufs.append(bitmap([bool(v) for v in vals]))
    elif k == 'timestamp' or (k == 'date' and t[1] == 1):
        bufs.append(b''.join(struct.pack('<q', v or 0) for v in vals))
    elif k in ('date', 'time'):
        bufs.append(b''.join(struct.pack('<i', v or 0) for v in vals))
    elif k in ('utf8', 'large_utf8', 'binary'):
        w = 'q' if k == 'large_utf8' else 'i'
        data, offs = b'', [0]
        for v in vals:
            data += (v.encode() if isinstance(v, str) else (v or b''))
            offs.append(len(data))
        bufs.append(b''.join(struct.pack('<' + w, o) for o in offs))
        bufs.append(data)
    elif k in ('list', 'large_list'):
        w = 'q' if k == 'large_list' else 'i'
        flat, offs = [], [0]
        for v in vals:
            flat += v or []
            offs.append(len(flat))
        bufs.append(b''.join(struct.pack('<' + w, o) for o in offs))
        encode(t[1], flat, nodes, bufs, dicts)
    elif k == 'fixed_list':
        flat = []
        for v in vals:
            flat += v if v is not None else [None] * t[1]
        encode(t[2], flat, nodes, bufs, dicts)
    elif k == 'struct':
        for name, ct in t[1]:
            encode(ct, [None if v is None else v.get(name) for v in vals], nodes, bufs, dicts)
    elif k == 'utf8_view':  # 16-byte views: short strings inline, long ones in one buffer
        views, data = b'', b''
        for v in vals:
            b = (v or '').encode()
            if len(b) <= 12:
                views += struct.pack('<i', len(b)) + b + bytes(12 - len(b))
            else:
                views += struct.pack('<i4sii', len(b), b[:4], 0, len(data))
                data += b
        bufs += [views, data]
        dicts.setdefault('_variadic', []).append(1)
    elif k == 'dict':
        words = dicts[t[1]]
        bufs.append(b''.join(struct.pack('<i', words.index(v) if v is not None else 0)
                             for v in vals))


def body_of(bufs, codec=None):
    """The body and its Buffer structs; each buffer compressed when codec is set."""
    body, specs = bytearray(), []
    for b in bufs:
        if codec and b:
            b = struct.pack('<q', len(b)) + compress(b, codec)
        specs.append(struct.pack('<qq', len(body), len(b)))
        body += b
        _align(body, 8)
    return bytes(body), specs


def compress(b, codec):
    cmd = ['zstd', '-q', '-c'] if codec == 'zstd' else ['lz4', '-q', '-c', '-BD', '-B4']
    return subprocess.run(cmd, input=b, stdout=subprocess.PIPE, check=True).stdout


def record_batch(n, nodes, specs, codec=None, variadic=None):
    rb = dict(f0=f('q', n), f1=f('o', V(nodes, 16)), f2=f('o', V(specs, 16)))
    if variadic:
        rb['f4'] = f('o', V([struct.pack('<q', c) for c in variadic], 8))
    if codec:
        rb['f3'] = f('o', T(f0=f('b', 0 if codec == 'lz4' else 1), f1=f('b', 0)))
    return T(**rb)


def batch_msg(cols, rows, dicts, codec=None):
    nodes, bufs, dicts = [], [], dict(dicts)
    for name, t in cols:
        encode(t, [r.get(name) for r in rows], nodes, bufs, dicts)
    body, specs = body_of(bufs, codec)
    rb = record_batch(len(rows), nodes, specs, codec, dicts.get('_variadic'))
    msg = T(f0=f('h', 4), f1=f('B', 3), f2=f('o', rb), f3=f('q', len(body)))
    return msg, body


def dict_msg(did, words, delta=False):
    nodes, bufs = [], []
    encode(('utf8',), words, nodes, bufs, {})
    body, specs = body_of(bufs)
    db = T(f0=f('q', did), f1=f('o', record_batch(len(words), nodes, specs)),
           f2=f('?', delta))
    return T(f0=f('h', 4), f1=f('B', 2), f2=f('o', db), f3=f('q', len(body))), body


def frame(msg, body=b'', legacy=False):
    meta = flatbuffer(msg)
    prefix = struct.pack('<i', len(meta)) if legacy else struct.pack('<Ii', 0xFFFFFFFF, len(meta))
    return prefix + meta + body


def eos(legacy=False):
    return struct.pack('<i', 0) if legacy else struct.pack('<Ii', 0xFFFFFFFF, 0)


def _fb_field(buf, table, fid, fmt):
    """Field fid of the FlatBuffers table at `table` in buf (scalar fmt, or 'o': position)."""
    vt = table - struct.unpack_from('<i', buf, table)[0]
    vt_len = struct.unpack_from('<H', buf, vt)[0]
    off = struct.unpack_from('<H', buf, vt + 4 + 2 * fid)[0] if 4 + 2 * fid < vt_len else 0
    if not off:
        return 0
    if fmt == 'o':
        return table + off + struct.unpack_from('<I', buf, table + off)[0]
    return struct.unpack_from('<' + fmt, buf, table + off)[0]


def blocks(stream, base):
    """The Blocks (offset, metadata length with its prefix, body length) of the stream's
    dictionary and record batch messages, the stream starting at byte `base` of the file."""
    dicts, batches, pos = [], [], 0
    while pos + 8 <= len(stream):
        marker, n = struct.unpack_from('<Ii', stream, pos)
        if marker != 0xFFFFFFFF or n == 0:
            break
        meta = stream[pos + 8:pos + 8 + n]
        root = struct.unpack_from('<I', meta, 0)[0]
        kind, body = _fb_field(meta, root, 1, 'B'), _fb_field(meta, root, 3, 'q')
        block = struct.pack('<qi4xq', base + pos, 8 + n, body)
        {2: dicts, 3: batches}.get(kind, []).append(block)
        pos += 8 + n + body
    return dicts, batches


def file_format(stream, cols=None):
    """The file format: magic, the stream, the footer (File.fbs: version, schema, the Blocks
    of dictionaries and record batches), its length, magic. Our reader does not need the
    footer, other readers (apache-arrow's tableFromIPC) read the batches through it."""
    dicts, batches = blocks(stream, 8)
    sch = T(f0=f('h', 0), f1=f('o', V([field(n, t) for n, t in (cols or BASIC_COLS)])))
    footer = flatbuffer(T(f0=f('h', 4), f1=f('o', sch), f2=f('o', V(dicts, 24)),
                          f3=f('o', V(batches, 24))))
    return b'ARROW1\0\0' + stream + footer + struct.pack('<i', len(footer)) + b'ARROW1'


# ---- the fixtures ----

BASIC_COLS = [
    ('text', ('utf8',)), ('id', ('int', 64, True)), ('score', ('float', 2)),
    ('ok', ('bool',)), ('tags', ('list', ('utf8',))),
    ('meta', ('struct', [('license', ('utf8',)), ('n', ('int', 32, True))])),
    ('label', ('dict', 0)), ('image', ('binary',)),
]
BASIC_DICTS = {0: ['neg', 'pos']}
BATCH1 = [
    dict(text='hello world', id=1, score=0.5, ok=True, tags=['a', 'b'],
         meta=dict(license='cc-by-4.0', n=7), label='pos', image=b'\x89PNG\0\0'),
    dict(text='write to alice@example.com', id=-2, score=None, ok=False, tags=[],
         meta=None, label='neg', image=b'\0'),
    dict(text=None, id=3, score=1e300, ok=None, tags=None,
         meta=dict(license=None, n=None), label=None, image=None),
]
BATCH2 = [dict(text='second batch', id=4, score=-0.25, ok=True, tags=['x'],
               meta=dict(license='mit', n=1), label='neg', image=b'')]


def basic_stream(codec=None, legacy=False, batch2=True):
    out = frame(schema_msg(BASIC_COLS), legacy=legacy)
    out += frame(*dict_msg(0, BASIC_DICTS[0]), legacy=legacy)
    out += frame(*batch_msg(BASIC_COLS, BATCH1, BASIC_DICTS, codec), legacy=legacy)
    if batch2:
        out += frame(*batch_msg(BASIC_COLS, BATCH2, BASIC_DICTS, codec), legacy=legacy)
    return out + eos(legacy)


def nested_stream():
    cols = [('ll', ('large_list', ('large_utf8',))), ('fl', ('fixed_list', 2, ('int', 16, False))),
            ('nothing', ('null',)), ('ts', ('timestamp', 3, 'UTC')), ('f32', ('float', 1)),
            ('deep', ('list', ('struct', [('q', ('utf8',)), ('xs', ('list', ('int', 8, True)))]))),
            ('sv', ('utf8_view',)), ('day', ('date', 0)), ('ms', ('timestamp', 1, None)),
            ('d64', ('date', 1)), ('tod', ('time',))]
    rows = [dict(ll=['x', 'yy'], fl=[1, 65535], ts=5, f32=0.1,
                 deep=[dict(q='a', xs=[1, -1]), dict(q='b', xs=None)], sv='short view',
                 day=19844, ms=1714566600123, d64=-86400000, tod=5),
            dict(ll=None, fl=None, ts=-1, f32=None, deep=[], sv='a view longer than twelve',
                 day=-719468, ms=0, d64=None, tod=None)]
    return frame(schema_msg(cols)) + frame(*batch_msg(cols, rows, {})) + eos()


def dict_delta_stream():
    cols = [('cat', ('dict', 3))]
    d = {3: ['a', 'b', 'c']}
    out = frame(schema_msg(cols)) + frame(*dict_msg(3, ['a', 'b']))
    out += frame(*batch_msg(cols, [dict(cat='b'), dict(cat='a')], d))
    out += frame(*dict_msg(3, ['c'], delta=True))
    out += frame(*batch_msg(cols, [dict(cat='c'), dict(cat=None)], d))
    out += frame(*dict_msg(3, ['z', 'y', 'x']))  # a replacement: index 0 is now z
    out += frame(*batch_msg(cols, [dict(cat='a')], d))
    return out + eos()


def corrupt_stream():
    """Batch 2's buffer 2 (text offsets) points past the body; batch 3 is fine."""
    out = frame(schema_msg(BASIC_COLS)) + frame(*dict_msg(0, BASIC_DICTS[0]))
    out += frame(*batch_msg(BASIC_COLS, BATCH1, BASIC_DICTS))
    nodes, bufs = [], []
    for name, t in BASIC_COLS:
        encode(t, [r.get(name) for r in BATCH2], nodes, bufs, BASIC_DICTS)
    body, specs = body_of(bufs)
    specs[1] = struct.pack('<qq', 1 << 40, 8)
    msg = T(f0=f('h', 4), f1=f('B', 3), f2=f('o', record_batch(1, nodes, specs)),
            f3=f('q', len(body)))
    out += frame(msg, body)
    out += frame(*batch_msg(BASIC_COLS, BATCH2, BASIC_DICTS))
    return out + eos()


def bomb_stream():
    """A ZSTD buffer that claims a terabyte: refused before any allocation."""
    cols = [('text', ('utf8',))]
    nodes, bufs = [], []
    encode(('utf8',), ['a' * 64], nodes, bufs, {})
    body, specs = body_of(bufs, 'zstd')
    off, n = struct.unpack('<qq', specs[2])
    body = body[:off] + struct.pack('<q', 1 << 40) + body[off + 8:]
    msg = T(f0=f('h', 4), f1=f('B', 3), f2=f('o', record_batch(1, nodes, specs, 'zstd')),
            f3=f('q', len(body)))
    return frame(schema_msg(cols)) + frame(msg, body) + eos()


def hf_rows(n, seed=0):
    licenses = ['cc-by-4.0', 'mit', 'apache-2.0', 'cc-by-nc-4.0']
    rows = []
    for i in range(n):
        k = i + seed
        rows.append(dict(
            text=('Row %d of the corpus: the quick brown fox jumps over the lazy dog %d. '
                  'Contact user%d@%s for details. ' % (k, k * 7, k % 97,
                                                       'mailhost.de' if k % 10 == 0 else 'example.org'))
                 * (1 + k % 3),
            id=k, license=licenses[k % 4], score=(k % 1000) / 8.0,
            messages=[dict(role='user', content='question %d' % k),
                      dict(role='assistant', content='answer %d' % (k * 3))]))
    return rows


HF_COLS = [('text', ('utf8',)), ('id', ('int', 64, True)), ('license', ('utf8',)),
           ('score', ('float', 2)),
           ('messages', ('list', ('struct', [('role', ('utf8',)), ('content', ('utf8',))])))]


def write(path, data):
    with open(path, 'wb') as fh:
        fh.write(data)


def hf_folder(out):
    """A datasets.save_to_disk folder: one .arrow shard (stream format), its JSON files."""
    os.makedirs(out, exist_ok=True)
    rows = hf_rows(25)
    rows[3]['text'] = 'This text is released under the MIT License. Email: jane.doe@protonmail.ch'
    stream = frame(schema_msg(HF_COLS))
    for i in range(0, 25, 10):
        stream += frame(*batch_msg(HF_COLS, rows[i:i + 10], {}))
    write(os.path.join(out, 'data-00000-of-00001.arrow'), stream + eos())
    with open(os.path.join(out, 'dataset_info.json'), 'w') as fh:
        json.dump({'description': '', 'license': 'cc-by-4.0', 'features': {
            'text': {'dtype': 'string', '_type': 'Value'}}}, fh)
    with open(os.path.join(out, 'state.json'), 'w') as fh:
        json.dump({'_data_files': [{'filename': 'data-00000-of-00001.arrow'}],
                   '_fingerprint': '0123456789abcdef', '_format_type': None, '_split': 'train'}, fh)


def small(out):
    os.makedirs(out, exist_ok=True)
    s = basic_stream()
    write(os.path.join(out, 'basic.arrows'), s)
    write(os.path.join(out, 'basic.arrow'), file_format(s))
    write(os.path.join(out, 'legacy.arrows'), basic_stream(legacy=True))
    write(os.path.join(out, 'zstd.arrow'), file_format(basic_stream('zstd')))
    write(os.path.join(out, 'noeos.arrow'), file_format(s[:-8]))  # footer, no end marker
    # as apache-arrow for JavaScript writes the file format: no Schema message, the schema
    # only in the footer
    write(os.path.join(out, 'footer_schema.arrow'), file_format(s[len(frame(schema_msg(BASIC_COLS))):]))
    write(os.path.join(out, 'empty.arrow'), file_format(frame(schema_msg(BASIC_COLS)) + eos()))
    write(os.path.join(out, 'nested.arrows'), nested_stream())
    write(os.path.join(out, 'dict_delta.arrows'), dict_delta_stream())
    write(os.path.join(out, 'corrupt.arrows'), corrupt_stream())
    write(os.path.join(out, 'truncated.arrows'), s[:len(s) - 40])
    write(os.path.join(out, 'bomb.arrows'), bomb_stream())
    write(os.path.join(out, 'bigendian.arrows'), frame(schema_msg(BASIC_COLS, True)) + eos())
    long_text = ''.join('line %d of a long text that compresses\n' % i for i in range(4000))
    rows = [dict(text=long_text, id=1), dict(text='short', id=2)]
    cols = [('text', ('utf8',)), ('id', ('int', 64, True))]
    write(os.path.join(out, 'lz4.arrows'), frame(schema_msg(cols)) +
          frame(*batch_msg(cols, rows, {}, 'lz4')) + eos())
    hf_folder(os.path.join(out, 'hf_save'))


def big(mb, out):
    """bench.arrow (stream format, batches of 1000 rows, as datasets writes) and the same
    rows as bench.jsonl."""
    os.makedirs(out, exist_ok=True)
    target, done, seed = mb << 20, 0, 0
    with open(os.path.join(out, 'bench.arrow'), 'wb') as fa, \
            open(os.path.join(out, 'bench.jsonl'), 'w') as fj:
        fa.write(frame(schema_msg(HF_COLS)))
        while done < target:
            rows = hf_rows(1000, seed)
            seed += 1000
            chunk = frame(*batch_msg(HF_COLS, rows, {}))
            fa.write(chunk)
            done += len(chunk)
            for r in rows:
                fj.write(json.dumps(r) + '\n')
        fa.write(eos())


def main(argv):
    if len(argv) == 4 and argv[1] == '--big':
        big(int(argv[2]), argv[3])
    elif len(argv) == 2:
        small(argv[1])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
