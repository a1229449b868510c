// arrow_xcheck.mjs - the JavaScript half of arrow_xcheck.sh: apache-arrow (an independent
// Arrow implementation) writes IPC files with their JSONL twins, and reads our fixtures.
//
//   node arrow_xcheck.mjs write DIR      every case as NAME.stream.arrows, NAME.file.arrow
//                                        (and a few more writers), with NAME.jsonl: the same
//                                        rows as dataprov's JSON readers should see them
//   node arrow_xcheck.mjs big DIR MB     big.arrows of about MB megabytes and big.jsonl
//   node arrow_xcheck.mjs dump FILE      tableFromIPC's rows of FILE, one a line, in
//                                        test_arrow.c's form (path=value|path=value ...)
//
// Values are taken from apache-arrow's Data (its decoded buffers), then shown as dataprov's
// Arrow reader documents them: dates and timestamps as ISO 8601 text (a fraction of a second
// only when there is one, `Z` when the timestamp has a time zone), numbers as C's %.15g ..
// %.17g (%.6g .. %.9g for a float) shortest text, non-finite ones as null, binary, decimal,
// time-of-day, duration, interval and union columns left out, a map as a list of
// {key, value} objects, a dictionary's values looked up.
import * as A from 'apache-arrow'
import { execFileSync } from 'child_process'
import fs from 'fs'
import path from 'path'

const T = A.Type
const cli = (cmd, args) => (data) => new Uint8Array(execFileSync(cmd, args, { input: data, maxBuffer: 1 << 30 }))
A.compressionRegistry.set(A.CompressionType.ZSTD, { encode: cli('zstd', ['-q', '-c']), decode: cli('zstd', ['-q', '-d', '-c']) })
A.compressionRegistry.set(A.CompressionType.LZ4_FRAME, { encode: cli('lz4', ['-q', '-c']), decode: cli('lz4', ['-q', '-d', '-c']) })

// apache-arrow 21 writes the compressed length in each compressed buffer's 8-byte prefix;
// the format says the uncompressed length (Message.fbs, BodyCompressionMethod.BUFFER), and
// PyArrow and dataprov refuse such files (apache/arrow-js pull request 470 fixes it). With
// SPEC_PREFIX set, the prefixes are rewritten as the format asks.
let SPEC_PREFIX = false
const compress = A.RecordBatchWriter.prototype._compressBodyBuffers
A.RecordBatchWriter.prototype._compressBodyBuffers = function (buffers) {
  const out = compress.call(this, buffers)
  buffers.forEach((b, i) => {
    const pre = new DataView(out.buffers[2 * i].buffer, out.buffers[2 * i].byteOffset)
    if (SPEC_PREFIX && b.byteLength && pre.getBigInt64(0, true) !== -1n) pre.setBigInt64(0, BigInt(b.byteLength), true)
  })
  return out
}

// ---- values as dataprov shows them ----

class Num { constructor(text) { this.text = text } }

// C's %.<p>g
function gfmt(v, p) {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0'
  const [m, e] = v.toExponential(p - 1).split('e')
  const x = Number(e)
  const strip = (s) => s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s
  if (x < -4 || x >= p) return `${strip(m)}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`
  return strip(v.toFixed(p - 1 - x))
}

function shortest(v, isFloat) {
  if (!Number.isFinite(v)) return null
  for (let p = isFloat ? 6 : 15; ; p++) {
    const s = gfmt(v, p)
    if (p >= (isFloat ? 9 : 17) || (isFloat ? Math.fround(Number(s)) === Math.fround(v) : Number(s) === v)) return new Num(s)
  }
}

const SKIP = undefined
const pad = (n, w) => String(n).padStart(w, '0')
const isoDay = (days) => new Date(Number(days) * 86400000).toISOString().slice(0, 10)

function isoTime(raw, unit, tz) {
  const per = [1n, 1000n, 1000000n, 1000000000n][unit]
  let secs = raw / per, frac = raw % per
  if (frac < 0n) { frac += per; secs -= 1n }
  let s = new Date(Number(secs) * 1000).toISOString().slice(0, 19)
  if (frac) s += '.' + pad(frac, [0, 3, 6, 9][unit])
  return s + (tz ? 'Z' : '')
}

