"""Golden tests for the card writers (DATACARD.md, croissant.json, spdx.json), gaps[],
--declared, --fail-on and `dataprov render`.

1. fixtures/demo: the YAML header passes the Hub rules checker, croissant.json passes the
   mlcroissant-rules checker, spdx.json validates against the SPDX 3.0.1 JSON schema (ajv
   from npm, installed into the build dir), outputs are the same for 1 and 2 threads, PII
   values never appear, and `render` reproduces every file byte for byte.
2. A generated release (code Apache-2.0, data CC-BY-NC-4.0, README declaring apache-2.0):
   license-conflict and noncommercial gaps citing README.md and DATA_LICENSE,
   `--fail-on license-conflict` exits 1, hasConcludedLicense is NoAssertion.
3. --declared takes precedence and keeps its source; missing OSAID items become gaps.
4. A frozen report (fixtures/card/report.json) renders to the committed expected files
   (DP_UPDATE_GOLDEN=1 rewrites them); a report missing every analyser section renders.
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import check, finish, run, scan, tmpdir  # noqa: E402

SRC = os.environ.get("DP_SRC", os.path.abspath(os.path.join(os.path.dirname(__file__), "../..")))
BUILD = os.environ.get("DP_BUILD", os.path.join(SRC, "build"))
SCRIPTS = os.path.join(SRC, "tests", "scripts")
STANDARDS = os.environ.get("DP_STANDARDS", os.path.join(SRC, "..", "shared", "standards"))
SCHEMA = os.path.join(STANDARDS, "spdx-3.0.1", "spdx-json-schema.json")
OUTPUTS = ["DATACARD.md", "croissant.json", "spdx.json"]
NOASSERTION = "expandedlicensing_NoAssertionLicense"


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def has_render():
    code, out, _ = run(["--help"])
    return code == 0 and "\n  render" in out


def tool(args):
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def checkers(out, root, what):
    code, msg = tool([sys.executable, os.path.join(SCRIPTS, "check_hub_card.py"),
                      os.path.join(out, "DATACARD.md"), os.path.join(out, "report.json"),
                      "--root", root])
    check(code == 0, f"{what}: Hub rules for the YAML header:\n{msg}")
    code, msg = tool([sys.executable, os.path.join(SCRIPTS, "check_croissant.py"),
                      os.path.join(out, "croissant.json")])
    check(code == 0, f"{what}: Croissant rules:\n{msg}")
    validate_spdx(os.path.join(out, "spdx.json"), what)


AJV = []


def ajv():
    if not AJV:
        code, msg = tool(["bash", os.path.join(SCRIPTS, "setup-ajv.sh"),
                          os.path.join(BUILD, "npm-tools")])
        AJV.append(msg.strip().splitlines()[-1] if code == 0 else None)
        check(code == 0, f"installing ajv-cli from npm failed:\n{msg}")
    return AJV[0]


def validate_spdx(path, what):
    if not os.path.exists(SCHEMA):
        check(False, f"SPDX schema missing: {SCHEMA}")
        return
    exe = ajv()
    if not exe:
        return
    code, msg = tool([exe, "validate", "--spec=draft2020", "--strict=false", "-c", "ajv-formats",
                      "-s", SCHEMA, "-d", path])
    check(code == 0, f"{what}: spdx.json does not validate against the SPDX 3.0.1 schema:\n{msg}")


def graph(out):
    g = json.loads(read(os.path.join(out, "spdx.json")))["@graph"]
    return g, {e.get("spdxId"): e for e in g}


def rel(g, type_):
    return [e for e in g if e.get("type") == "Relationship" and e["relationshipType"] == type_
            and e["from"].endswith("#dataset")]


def raw_pii_values(tmp):
    """Raw values the PII rules match in the demo (from --findings-raw findings)."""
    out = os.path.join(tmp, "raw")
    code, _, _ = scan([os.path.join(SRC, "fixtures", "demo")], out, ["--findings-raw", "-q"])
    path = os.path.join(out, "findings.jsonl.zst")
    if code not in (0, 3) or not os.path.exists(path):
        return []
    p = subprocess.run(["zstd", "-dc", path], capture_output=True)
    vals = []
    for line in p.stdout.decode(errors="replace").splitlines():
        try:
            f = json.loads(line)
        except ValueError:
            continue
        if f.get("category") in ("pii", "secret") and f.get("value"):
            vals.append(f["value"])
    return vals


def test_demo(tmp):
    demo = os.path.join(SRC, "fixtures", "demo")
    o1, o2 = os.path.join(tmp, "d1"), os.path.join(tmp, "d2")
    c1, rep, err = scan([demo], o1, ["--threads", "1", "-q"])
    c2, _, _ = scan([demo], o2, ["--threads", "2", "-q"])
    check(c1 == 0 and c2 == 0, f"demo scan exit codes {c1}, {c2}: {err}")
    if rep is None:
        return
    for f in OUTPUTS:
        check(os.path.exists(os.path.join(o1, f)), f"demo: {f} written")
        check(os.path.exists(os.path.join(o1, f)) and read(os.path.join(o1, f), "rb") ==
              read(os.path.join(o2, f), "rb"), f"demo: {f} identical for 1 and 2 threads")
    check(isinstance(rep.get("gaps"), list), "demo: report.json has gaps[]")
    checkers(o1, demo, "demo")
    g, by_id = graph(o1)
    pkg = [e for e in g if e.get("type") == "dataset_DatasetPackage"]
    pii = sum(r["findings"] for r in rep.get("pii", {}).get("rules", [])) if "pii" in rep else 0
    check(len(pkg) == 1 and pkg[0]["dataset_hasSensitivePersonalInformation"] ==
          ("yes" if pii else "noAssertion"), "demo: sensitive information flag follows PII")
    files = [e for e in g if e.get("type") == "software_File"]
    check(sorted(h["hashValue"] for e in files for h in e["verifiedUsing"]) ==
          sorted(i["sha256"] for i in rep["inputs"]), "demo: one SPDX file per input with sha256")
    card = read(os.path.join(o1, "DATACARD.md"))
    for v in raw_pii_values(tmp):
        for f in OUTPUTS + ["report.json"]:
            check(v not in read(os.path.join(o1, f)), f"demo: PII value leaked into {f}")
    for title in ("## Dataset Details", "## Uses", "## Dataset Structure", "## Dataset Creation",
                  "## Bias, Risks, and Limitations", "## Licenses", "## Provenance",
                  "## Duplication", "## Personal and Sensitive Information", "## Gaps"):
        check(title in card, f"demo: card has section {title}")
    pos = [card.find(t) for t in ("## Dataset Details", "## Uses", "## Dataset Structure",
                                  "## Dataset Creation", "## Bias, Risks")]
    check(pos == sorted(pos), "demo: sections in Hugging Face template order")
    if "declared" in rep:
        check("fixtures/demo/README.md line 14." in card,
              "demo: declared summary cites README.md")
        check("not declared: how the data was collected" in card,
              "demo: a missing declared item says what is missing")
    test_render(o1)


def test_render(out):
    if not has_render():
        print("SKIP: render command not registered")
        return
    before = {f: read(os.path.join(out, f), "rb") for f in OUTPUTS}
    for f in OUTPUTS:
        os.remove(os.path.join(out, f))
    code, _, err = run(["render", out])
    check(code == 0, f"render exit {code}: {err}")
    for f in OUTPUTS:
        p = os.path.join(out, f)
        check(os.path.exists(p) and read(p, "rb") == before[f], f"render reproduces {f}")
    os.remove(os.path.join(out, "spdx.json"))
    code, _, _ = run(["render", out, "--format", "spdx"])
    check(code == 0 and read(os.path.join(out, "spdx.json"), "rb") == before["spdx.json"],
          "render --format spdx rewrites spdx.json")
    code, _, _ = run(["render", out, "--format", "pdf"])
    check(code == 2, "render --format pdf is a usage error")


def gap(rep, gid):
    return next((x for x in rep.get("gaps", []) if x["id"] == gid), None)


def cites(g, name):
    return g is not None and any(e.get("origin", "").endswith(name) for e in g["evidence"])


def test_release(tmp):
    rel_dir = os.path.join(tmp, "release")
    subprocess.run([sys.executable, os.path.join(SCRIPTS, "make_release_fixture.py"), rel_dir],
                   check=True)
    out = os.path.join(tmp, "r1")
    code, rep, err = scan(["."], out, ["-q"], cwd=rel_dir)
    check(code == 0, f"release scan exit {code}: {err}")
    if rep is None or "licenses" not in rep or "declared" not in rep:
        print("SKIP: release checks need the licenses and declared analysers registered")
        return
    conflict, nc = gap(rep, "license-conflict"), gap(rep, "noncommercial")
    check(conflict is not None, "release: license-conflict gap")
    check(cites(conflict, "README.md") and cites(conflict, "DATA_LICENSE"),
          "release: the conflict cites README.md and DATA_LICENSE")
    check(nc is not None and cites(nc, "DATA_LICENSE") and "CC-BY-NC-4.0" in nc["message"],
          "release: noncommercial gap cites DATA_LICENSE")
    check(gap(rep, "leakage") is not None, "release: leakage gap")
    ids = [x["id"] for x in rep["gaps"]]
    check(ids.index("license-conflict") < ids.index("noncommercial") < ids.index("leakage"),
          "release: gaps in the documented order")
    card = read(os.path.join(out, "DATACARD.md"))
    check("license-conflict" in card and "DATA\\_LICENSE" in card and "noncommercial" in card,
          "release: the card lists the conflict and cites DATA_LICENSE")
    g, _ = graph(out)
    concl = rel(g, "hasConcludedLicense")
    check(len(concl) == 1 and concl[0]["to"] == [NOASSERTION],
          "release: hasConcludedLicense is NoAssertion when declared and data disagree")
    checkers(out, rel_dir, "release")
    code, _, _ = scan(["."], os.path.join(tmp, "r2"), ["-q", "--fail-on", "license-conflict"],
                      cwd=rel_dir)
    check(code == 1, f"release: --fail-on license-conflict exits 1 (got {code})")
    code, _, _ = scan(["."], os.path.join(tmp, "r3"), ["-q", "--fail-on", "secrets"],
                      cwd=rel_dir)
    check(code == 0, f"release: --fail-on secrets exits 0 without secrets (got {code})")
    code, _, _ = scan(["."], os.path.join(tmp, "r4"), ["-q", "--fail-on", "no-such-gap"],
                      cwd=rel_dir)
    check(code == 2, f"release: an unknown --fail-on id is a usage error (got {code})")
    test_declared(tmp, rel_dir)


DECLARED = """name: weather-notes
license: cc-by-nc-4.0
version: 1.2.0
creators: [Weather Desk]
collection_process: Notes typed by two volunteers from a paper logbook, 2021-2023.
selection: Every note of the logbook; none removed.
annotation_process: The label is the first weather word of each note.
preprocessing: Whitespace normalised; nothing filtered.
personal_information: The one e-mail address is a public desk address.
sources:
  - name: Town logbook
    url: https://example.org/logbook
    access: public
