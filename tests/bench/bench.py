#!/usr/bin/env python3
"""`make bench`: dataprov against the reference tools on one deterministic corpus, side by
side in the same run, medians of BENCH_RUNS runs (default 3).

usage: bench.py DATAPROV   (env: BENCH_MB corpus size, default 512; BENCH_DIR cache dir)
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.abspath(sys.argv[1])
MB = int(os.environ.get("BENCH_MB", "512"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
DIR = os.environ.get("BENCH_DIR", os.path.join(HERE, "..", "..", "build", "bench", f"{MB}mb"))
OUT = os.path.join(DIR, "out")


def timed(cmd, shell=False):
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system, all threads) of one run
    of cmd (a list, or a shell string; for a pipeline, the shell's children summed)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    el = time.monotonic() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1, 3):
        sys.exit(f"bench: {cmd} failed ({code}): {err}")
    return el, ru.ru_maxrss / 1024, ru.ru_utime + ru.ru_stime


def median(cmd, shell=False):
    runs = [timed(cmd, shell) for _ in range(RUNS)]
    median.cpu = statistics.median(r[2] for r in runs)
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def scan(path, *extra):
    shutil.rmtree(OUT, ignore_errors=True)
    return [BIN, "scan", "--progress=never", "-q", *extra, path, "-o", OUT]


def main():
    single = os.path.join(DIR, "corpus.jsonl.zst")
    tar = os.path.join(DIR, "shards.tar")
    if not os.path.exists(tar):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), DIR, "--mb", str(MB)],
                       check=True)
    meta = json.load(open(os.path.join(DIR, "corpus.meta.json")))
    pats = os.path.join(HERE, "pii_patterns.txt")
    nproc = os.cpu_count() or 1
    rows = []

    def row(name, secs, rss, base=None, note=""):
        rows.append((name, secs, rss, secs / base if base else None, note, median.cpu))

    zstd, _ = median(["zstd", "-dc", single])
    row("zstd -dc FILE > /dev/null", zstd, 0)
    rg, _ = median(f"zstd -dc {single} | rg -c -f {pats}", shell=True)
    row("zstd -dc FILE | rg -c -f PATTERNS", rg, 0, zstd)
    reader, m = median(scan(single, "--analysers", "none", "--threads", "1"))
    row("scan, no analysers, 1 thread (issue 2 target <= 1.3x zstd)", reader, m, zstd)
    full, fm = median(scan(single))
    full_cpu = median.cpu
    row(f"full scan, all analysers, {nproc} threads (target <= 2.0x zstd)", full, fm, zstd,
        f"{rg / full:.2f}x faster than zstd|rg" if full < rg else f"{full / rg:.2f}x slower than zstd|rg")
    for name in ("dedup", "scope", "pii", "licenses"):
        others = ",".join(a for a in ("dedup", "licenses", "pii", "scope") if a != name)
        t, m = median(scan(single, "--analysers", others))
        row(f"full scan without {name}", t, m, zstd, f"{name} costs {(full - t) / full * 100:.0f}% of the scan")
    t, m = median(scan(single, "--analysers", "pii", "--threads", "1"))
    row("scan, PII only, 1 thread (vs zstd|rg)", t, m, zstd, f"{t / rg:.2f}x zstd|rg")
    for n in (1, 2, 4):
        t, m = median(scan(tar, "--threads", str(n)))
        row(f"full scan of shards.tar, {n} thread(s)", t, m, zstd)
    print(f"\nCorpus: {meta['records']} records, {meta['bytes'] / 1e6:.0f} MB of JSONL "
          f"({os.path.getsize(single) / 1e6:.0f} MB as .jsonl.zst), "
          f"{meta['duplicates_planted']} planted duplicates; {nproc} CPUs; medians of {RUNS} runs.\n")
    print("| what | seconds | CPU s | MB/s | records/s | peak RSS MiB | x zstd -dc | note |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, secs, rss, ratio, note, cpu in rows:
        print(f"| {name} | {secs:.2f} | {cpu:.2f} | {meta['bytes'] / 1e6 / secs:.0f} | "
              f"{meta['records'] / secs / 1e3:.0f}k | {rss:.0f} | "
              f"{'' if ratio is None else f'{ratio:.2f}'} | {note} |")
    # A projection, not a measurement: one input is read by one thread, so its wall time
    # cannot go below the no-analyser scan, however many cores share the analysers' CPU.
    proj = ", ".join(f"{n} cores {max(reader, full_cpu / n):.2f} s ({max(reader, full_cpu / n) / zstd:.1f}x)"
                     for n in (4, 8, 16))
    print(f"\nProjection for one .jsonl.zst on more cores, max(reading thread {reader:.2f} s, "
          f"full-scan CPU {full_cpu:.2f} s / cores): {proj}; the reading thread alone is "
          f"{reader / zstd:.2f}x zstd -dc.")
    uniq = json.load(open(os.path.join(OUT, "report.json"))).get("dedup", {}).get("exact", {}).get("unique", 0)
    print(f"\nRSS budget (issue 8): 200 MiB + 32 B x {uniq} unique records = "
          f"{200 + 32 * uniq / 2**20:.0f} MiB; full scan peak {fm:.0f} MiB.")
    shutil.rmtree(OUT, ignore_errors=True)


if __name__ == "__main__":
    main()
