#!/usr/bin/env python3
"""The driver of parquet_xcheck.sh: write, dump with hyparquet, scan, compare."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "golden"))
from parquet_gen import (REQUIRED, T_BOOL, T_BYTES, T_DOUBLE, T_FLOAT, T_INT32, T_INT64, Col,  # noqa: E402
                         Group, list_of, string, write)

BIN, WORK = sys.argv[1], sys.argv[2]
DUMP = """import { parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import fs from 'fs'
const b = fs.readFileSync(process.argv[2])
const rows = await parquetReadObjects({ file: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength), compressors })
// img holds image bytes: dataprov leaves binary columns out, hyparquet shows them as text
const out = (k, v) => k === 'img' ? undefined : typeof v === 'bigint' ? Number(v) : v
fs.writeFileSync(process.argv[3], rows.map(r => JSON.stringify(r, out)).join('\\n') + '\\n')
"""
WRITE = """import { parquetWriteBuffer } from 'hyparquet-writer'
import fs from 'fs'
const n = 3000, id = [], text = [], score = [], ok = [], lic = []
for (let i = 0; i < n; i++) {
  id.push(BigInt(i)); score.push(i % 5 ? i / 4 : null); ok.push(i % 2 == 0); lic.push(i % 2 ? 'cc-by-4.0' : 'mit')
  text.push(i % 7 == 3 ? null : `row ${i % 1000}: write to ann${i % 1500}@mailhost.de`)
}
fs.writeFileSync(process.argv[2], Buffer.from(parquetWriteBuffer({ columnData: [
  { name: 'id', data: id, type: 'INT64' }, { name: 'text', data: text, type: 'STRING' },
  { name: 'score', data: score, type: 'DOUBLE' }, { name: 'ok', data: ok, type: 'BOOLEAN' },
  { name: 'license', data: lic, type: 'STRING' }], rowGroupSize: 1000 })))
"""
SCHEMA = [Col("id", T_INT64, REQUIRED), string("text"), Col("score", T_DOUBLE), Col("f", T_FLOAT),
          Col("n", T_INT32), Col("ok", T_BOOL), list_of("tags", string("x")),
          Group("meta", [string("url"), string("license")]), Group("img", [Col("bytes", T_BYTES)])]
ROWS = [{"id": i * 1000003 - 5 ** 20, "text": None if i % 7 == 3 else f"record {i % 900} mail bob{i % 1300}@mailhost.de",
         "score": None if i % 5 == 0 else i / 4, "f": i * 0.5, "n": -i * 77, "ok": i % 3 == 0,
         "tags": None if i % 11 == 0 else ["a" * (i % 4), "b"],
         "meta": None if i % 17 == 0 else {"url": f"https://s{i % 10}.org/p/{i}", "license": "mit"},
         "img": {"bytes": b"\x89PNG carol@hidden.de"}} for i in range(2100)]


def scan(path, out):
    shutil.rmtree(out, ignore_errors=True)
    code = subprocess.run([BIN, "scan", "-q", "--progress=never", path, "-o", out]).returncode
    return code, json.load(open(os.path.join(out, "report.json")))


def fields(rep):
    # a JSON array is one field of type array; a Parquet list is its elements: compare the
    # element values' distinct counts only for list columns
    return {f["path"]: (f["distinct"], None if f["path"] == "tags" else f["types"])
            for f in rep["scope"]["schema"]["fields"] if f["path"] not in ("img", "meta")}


def compare(name, pq):
    js = os.path.join(WORK, "x.jsonl")
    subprocess.run(["node", os.path.join(WORK, "dump.mjs"), pq, js], check=True, cwd=WORK)
    ca, a = scan(pq, os.path.join(WORK, "oa"))
    cb, b = scan(js, os.path.join(WORK, "ob"))
    diffs = []
    if ca != 0 or a["coverage"]["records"] != b["coverage"]["records"]:
        diffs.append(f"exit {ca}, records {a['coverage']['records']} vs {b['coverage']['records']}")
    ea = json.loads(json.dumps(a["dedup"]["exact"]).replace(pq, "F"))  # origins name the files
    eb = json.loads(json.dumps(b["dedup"]["exact"]).replace(js, "F"))
    diffs += [f"exact dedup {k}: {str(ea[k])[:200]} vs {str(eb.get(k))[:200]}" for k in ea if ea[k] != eb.get(k)]
    if [r["findings"] for r in a["pii"]["rules"]] != [r["findings"] for r in b["pii"]["rules"]]:
        diffs.append("PII findings")
    fa, fb = fields(a), fields(b)
    diffs += [f"field {k}: {fa.get(k)} vs {fb.get(k)}" for k in sorted(set(fa) | set(fb)) if fa.get(k) != fb.get(k)]
    print(f"| {name} | {a['coverage']['records']} | {'same' if not diffs else 'DIFFERENT: ' + '; '.join(diffs)} |")
    return not diffs


open(os.path.join(WORK, "dump.mjs"), "w").write(DUMP)
open(os.path.join(WORK, "write.mjs"), "w").write(WRITE)
print("| file | records | dataprov on the Parquet file vs on hyparquet's JSONL of it |\n|---|---:|---|")
ok = True
for codec in os.environ.get("XCHECK_CODECS", "none snappy gzip zstd lz4_raw").split():
    for pv in (1, 2):
        for enc in ("dict", "plain", "delta", "front"):
            name = f"ours-{codec}-v{pv}-{enc}.parquet"
            path = os.path.join(WORK, name)
            write(path, SCHEMA, ROWS, codec=codec, page_version=pv, dictionary=enc == "dict",
                  encoding="delta" if enc in ("delta", "front") else "plain", front=enc == "front",
                  group_rows=800, page_values=300)
            ok &= compare(name, path)
theirs = os.path.join(WORK, "hyparquet-writer.parquet")
subprocess.run(["node", os.path.join(WORK, "write.mjs"), theirs], check=True, cwd=WORK)
ok &= compare("hyparquet-writer.parquet", theirs)
print("parquet xcheck:", "every file agrees" if ok else "DIFFERENCES (see above)")
sys.exit(0 if ok else 1)