// Column d (an apache-arrow Data) as plain values, one per slot; SKIP for a column left out.
function column(d) {
  const out = new Array(d.length)
  const t = d.type
  if (skipped(t)) return out.fill(SKIP)
  const vec = new A.Vector([d])
  let kids, dict
  if (t.typeId === T.Struct) kids = d.children.map(column)
  if (t.typeId === T.List || t.typeId === T.LargeList || t.typeId === T.FixedSizeList || t.typeId === T.Map) kids = column(d.children[0])
  if (t.typeId === T.Dictionary) { if (!d.dictionary) throw new Error(`no dictionary: ${t} ${d.length}`); dict = d.dictionary.data.flatMap(column) }
  for (let i = 0; i < d.length; i++) {
    if (!d.getValid(i)) { out[i] = null; continue }
    switch (t.typeId) {
      case T.Null: out[i] = null; break
      case T.Utf8: case T.LargeUtf8: case T.Utf8View: out[i] = vec.get(i); break
      case T.Bool: out[i] = vec.get(i); break
      case T.Int: out[i] = new Num(String(d.values[i])); break
      case T.Float: out[i] = shortest(Number(vec.get(i)), t.precision !== A.Precision.DOUBLE); break
      case T.Date: out[i] = isoDay(t.unit === A.DateUnit.DAY ? d.values[i] : BigInt(d.values[i]) / 86400000n - (BigInt(d.values[i]) % 86400000n < 0n ? 1n : 0n)); break
      case T.Timestamp: out[i] = isoTime(BigInt(d.values[i]), t.unit, t.timezone); break
      case T.Struct: out[i] = Object.fromEntries(t.children.map((f, k) => [f.name, kids[k][i]]).filter(([, v]) => v !== SKIP)); break
      case T.FixedSizeList: out[i] = kids.slice(i * t.listSize, (i + 1) * t.listSize); break
      case T.List: case T.LargeList: case T.Map:
        out[i] = kids.slice(Number(d.valueOffsets[i]), Number(d.valueOffsets[i + 1])); break
      case T.Dictionary: out[i] = dict[Number(d.values[i])]; break
      default: throw new Error(`no conversion for ${t}`)
    }
  }
  return out
}

function skipped(t) {
  return [T.Binary, T.LargeBinary, T.FixedSizeBinary, T.BinaryView, T.Decimal, T.Time, T.Duration,
    T.Interval, T.Union].includes(t.typeId) ||
    (t.typeId === T.Dictionary && ![T.Utf8, T.LargeUtf8].includes(t.dictionary.typeId))
}

function rows(table) {
  const out = []
  for (const batch of table.batches.filter((b) => b.numRows)) {
    const cols = batch.schema.fields.map((f, k) => [f.name, column(batch.data.children[k])])
    for (let i = 0; i < batch.numRows; i++)
      out.push(Object.fromEntries(cols.map(([n, c]) => [n, c[i]]).filter(([, v]) => v !== SKIP)))
  }
  return out
}

function json(v) {
  if (v === null) return 'null'
  if (v instanceof Num) return v.text
  if (Array.isArray(v)) return '[' + v.map(json).join(',') + ']'
  if (typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => JSON.stringify(k) + ':' + json(x)).join(',') + '}'
  return JSON.stringify(v)
}

// test_arrow.c's dump: containers first, list values under the list's path
function flat(v, p, out) {
  if (v === null) out.push(`${p}=null`)
  else if (v instanceof Num) out.push(`${p}=${v.text}`)
  else if (Array.isArray(v)) { out.push(`${p}=[`); v.forEach((x) => flat(x, p, out)) }
  else if (typeof v === 'object') { out.push(`${p}={`); Object.entries(v).forEach(([k, x]) => flat(x, `${p}.${k}`, out)) }
  else out.push(typeof v === 'string' ? `${p}="${v}"` : `${p}=${v}`)
  return out
}
const dumpRow = (r) => Object.entries(r).flatMap(([k, v]) => flat(v, k, [])).join('|')

