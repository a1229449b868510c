#!/usr/bin/env python3
"""formats_bench.py - the same rows read from each input format: the bench corpus
(build/bench/<MB>mb, made by gen_corpus.py) is written as Parquet by our writer (zstd pages,
dictionary strings), as .jsonl.zst and as .csv.zst (RFC 4180 quoting), and each is scanned,
medians of 3, without and with the analysers. Usage: formats_bench.py DATAPROV [MB=64]"""
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "golden"))
from parquet_gen import T_INT64, Col, string, write  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
MB = int(sys.argv[2]) if len(sys.argv) > 2 else 64
SRC = os.path.abspath(os.path.join(HERE, "..", ".."))
corpus = os.path.join(SRC, "build", "bench", f"{MB}mb", "corpus.jsonl.zst")
if not os.path.exists(corpus):
    subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), os.path.dirname(corpus),
                    "--mb", str(MB)], check=True)
work = tempfile.mkdtemp()
try:
    raw = subprocess.run(["zstd", "-dc", corpus], check=True, stdout=subprocess.PIPE).stdout
    rows = []
    for line in raw.splitlines():
        r = json.loads(line)
        rows.append({"id": r["id"] if isinstance(r.get("id"), int) else None,
                     **{k: r[k] if isinstance(r.get(k), str) or r.get(k) is None else json.dumps(r[k])
                        for k in ("text", "url", "license")}})
    pq = os.path.join(work, "corpus.parquet")
    write(pq, [Col("id", T_INT64), string("text"), string("url"), string("license")], rows,
          codec="zstd", group_rows=50000, page_values=5000)
    js = os.path.join(work, "corpus.jsonl.zst")
    with open(os.path.join(work, "corpus.jsonl"), "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    subprocess.run(["zstd", "-q", "--rm", os.path.join(work, "corpus.jsonl"), "-o", js], check=True)
    cs = os.path.join(work, "corpus.csv.zst")
    with open(os.path.join(work, "corpus.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "text", "url", "license"])
        w.writeheader()
        w.writerows(rows)
    subprocess.run(["zstd", "-q", "--rm", os.path.join(work, "corpus.csv"), "-o", cs], check=True)

    def run(path, extra):
        times, cpus = [], []
        for _ in range(3):
            out = os.path.join(work, "out")
            shutil.rmtree(out, ignore_errors=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run([BIN, "scan", "-q", "--progress=never", *extra, path, "-o", out], check=True)
            times.append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        return statistics.median(times), statistics.median(cpus)

    inputs = (("Parquet", pq), (".jsonl.zst", js), (".csv.zst", cs))
    print(f"{len(rows)} rows; " + ", ".join(f"{n} {os.path.getsize(p) / 1e6:.1f} MB" for n, p in inputs) + "\n")
    print("| scan | " + " | ".join(f"{n} s | {n} CPU s" for n, _ in inputs) + " |")
    print("|---|" + "---:|---:|" * len(inputs))
    for name, extra in (("no analysers, 1 thread", ["--analysers", "none", "--threads", "1"]),
                        ("all analysers", [])):
        cells = [run(p, extra) for _, p in inputs]
        print(f"| {name} | " + " | ".join(f"{t:.2f} | {c:.2f}" for t, c in cells) + " |")
finally:
    shutil.rmtree(work, ignore_errors=True)
