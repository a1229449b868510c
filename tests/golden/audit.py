"""`dataprov audit` on a generated corpus: exact flags per dataset, CSV, Markdown, --fail-on,
input order, names, partial inputs, thread-count determinism."""
import csv
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import check, finish, run, tmpdir  # noqa: E402

SRC = os.environ.get("DP_SRC", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
GEN = os.path.join(SRC, "tests", "scripts", "gen_audit_corpus.py")


def audit(args, out):
    code, so, se = run(["audit", "--progress=never", "-q"] + args + ["-o", out], timeout=300)
    doc = None
    p = os.path.join(out, "audit.json")
    if os.path.exists(p):
        with open(p, encoding="utf-8") as f:
            doc = json.load(f)
    return code, doc, se


def md_cells(line):
    """Split a Markdown table row on the pipes that are not backslash-escaped."""
    cells, cur, i = [], "", 0
    body = line.strip()[1:-1] if line.strip().endswith("|") else line.strip()[1:]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            cur += body[i:i + 2]
            i += 2
            continue
        if body[i] == "|":
            cells.append(cur.strip())
            cur = ""
        else:
            cur += body[i]
        i += 1
    cells.append(cur.strip())
    return cells


def check_flags(doc, expected):
    rows = {os.path.basename(r["dataset"]["path"]): r for r in doc["datasets"]}
    check(set(rows) == set(expected), f"datasets audited: {sorted(rows)} vs {sorted(expected)}")
    for name, exp in sorted(expected.items()):
        r = rows.get(name)
        if not r:
            continue
        check(r["flags"] == exp["flags"], f"{name}: flags {r['flags']}, expected {exp['flags']}")
        check(r["concluded"] == exp["concluded"],
              f"{name}: concluded {r['concluded']!r}, expected {exp['concluded']!r}")
        check(r["status"] == "ok", f"{name}: status {r['status']}")


def check_layout(doc, out, corpus):
    names = [r["dataset"]["name"] for r in doc["datasets"]]
    paths = [os.path.basename(r["dataset"]["path"]) for r in doc["datasets"]]
    dirs = sorted(d for d in os.listdir(corpus)
                  if not d.startswith(".") and (os.path.isdir(os.path.join(corpus, d))
                                                or d.endswith(".tar.gz")))
    check(paths == dirs, f"rows in input (sorted sub-folder) order: {paths}")
    check(len(set(names)) == len(names), "dataset names are unique")
    for n in names:
        check("/" not in n and not n.startswith(".") and n not in ("", ".", ".."),
              f"safe dataset name {n!r}")
        for f in ("report.json", "DATACARD.md"):
            check(os.path.exists(os.path.join(out, "datasets", n, f)), f"datasets/{n}/{f} written")
    odd = [r for r in doc["datasets"] if r["dataset"]["path"].endswith('odd |name, "quoted"')]
    check(len(odd) == 1 and odd[0]["dataset"]["name"] == "odd%20%7Cname,%20%22quoted%22",
          "a name with spaces, a pipe and quotes is %-escaped")
    totals = doc["totals"]
    for flag, n in totals.items():
        if flag != "datasets":
            check(n == sum(flag in r["flags"] for r in doc["datasets"]), f"totals.{flag}")
    check(totals["datasets"] == len(doc["datasets"]), "totals.datasets")
    rail = [r for r in doc["datasets"] if r["dataset"]["name"] == "rail"][0]
    check(rail["restrictions"] == ["use-restricted"], "restrictions from the facts table")
    nc = [r for r in doc["datasets"] if r["dataset"]["name"] == "apache-vs-nc"][0]
    check([(d["value"], d["source_type"]) for d in nc["declared"]] ==
          [("apache-2.0", "readme"), ("DATA_LICENSE", "license_file")], "declared with sources")
    check([(o["spdx"], o["files"], o["kinds"]) for o in nc["observed"]] ==
          [("CC-BY-NC-4.0", 1, ["text"])], "observed with file counts and kinds")
    fm = [r for r in doc["datasets"] if r["dataset"]["name"] == "fields-missing"][0]
    lf = fm["license_fields"]
    check(lf["with_value"] == 4 and lf["missing"] >= 2 and
          abs(lf["missing_share"] - lf["missing"] / lf["records"]) < 1e-5,
          f"license_fields with the share: {lf}")


def check_csv(doc, out):
    with open(os.path.join(out, "audit.csv"), newline="", encoding="utf-8") as f:
        raw = f.read()
    check(raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", ""), "CSV lines end in CRLF")
    rows = list(csv.reader(raw.splitlines(keepends=True), strict=True))
    header = rows[0]
    check(header[:3] == ["dataset", "path", "status"] and "flags" in header, f"CSV header {header}")
    body = rows[1:]
    check(len(body) == len(doc["datasets"]), "one CSV row per dataset")
    check(all(len(r) == len(header) for r in body), "every CSV row has every column")
    fi, di = header.index("flags"), header.index("concluded")
    for r, j in zip(body, doc["datasets"]):
        check(r[0] == j["dataset"]["name"] and r[1] == j["dataset"]["path"],
              f"CSV row {r[0]} matches audit.json")
        check(r[fi].split() == j["flags"], f"CSV flags of {r[0]}")
        check(r[di] == j["concluded"], f"CSV concluded of {r[0]}")


def check_md(doc, out):
    with open(os.path.join(out, "AUDIT.md"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    check(lines[0].startswith("# "), "AUDIT.md has a title")
    table = [l for l in lines[2:] if l.startswith("|")]
    head = md_cells(table[0])
    check(head[0] == "Dataset" and head[-1] == "Flags", f"AUDIT.md header {head}")
    check(set(table[1].replace("|", "").replace("-", "").replace(":", "")) <= {""},
          "AUDIT.md separator row")
    rows = table[2:2 + len(doc["datasets"])]
    check(all(len(md_cells(l)) == len(head) for l in rows), "AUDIT.md rows have every cell")
    for l, j in zip(rows, doc["datasets"]):
        cells = md_cells(l)
        shown = cells[-1].split() if cells[-1] != "-" else []
        check(shown == j["flags"], f"AUDIT.md flags of {j['dataset']['name']}: {shown}")
    check("## Totals" in lines, "AUDIT.md totals")
    for flag in ("no-license", "conflict", "share-alike"):
        want = f"| {flag} | {doc['totals'][flag]} |"
        check(want in lines, f"AUDIT.md total line {want}")


def check_fail_on(corpus, base):
    code, _, se = audit(["--fail-on", "conflict", os.path.join(corpus, "clean-mit"),
                         os.path.join(corpus, "by-vs-sa-tags")], os.path.join(base, "f1"))
    check(code == 1, f"--fail-on conflict exits 1 (got {code}: {se})")
    check(os.path.exists(os.path.join(base, "f1", "audit.json")), "--fail-on still writes the audit")
    code, _, _ = audit(["--fail-on", "no-license,conflict", os.path.join(corpus, "clean-mit")],
                       os.path.join(base, "f2"))
    check(code == 0, f"--fail-on with no listed flag present exits 0 (got {code})")
    code, _, _ = audit(["--fail-on", "any", os.path.join(corpus, "bare-cc")], os.path.join(base, "f3"))
    check(code == 1, f"--fail-on any exits 1 (got {code})")
    code, _, se = audit(["--fail-on", "duplication", os.path.join(corpus, "clean-mit")],
                        os.path.join(base, "f4"))
    check(code == 2 and "unknown audit flag" in se, f"--fail-on unknown flag is a usage error ({code})")
    check(not os.path.exists(os.path.join(base, "f4")), "no output on a usage error")


def check_order_and_partial(corpus, base):
    out = os.path.join(base, "order")
    paths = [os.path.join(corpus, n) for n in ("rail", "clean-mit")] + \
        [os.path.join(corpus, "rail") + "/", os.path.join(base, "missing")]
    code, doc, se = audit(paths, out)
    check(code == 3, f"a missing input makes a partial audit: exit 3 (got {code}: {se})")
    names = [r["dataset"]["name"] for r in doc["datasets"]] if doc else []
    check(names == ["rail", "clean-mit", "rail-2", "missing"], f"input order and unique names {names}")
    if doc:
        check([r["status"] for r in doc["datasets"]] == ["ok", "ok", "ok", "partial"],
              "status per dataset")
        check(doc["datasets"][0]["flags"] == doc["datasets"][2]["flags"], "same dataset, same row")
    code, _, _ = audit([os.path.join(corpus, "clean-mit")], os.path.join(corpus, "clean-mit"))
    check(code == 4, f"refuses to replace a folder that is not a dataprov output (got {code})")
    check(os.path.exists(os.path.join(corpus, "clean-mit", "LICENSE")), "the folder is untouched")


def check_threads(corpus, base, doc1):
    code, doc2, se = audit(["--each-subdir", "-j", "3", corpus], os.path.join(base, "j3"))
    check(code == 0, f"audit with -j 3 (got {code}: {se})")
    check(doc1 == doc2, "audit.json is the same with 1 and 3 threads")
    a = open(os.path.join(base, "j1", "datasets", "apache-vs-nc", "report.json"), "rb").read()
    b = open(os.path.join(base, "j3", "datasets", "apache-vs-nc", "report.json"), "rb").read()
    check(a == b, "per-dataset report.json is the same with 1 and 3 threads")


def main():
    base = tmpdir()
    subprocess.run([sys.executable, GEN, base], check=True)
    corpus = os.path.join(base, "corpus")
    with open(os.path.join(base, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    check(len(expected) >= 8, "at least eight datasets")
    out = os.path.join(base, "j1")
    code, doc, se = audit(["--each-subdir", "-j", "1", corpus], out)
    check(code == 0 and doc is not None, f"audit --each-subdir exits 0 (got {code}: {se})")
    if doc:
        check(doc["format"] == "dataprov-audit/1", "format")
        check_flags(doc, expected)
        check_layout(doc, out, corpus)
        check_csv(doc, out)
        check_md(doc, out)
        check_threads(corpus, base, doc)
    check_fail_on(corpus, base)
    check_order_and_partial(corpus, base)
    if not os.environ.get("DP_KEEP"):
        shutil.rmtree(base, ignore_errors=True)
    finish("audit")


main()