// ---- the tables ----

const vec = (vals, type) => A.vectorFromArray(vals, type)
const F = (name, type, nullable = true) => new A.Field(name, type, nullable)
const nth = (i, k, v) => (i % k === 0 ? null : v)

function raw(type, n, values, nullEvery) {
  const bm = new Uint8Array((n + 7) >> 3)
  let nulls = 0
  for (let i = 0; i < n; i++) if (i % nullEvery) bm[i >> 3] |= 1 << (i & 7); else nulls++
  return A.makeVector(A.makeData({ type, length: n, nullCount: nulls, nullBitmap: bm, data: values }))
}

function scalars(n, seed) {
  const s = (i) => i + seed
  const long = 'long text with ünïcödé 日本語 and emoji 🦀 '.repeat(4000)
  return new A.Table({
    text: vec(Array.from({ length: n }, (_, i) => nth(i, 9, i % 50 === 1 ? long + s(i)
      : `row ${s(i) % 40}: mail ann${s(i) % 70}@mailhost.de, téléphone ☎ ${s(i) % 3}`)), new A.Utf8()),
    big: vec(Array.from({ length: n }, (_, i) => nth(i, 7, `large ${s(i) % 13} ✓`)), new A.LargeUtf8()),
    license: vec(Array.from({ length: n }, (_, i) => nth(i, 11, ['mit', 'cc-by-4.0', 'apache-2.0'][s(i) % 3])), new A.Utf8()),
    i8: vec(Array.from({ length: n }, (_, i) => nth(i, 5, (s(i) * 37 % 256) - 128)), new A.Int8()),
    i16: vec(Array.from({ length: n }, (_, i) => nth(i, 6, (s(i) * 997 % 65536) - 32768)), new A.Int16()),
    i32: vec(Array.from({ length: n }, (_, i) => nth(i, 4, i % 3 ? -2147483648 + s(i) : 2147483647 - s(i))), new A.Int32()),
    i64: vec(Array.from({ length: n }, (_, i) => nth(i, 8, i % 2 ? -(2n ** 63n) + BigInt(s(i)) : 2n ** 63n - 1n - BigInt(s(i)))), new A.Int64()),
    u8: vec(Array.from({ length: n }, (_, i) => nth(i, 3, s(i) * 31 % 256)), new A.Uint8()),
    u16: vec(Array.from({ length: n }, (_, i) => nth(i, 10, 65535 - s(i) % 100)), new A.Uint16()),
    u32: vec(Array.from({ length: n }, (_, i) => nth(i, 12, 4294967295 - s(i) % 100)), new A.Uint32()),
    u64: vec(Array.from({ length: n }, (_, i) => nth(i, 13, 2n ** 64n - 1n - BigInt(s(i) % 50))), new A.Uint64()),
    f16: vec(Array.from({ length: n }, (_, i) => nth(i, 14, (s(i) % 200) / 8 - 3)), new A.Float16()),
    f32: vec(Array.from({ length: n }, (_, i) => nth(i, 15, [0.1, 1e-7, 3.4e38, -2.5, 1 / 3][s(i) % 5] * (s(i) % 7))), new A.Float32()),
    f64: vec(Array.from({ length: n }, (_, i) => nth(i, 16, [0.1, 1e-7, 1e300, 1e21, 123456789.125, 0.00001234, NaN, -Infinity][s(i) % 8] * (s(i) % 4 + 1))), new A.Float64()),
    ok: vec(Array.from({ length: n }, (_, i) => nth(i, 17, s(i) % 3 === 0)), new A.Bool()),
  })
}

const utf8List = new A.List(F('item', new A.Utf8()))
const inner = new A.Struct([F('b', new A.Int32()), F('c', utf8List)])
const mapType = new A.Map_(F('entries', new A.Struct([F('key', new A.Utf8(), false), F('value', new A.Utf8())]), false))