"""


def test_declared(tmp, rel_dir):
    path = os.path.join(tmp, "declared.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(DECLARED)
    out = os.path.join(tmp, "r5")
    code, rep, err = scan(["."], out, ["-q", "--declared", path], cwd=rel_dir)
    check(code == 0 and rep is not None, f"--declared scan exit {code}: {err}")
    if rep is None:
        return
    items = rep["declared"]["items"]
    check(items["license"]["source"] == path and items["license"]["spdx"] == "CC-BY-NC-4.0",
          "--declared license wins over README.md and keeps its source")
    check(items["pretty_name"]["source"].endswith("README.md"),
          "items not in --declared still come from README.md")
    check(rep["declared"]["sources"][0] == {"origin": path, "type": "declared_file", "status": "ok"},
          "--declared file listed first among sources")
    ids = {x["id"] for x in rep["gaps"]}
    check(not ids & {"osaid-provenance", "osaid-sources", "osaid-collection", "osaid-selection",
                     "osaid-labelling", "osaid-processing", "pii"},
          f"declared items close the OSAID and PII gaps: {sorted(ids)}")
    check("license-conflict" not in ids, "no conflict when every found license is declared")
    with open(path, "w", encoding="utf-8") as f:
        f.write("sources: [unclosed\n")
    code, _, _ = scan(["."], os.path.join(tmp, "r6"), ["-q", "--declared", path], cwd=rel_dir)
    check(code == 4, f"an invalid --declared file stops the scan (exit {code})")


def test_frozen(tmp):
    if not has_render():
        print("SKIP: frozen golden needs the render command")
        return
    src_dir = os.path.join(SRC, "fixtures", "card")
    out = os.path.join(tmp, "frozen")
    os.makedirs(out)
    shutil.copy(os.path.join(src_dir, "report.json"), out)
    code, _, err = run(["render", out])
    check(code == 0, f"render of the frozen report: exit {code}: {err}")
    for f in OUTPUTS:
        exp = os.path.join(src_dir, "expected", f)
        if os.environ.get("DP_UPDATE_GOLDEN"):
            shutil.copy(os.path.join(out, f), exp)
        check(read(os.path.join(out, f), "rb") == read(exp, "rb"),
              f"frozen report: {f} differs from fixtures/card/expected/{f} "
              "(DP_UPDATE_GOLDEN=1 rewrites it after a deliberate change)")
    rep = json.loads(read(os.path.join(src_dir, "report.json")))
    for key in ("licenses", "declared", "pii", "scope", "dedup", "gaps", "members"):
        rep.pop(key, None)
    rep["coverage"] = "not an object"
    bare = os.path.join(tmp, "bare")
    os.makedirs(bare)
    with open(os.path.join(bare, "report.json"), "w") as f:
        json.dump(rep, f)
    code, _, err = run(["render", bare])
    check(code == 0, f"a report without analyser sections renders (exit {code}: {err})")
    card = read(os.path.join(bare, "DATACARD.md")) if code == 0 else ""
    check("*Unknown*: the report has no PII section." in card, "missing sections read as unknown")
    if code == 0:
        checkers(bare, SRC, "bare report")


def many_inputs_report(n, extra):
    """The frozen report with n JSONL shards of split train under data/ (plus, when extra,
    one more file there that holds no train records)."""
    rep = json.loads(read(os.path.join(SRC, "fixtures", "card", "report.json")))
    rep["inputs"], rep["members"] = [], []
    for i in range(n + extra):
        path = f"ds/data/part-{i:04d}.jsonl"
        rep["inputs"].append({"path": path, "bytes": 10, "sha256": "%064x" % i,
                              "container": "none", "compression": "none", "status": "ok"})
        rep["members"].append({"origin": path, "format": "jsonl",
                               "split": "train" if i < n else "test"})
    rep["records"]["by_split"] = {"train": {"records": n}, "test": {"records": extra}}
    rep["records"]["total"] = n + extra
    return rep


def test_many_inputs(tmp):
    """Long split file lists become one glob only when it selects exactly the split's files."""
    if not has_render():
        return
    import yaml
    for extra, want in ((0, ["*.jsonl"]), (1, None)):
        out = os.path.join(tmp, f"many{extra}")
        os.makedirs(out)
        with open(os.path.join(out, "report.json"), "w") as f:
            json.dump(many_inputs_report(60, extra), f)
        code, _, err = run(["render", out, "--format", "md"])
        check(code == 0, f"render of 60 inputs: {err}")
        card = read(os.path.join(out, "DATACARD.md"))
        head = yaml.safe_load(card.split("---\n")[1])
        train = [d for d in head["configs"][0]["data_files"] if d["split"] == "train"][0]
        if want:
            check(train["path"] == want, f"60 train shards alone: one glob, got {train['path'][:3]}")
        else:
            check(len(train["path"]) == 60 and "part-0060.jsonl" not in train["path"],
                  "a glob that would also select a test file is not used")
        check("more inputs in report.json" in card, "the inventory table is cut at 50 rows")


