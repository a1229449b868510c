#!/usr/bin/env python3
"""The driver of arrow_xcheck.sh, both directions.

1. apache-arrow (JavaScript) writes Arrow IPC files of every type dataprov reads (and some it
   leaves out) with the stream writer, the file writer, tableToIPC, the legacy prefix and
   ZSTD/LZ4 bodies, and the same rows as JSONL. dataprov scans each file and its JSONL twin,
   alone and together: records, exact duplicates, PII findings, record license values and
   every field of the scope's schema (types, presence, distinct counts, top values) must be
   the same, and scanning both together must add no distinct value and no unique text.
2. apache-arrow's tableFromIPC reads our generator's fixtures (fixtures/arrow/, the corrupt
   ones aside): its rows must be the ones tests/unit/test_arrow.c expects of our reader.
3. Speed: the JS-written file of XCHECK_BIG_MB (default 20) megabytes vs its JSONL twin,
   reader only (--analysers none --threads 1).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

BIN, WORK = sys.argv[1], sys.argv[2]
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JS = os.path.join(WORK, "arrow_xcheck.mjs")


def scan(paths, out, extra=()):
    shutil.rmtree(out, ignore_errors=True)
    code = subprocess.run([BIN, "scan", "-q", "--progress=never", *paths, "-o", out, *extra]).returncode
    return code, json.load(open(os.path.join(out, "report.json")))


def fields(rep):
    return {f["path"]: f for f in rep["scope"]["schema"]["fields"]}


def licence_values(rep):
    lf = rep["licenses"]["fields"]
    return {k: lf[k] for k in ("records", "with_value", "missing", "by_value")}


def same_scan(a, b, pa, pb):
    """The differences between the scans a (of pa) and b (of pb)."""
    diffs = []
    ca, cb = a["coverage"], b["coverage"]
    if ca["records"] != cb["records"]:
        diffs.append(f"records {ca['records']} vs {cb['records']}")
    ea = json.loads(json.dumps(a["dedup"]["exact"]).replace(pa, "F"))  # origins name the files
    eb = json.loads(json.dumps(b["dedup"]["exact"]).replace(pb, "F"))
    diffs += [f"exact dedup {k}: {str(ea[k])[:160]} vs {str(eb.get(k))[:160]}" for k in ea if ea[k] != eb.get(k)]
    if [r["findings"] for r in a["pii"]["rules"]] != [r["findings"] for r in b["pii"]["rules"]]:
        diffs.append("PII findings")
    if licence_values(a) != licence_values(b):
        diffs.append(f"license fields {licence_values(a)} vs {licence_values(b)}")
    fa, fb = fields(a), fields(b)
    for k in sorted(set(fa) | set(fb)):
        if fa.get(k) != fb.get(k):
            x, y = fa.get(k) or {}, fb.get(k) or {}
            keys = [j for j in sorted(set(x) | set(y)) if x.get(j) != y.get(j)]
            diffs.append(f"field {k}: " + ", ".join(f"{j} {str(x.get(j))[:120]} vs {str(y.get(j))[:120]}" for j in keys))
    return diffs


def together(a, both):
    """Scanning the file and its twin together: no new distinct value, no new unique text."""
    diffs = []
    if both["dedup"]["exact"]["unique"] != a["dedup"]["exact"]["unique"]:
        diffs.append(f"together: {both['dedup']['exact']['unique']} unique texts, alone {a['dedup']['exact']['unique']}")
    fa, err = fields(a), both["scope"]["schema"]["distinct_error"]
    for k, f in fields(both).items():
        if k not in fa:
            continue
        n, alone = f["distinct"], fa[k]["distinct"]
        # estimated counts (past the exact ones) may move by their error; different values
        # would double them
        if (n != alone) if f["distinct_exact"] else abs(n - alone) > 3 * err * alone + 1:
            diffs.append(f"together: field {k} has {n} distinct values, alone {alone}")
    return diffs


def refused(code, rep, twin_records):
    """A file apache-arrow wrote with its compressed lengths in the uncompressed-length
    prefixes: dataprov must name each such batch (as PyArrow refuses the file) and read the
    others (buffers left uncompressed are fine)."""
    notes = rep["coverage"]["malformed_examples"]
    return code == 3 and notes and rep["coverage"]["records"] < twin_records and \
        all(re.search(r"corrupt (ZSTD|LZ4_FRAME) data", n) for n in notes)


def compare(path, twin):
    name = os.path.basename(path)
    ca, a = scan([path], os.path.join(WORK, "oa"))
    if "-asis." in name and ca != 0:
        _, b = scan([twin], os.path.join(WORK, "ob"))
        ok = refused(ca, a, b["coverage"]["records"])
        print(f"| {name} | {a['coverage']['records']} | {'refused with notes, as expected' if ok else 'NOT REFUSED AS EXPECTED: ' + str(a['coverage']['malformed_examples'][:2])} |")
        return ok
    cb, b = scan([twin], os.path.join(WORK, "ob"))
    diffs = [] if ca == 0 else [f"exit {ca}: {a['coverage']['malformed_examples'][:3]}"]
    diffs += same_scan(a, b, path, twin)
    if a["coverage"]["records"]:
        _, both = scan([path, twin], os.path.join(WORK, "oab"))
        diffs += together(a, both)
    print(f"| {name} | {a['coverage']['records']} | {'same' if not diffs else 'DIFFERENT: ' + '; '.join(diffs)} |")
    return not diffs


def c_strings(src, name):
    """The concatenated string literals of `name` in test_arrow.c (after the name, up to ';')."""
    at = src.index(name) + len(name)
    body = src[at:src.index(";", at)]
    lits = re.findall(r'"((?:[^"\\]|\\.)*)"', body)
    return "".join(lits).encode().decode("unicode_escape").encode("latin-1").decode()


def expected_dumps():
    src = open(os.path.join(SRC, "tests", "unit", "test_arrow.c")).read()
    basic = c_strings(src, "basic_rows[] =")
    nested = c_strings(src, 'read_fixture("nested.arrows", &run),')
    delta = c_strings(src, 'read_fixture("dict_delta.arrows", &run),')
    hf = {"hf_save/data-00000-of-00001.arrow": None}
    return {"basic.arrows": basic, "basic.arrow": basic, "legacy.arrows": basic, "zstd.arrow": basic,
            "noeos.arrow": basic, "footer_schema.arrow": basic, "nested.arrows": nested, "dict_delta.arrows": delta, "empty.arrow": "",
            "lz4.arrows": None, **hf}


def ours():
    """tableFromIPC on our fixtures vs what test_arrow.c expects of our reader."""
    ok = True
    print("\n| our fixture | apache-arrow's tableFromIPC vs test_arrow.c's expected rows |\n|---|---|")
    for name, want in expected_dumps().items():
        p = subprocess.run(["node", JS, "dump", os.path.join(SRC, "fixtures", "arrow", name)],
                           capture_output=True, text=True, cwd=WORK)
        got = p.stdout
        if p.returncode:
            verdict = "UNREADABLE: " + (p.stderr.strip().splitlines() or ["?"])[-1][:300]
        elif name == "lz4.arrows":  # what test_arrow.c asserts of it
            verdict = "same" if got.startswith('text="line 0 of a long text that compresses\nline 1 ') and \
                'line 3999 of a long text that compresses\n"|id=1\n' in got and got.endswith('\ntext="short"|id=2\n') \
                else "DIFFERENT: " + got[:200] + " ... " + got[-200:]
        elif want is None:  # the save_to_disk shard: 25 rows, row 3's text replaced
            verdict = "same" if got.count("\n") == 25 and "jane.doe@protonmail.ch" in got.split("\n")[3] else f"{got.count(chr(10))} rows"
        else:
            verdict = "same" if got == want else "DIFFERENT: " + first_diff(got, want)
        ok &= verdict == "same"
        print(f"| {name} | {verdict} |")
    return ok


def first_diff(got, want):
    for i, (g, w) in enumerate(zip(got.split("\n"), want.split("\n"))):
        if g != w:
            return f"row {i + 1}: apache-arrow {g[:300]!r} vs ours {w[:300]!r}"
    return f"{got.count(chr(10))} rows vs {want.count(chr(10))}"


def speed():
    mb = int(os.environ.get("XCHECK_BIG_MB", "20"))
    d = os.path.join(WORK, "big")
    subprocess.run(["node", JS, "big", d, str(mb)], check=True, cwd=WORK)
    ok = compare(os.path.join(d, "big.arrows"), os.path.join(d, "big.jsonl"))
    for f in ("big.arrows", "big.jsonl"):
        p = os.path.join(d, f)
        best = None
        for _ in range(3):
            t = time.monotonic()
            scan([p], os.path.join(WORK, "os"), ["--analysers", "none", "--threads", "1", "--no-findings"])
            best = min(best or 1e9, time.monotonic() - t)
        size = os.path.getsize(p) / 1048576
        print(f"speed: {f}: {size:.1f} MB in {best:.2f} s ({size / best:.0f} MB/s), reader only, 1 thread")
    return ok


def main():
    out = os.path.join(WORK, "cases")
    subprocess.run(["node", JS, "write", out], check=True, cwd=WORK)
    print("| apache-arrow file | records | dataprov on the Arrow file vs on its JSONL twin |\n|---|---:|---|")
    ok = True
    for f in sorted(os.listdir(out)):
        if not f.endswith(".jsonl"):
            ok &= compare(os.path.join(out, f), os.path.join(out, f.split(".")[0] + ".jsonl"))
    ok &= ours()
    ok &= speed()
    print("arrow xcheck:", "every file agrees" if ok else "DIFFERENCES (see above)")
    sys.exit(0 if ok else 1)


main()