function nested(n, seed) {
  const s = (i) => i + seed
  return new A.Table({
    tags: vec(Array.from({ length: n }, (_, i) => nth(i, 5, Array.from({ length: s(i) % 4 }, (_, k) => nth(k, 3, `t${(s(i) + k) % 6}`)))), utf8List),
    nums: vec(Array.from({ length: n }, (_, i) => nth(i, 6, Array.from({ length: s(i) % 3 }, (_, k) => s(i) * 10 + k))), new A.LargeList(F('item', new A.Int32()))),
    vec3: vec(Array.from({ length: n }, (_, i) => nth(i, 7, [s(i) / 2, nth(i % 4, 2, -s(i)), 0.25])), new A.FixedSizeList(3, F('item', new A.Float64()))),
    meta: vec(Array.from({ length: n }, (_, i) => nth(i, 8, { a: nth(i, 3, `https://s${s(i) % 5}.org/p/${s(i) % 9}`), inner: nth(i, 4, { b: s(i) % 11, c: [`c${s(i) % 3}`] }) })),
      new A.Struct([F('a', new A.Utf8()), F('inner', inner)])),
    attrs: vec(Array.from({ length: n }, (_, i) => nth(i, 9, new Map(Array.from({ length: s(i) % 3 }, (_, k) => [`k${k}`, nth(k, 2, `v${s(i) % 5}`)])))), mapType),
    text: vec(Array.from({ length: n }, (_, i) => `nested row ${s(i) % 25} bob${s(i) % 9}@example.org`), new A.Utf8()),
  })
}

// Dictionary columns: batch two's dictionary is batch one's chunk plus one more, which the
// JS writer sends as a delta; a dictionary of integers (left out) beside them
const INTS = vec([10, 20], new A.Int32())

function dictBatch(dictionary, idx, indexType) {
  const type = new A.Dictionary(new A.Utf8(), indexType, 7)
  const n = idx.length
  const bm = new Uint8Array((n + 7) >> 3)
  idx.forEach((v, i) => { if (v !== null) bm[i >> 3] |= 1 << (i & 7) })
  const IA = { 8: Int8Array, 16: Int16Array, 32: Int32Array }[indexType.bitWidth]
  const cat = A.makeVector(A.makeData({ type, length: n, nullCount: idx.filter((v) => v === null).length,
    nullBitmap: bm, data: new IA(idx.map((v) => v ?? 0)), dictionary }))
  const plain = vec(idx.map((v, i) => (i % 3 ? `p${v}` : null)), new A.Utf8())
  const ints = A.makeVector(A.makeData({ type: new A.Dictionary(new A.Int32(), new A.Int8(), 9), length: n,
    nullCount: 0, data: new Int8Array(n).fill(1), dictionary: INTS }))
  return new A.Table({ cat, plain, ints }).batches[0]
}

function dicts() {
  const c1 = vec(['alpha', 'beta', 'γάμμα', null], new A.Utf8()).data[0]
  const c2 = vec(['delta', '', 'epsilon'], new A.Utf8()).data[0]
  const one = dictBatch(new A.Vector([c1]), [0, 1, null, 2, 1, 0, 3], new A.Int32())
  const two = dictBatch(new A.Vector([c1, c2]), [4, 6, 0, null, 5, 2], new A.Int32())
  return new A.Table([one, two])
}