SPLIT_CARD = """---
license: mit
dataset_info:
  features:
  - name: text
    dtype: string
  splits:
  - name: train
    num_examples: %d
  - name: test
    num_examples: 2
---
# Notes
"""


def split_dir(tmp, name, splits):
    """A dataset directory with data/<split>.jsonl of `n` records for each (split, n)."""
    d = os.path.join(tmp, name)
    os.makedirs(os.path.join(d, "data"))
    for split, n in splits:
        with open(os.path.join(d, "data", split + ".jsonl"), "w") as f:
            f.write("".join('{"text": "%s note %d"}\n' % (split, i) for i in range(n)))
    return d


def test_split_sizes(tmp):
    """Declared split sizes (dataset_info.splits) against the records counted per split."""
    d = split_dir(tmp, "splits", [("train", 5), ("test", 2)])
    for declared, want_gap in ((5, False), (7, True)):
        with open(os.path.join(d, "README.md"), "w") as f:
            f.write(SPLIT_CARD % declared)
        out = os.path.join(tmp, "splits-out-%d" % declared)
        code, rep, err = scan(["."], out, ["-q"], cwd=d)
        g = gap(rep, "split-sizes")
        check(code == 0 and (g is not None) == want_gap,
              f"split sizes: train declared {declared}, counted 5: gap {'raised' if want_gap else 'not raised'} ({g})")
        card = read(os.path.join(out, "DATACARD.md"))
        # the README is documentation, not a record: 7 records, 5 of them train
        check(f"| train | 5 | 71.4% | {declared} |" in card and "| test | 2 | 28.6% | 2 |" in card,
              "split sizes: the card's split table shows the declared examples beside the records")
    check(g is not None and cites(g, "README.md") and
          "split 'train': 7 examples declared, 5 records counted" in g["evidence"][0]["note"],
          "split sizes: the evidence names the split, both numbers and the README")