function temporal(n) {
  const ts = (unit, Cls, tz, scale) => raw(new Cls(tz), n, BigInt64Array.from({ length: n }, (_, i) => BigInt(1714566600 + i * 3607 - (i % 4 ? 0 : 86400 * 20000)) * scale + BigInt(i % 3 ? i * 7 % Number(scale || 1n) : 0)), 5)
  return new A.Table({
    day: raw(new A.DateDay(), n, Int32Array.from({ length: n }, (_, i) => 19844 + i * 97 - (i % 5 ? 0 : 50000)), 6),
    dms: raw(new A.DateMillisecond(), n, BigInt64Array.from({ length: n }, (_, i) => BigInt((19844 - i * 31) * 86400000)), 7),
    ts_s: ts(0, A.TimestampSecond, null, 1n), ts_s_tz: ts(0, A.TimestampSecond, 'UTC', 1n),
    ts_ms: ts(1, A.TimestampMillisecond, null, 1000n), ts_ms_tz: ts(1, A.TimestampMillisecond, 'Europe/Paris', 1000n),
    ts_us: ts(2, A.TimestampMicrosecond, null, 1000000n), ts_us_tz: ts(2, A.TimestampMicrosecond, '+05:30', 1000000n),
    ts_ns: ts(3, A.TimestampNanosecond, null, 1000000000n), ts_ns_tz: ts(3, A.TimestampNanosecond, 'UTC', 1000000000n),
    text: vec(Array.from({ length: n }, (_, i) => `event ${i % 17}`), new A.Utf8()),
  })
}

// Columns dataprov leaves out, between ones it reads: their buffers must be stepped over
function leftOut(n) {
  const union = (Cls) => {
    const types = Int8Array.from({ length: n }, (_, i) => i % 2)
    const kids = [vec(Array.from({ length: n }, (_, i) => i), new A.Int32()).data[0], vec(Array.from({ length: n }, (_, i) => `u${i}`), new A.Utf8()).data[0]]
    const type = new Cls([0, 1], [F('i', new A.Int32()), F('s', new A.Utf8())])
    const extra = Cls === A.DenseUnion ? { valueOffsets: Int32Array.from({ length: n }, (_, i) => i) } : {}
    return A.makeVector(A.makeData({ type, length: n, nullCount: 0, typeIds: types, children: kids, ...extra }))
  }
  return new A.Table({
    a: vec(Array.from({ length: n }, (_, i) => nth(i, 4, `first ${i}`)), new A.Utf8()),
    bin: vec(Array.from({ length: n }, (_, i) => nth(i, 3, new Uint8Array([137, 80, 78, 71, i]))), new A.Binary()),
    lbin: vec(Array.from({ length: n }, (_, i) => new Uint8Array([i, i])), new A.LargeBinary()),
    fbin: vec(Array.from({ length: n }, (_, i) => nth(i, 2, new Uint8Array([i, 1, 2, 3]))), new A.FixedSizeBinary(4)),
    tod: vec(Array.from({ length: n }, (_, i) => nth(i, 5, i * 1000)), new A.TimeMillisecond()),
    dur: vec(Array.from({ length: n }, (_, i) => BigInt(i)), new A.DurationNanosecond()),
    sview: vec(Array.from({ length: n }, (_, i) => nth(i, 6, i % 2 ? `sv${i}` : `a string view longer than twelve bytes ${i}`)), new A.Utf8View()),
    bview: vec(Array.from({ length: n }, (_, i) => new Uint8Array(i % 20)), new A.BinaryView()),
    dense: union(A.DenseUnion), sparse: union(A.SparseUnion),
    z: vec(Array.from({ length: n }, (_, i) => nth(i, 5, i * 3)), new A.Int16()),
    last: vec(Array.from({ length: n }, (_, i) => `last ${i % 7}`), new A.LargeUtf8()),
  })
}

function hfBatch(n, seed) {
  const lic = ['cc-by-4.0', 'mit', 'apache-2.0', 'cc-by-nc-4.0']
  const text = [], id = [], license = [], score = [], messages = []
  for (let i = 0; i < n; i++) {
    const k = i + seed
    text.push(`Row ${k} of the corpus: the quick brown fox jumps over the lazy dog ${k * 7}. Contact user${k % 97}@${k % 10 ? 'example.org' : 'mailhost.de'} for details. `.repeat(1 + k % 3))
    id.push(BigInt(k)); license.push(lic[k % 4]); score.push((k % 1000) / 8)
    messages.push([{ role: 'user', content: `question ${k}` }, { role: 'assistant', content: `answer ${k * 3}` }])
  }
  return new A.Table({
    text: vec(text, new A.Utf8()), id: vec(id, new A.Int64()), license: vec(license, new A.Utf8()),
    score: vec(score, new A.Float64()),
    messages: vec(messages, new A.List(F('item', new A.Struct([F('role', new A.Utf8()), F('content', new A.Utf8())])))),
  })
}

const concat = (tables) => new A.Table(tables.flatMap((t) => t.batches))

// Dictionaries inside lists and structs, other index types, an all-null column, a Null
// column, decimals and intervals (left out), schema and field metadata as `datasets` writes
function odd(n) {
  const words = vec(['rouge', 'vert', 'bleu', null, 'noir'], new A.Utf8())
  const dict = (bits, idx, id) => {
    const IA = { 8: Uint8Array, 64: BigInt64Array, 16: Int16Array }[bits]
    const it = bits === 8 ? new A.Uint8() : bits === 64 ? new A.Int64() : new A.Int16()
    const bm = new Uint8Array((idx.length + 7) >> 3)
    idx.forEach((v, i) => { if (v !== null) bm[i >> 3] |= 1 << (i & 7) })
    return A.makeData({ type: new A.Dictionary(new A.Utf8(), it, id), length: idx.length,
      nullCount: idx.filter((v) => v === null).length, nullBitmap: bm,
      data: IA.from(idx, (v) => (bits === 64 ? BigInt(v ?? 0) : v ?? 0)), dictionary: words })
  }
  const idx = Array.from({ length: n }, (_, i) => (i % 6 === 5 ? null : i % 5))
  const flat = Array.from({ length: 3 * n }, (_, i) => (i % 7 === 6 ? null : (i * 3) % 5))
  const listType = new A.List(F('item', new A.Dictionary(new A.Utf8(), new A.Int16(), 12)))
  const lists = A.makeData({ type: listType, length: n, nullCount: 0, nullBitmap: new Uint8Array(0),
    valueOffsets: Int32Array.from({ length: n + 1 }, (_, i) => 3 * i), child: dict(16, flat, 12) })
  const stType = new A.Struct([F('colour', new A.Dictionary(new A.Utf8(), new A.Uint8(), 13)), F('k', new A.Int32())])
  const st = A.makeData({ type: stType, length: n, nullCount: 0, nullBitmap: new Uint8Array(0),
    children: [dict(8, idx.map((v) => v ?? 0), 13), vec(Array.from({ length: n }, (_, i) => i % 4), new A.Int32()).data[0]] })
  const dec = A.makeVector(A.makeData({ type: new A.Decimal(2, 10, 128), length: n, nullCount: 0,
    data: Uint32Array.from({ length: 4 * n }, (_, i) => (i % 4 ? 0 : i)) }))
  const t = new A.Table({
    c64: A.makeVector(dict(64, idx, 11)), lists: A.makeVector(lists), st: A.makeVector(st), dec,
    iv: vec(Array.from({ length: n }, (_, i) => Int32Array.from([i, i])), new A.IntervalDayTime()),
    allnull: vec(Array.from({ length: n }, () => null), new A.Utf8()),
    nothing: vec(Array.from({ length: n }, () => null), new A.Null()),
    text: vec(Array.from({ length: n }, (_, i) => `odd ${i % 9}`), new A.Utf8()),
  })
  const meta = new Map([['huggingface', JSON.stringify({ info: { features: { text: { dtype: 'string' } } } })]])
  const fields = t.schema.fields.map((f) => new A.Field(f.name, f.type, f.nullable, new Map([['note', f.name]])))
  return new A.Table(new A.Schema(fields, meta), t.batches.map((b) => new A.RecordBatch(new A.Schema(fields, meta), b.data)))
}

// A dictionary replaced (not extended) in the second batch: the stream writer sends a
// replacement (the file format has none)
function replaced() {
  const mk = (words, idx) => {
    const type = new A.Dictionary(new A.Utf8(), new A.Int32(), 21)
    return new A.Table({ r: A.makeVector(A.makeData({ type, length: idx.length, nullCount: 0,
      data: Int32Array.from(idx), dictionary: vec(words, new A.Utf8()) })) }).batches[0]
  }
  return new A.Table([mk(['a', 'b'], [0, 1, 1]), mk(['x', 'y', 'z'], [2, 0, 1, 0])])
}