SPLIT_ALIAS_CARD = """---
license: mit
dataset_info:
  splits:
  - name: train
    num_examples: 3
  - name: dev
    num_examples: 2
  - name: extra
    num_examples: 0
---
# Notes
"""


def test_split_sizes_names(tmp):
    """A declared 'dev' split is the 'validation' the scan counts from data/dev.jsonl, and a
    declared split of 0 examples that holds no records agrees with its count."""
    d = split_dir(tmp, "splits-alias", [("train", 3), ("dev", 2)])
    with open(os.path.join(d, "README.md"), "w") as f:
        f.write(SPLIT_ALIAS_CARD)
    out = os.path.join(tmp, "splits-alias-out")
    code, rep, err = scan(["."], out, ["-q"], cwd=d)
    g = gap(rep, "split-sizes")
    check(code == 0 and "validation" in rep["records"]["by_split"] and g is None,
          f"split sizes: declared dev = counted validation, an empty declared split agrees ({g})")
    card = read(os.path.join(out, "DATACARD.md"))
    check("| validation | 2 | 40.0% | 2 |" in card,
          "split sizes: the card shows dev's declared examples on the validation row")


def test_split_sizes_dsinfo(tmp):
    """A dataset_info.json's splits (an object by name) are compared as a card's are."""
    d = split_dir(tmp, "splits-dsinfo", [("train", 5)])
    with open(os.path.join(d, "dataset_info.json"), "w") as f:
        json.dump({"description": "notes", "splits": {"train": {"name": "train", "num_bytes": 90,
                                                                 "num_examples": 6}}}, f)
    out = os.path.join(tmp, "splits-dsinfo-out")
    code, rep, err = scan(["."], out, ["-q"], cwd=d)
    g = gap(rep, "split-sizes")
    check(code == 0 and g is not None and cites(g, "dataset_info.json") and
          "split 'train': 6 examples declared, 5 records counted" in g["evidence"][0]["note"],
          f"split sizes: dataset_info.json's splits are compared ({g})")


def main():
    tmp = tmpdir()
    try:
        test_demo(tmp)
        test_release(tmp)
        test_frozen(tmp)
        test_many_inputs(tmp)
        test_split_sizes(tmp)
        test_split_sizes_dsinfo(tmp)
        test_split_sizes_names(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("card")


if __name__ == "__main__":
    main()