function cases() {
  return {
    scalars: concat([scalars(300, 0), scalars(1, 300), scalars(250, 301)]),
    nested: concat([nested(120, 0), nested(80, 120)]),
    dicts: dicts(),
    temporal: temporal(200),
    leftout: leftOut(60),
    empty: scalars(0, 0),
    gaps: concat([scalars(40, 7), scalars(0, 0), scalars(30, 50)]), // an empty batch between
    sliced: scalars(300, 3).slice(37, 211), // bitmaps and offsets that start mid-buffer
    nslice: nested(90, 5).slice(13, 77),
    odd: odd(50),
    replaced: replaced(),
  }
}

function writeCase(dir, name, table) {
  fs.writeFileSync(path.join(dir, `${name}.jsonl`), rows(table).map((r) => json(r) + '\n').join(''))
  fs.writeFileSync(path.join(dir, `${name}.stream.arrows`), A.RecordBatchStreamWriter.writeAll(table).toUint8Array(true))
  if (name !== 'replaced') // the file format has no replacement dictionaries
    fs.writeFileSync(path.join(dir, `${name}.file.arrow`), A.RecordBatchFileWriter.writeAll(table).toUint8Array(true))
}

function write(dir) {
  fs.mkdirSync(dir, { recursive: true })
  for (const [name, table] of Object.entries(cases())) writeCase(dir, name, table)
  const t = cases().scalars
  fs.writeFileSync(path.join(dir, 'scalars.tabletoipc.arrows'), A.tableToIPC(t, 'stream'))
  fs.writeFileSync(path.join(dir, 'scalars.tabletoipc.arrow'), A.tableToIPC(t, 'file'))
  fs.writeFileSync(path.join(dir, 'scalars.legacy.arrows'), new A.RecordBatchStreamWriter({ writeLegacyIpcFormat: true }).writeAll(t).toUint8Array(true))
  for (const [c, ct] of [['zstd', A.CompressionType.ZSTD], ['lz4', A.CompressionType.LZ4_FRAME]]) {
    for (const name of ['scalars', 'nested', 'dicts']) {
      for (const spec of [true, false]) {
        SPEC_PREFIX = spec
        const file = path.join(dir, `${name}.${c}${spec ? '' : '-asis'}`)
        fs.writeFileSync(file + '.arrows', new A.RecordBatchStreamWriter({ compressionType: ct }).writeAll(cases()[name]).toUint8Array(true))
        fs.writeFileSync(file + '.arrow', new A.RecordBatchFileWriter({ compressionType: ct }).writeAll(cases()[name]).toUint8Array(true))
      }
    }
  }
  SPEC_PREFIX = false
}

// batches of 1000 rows, as `datasets` writes them
function big(dir, mb) {
  fs.mkdirSync(dir, { recursive: true })
  const fj = fs.openSync(path.join(dir, 'big.jsonl'), 'w')
  const batches = []
  for (let seed = 0, done = 0; done < mb * 1048576; seed += 1000) {
    const t = hfBatch(1000, seed)
    batches.push(t.batches[0])
    done += t.batches[0].data.byteLength
    fs.writeSync(fj, rows(t).map((r) => json(r) + '\n').join(''))
  }
  fs.closeSync(fj)
  fs.writeFileSync(path.join(dir, 'big.arrows'), A.RecordBatchStreamWriter.writeAll(batches).toUint8Array(true))
}

const [cmd, a1, a2] = process.argv.slice(2)
if (cmd === 'write') write(a1)
else if (cmd === 'big') big(a1, Number(a2))
else if (cmd === 'dump') process.stdout.write(rows(A.tableFromIPC(fs.readFileSync(a1))).map((r) => dumpRow(r) + '\n').join(''))
else { console.error('usage: arrow_xcheck.mjs write DIR | big DIR MB | dump FILE'); process.exit(2) }
