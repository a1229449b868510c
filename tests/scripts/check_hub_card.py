#!/usr/bin/env python3
"""Check a DATACARD.md YAML header against the Hugging Face Hub's metadata rules.

usage: check_hub_card.py DATACARD.md [report.json] [--root DIR]

Rules checked (each violation is printed; exit 1 when there is one):
- the card opens with a YAML mapping between two '---' lines, and only known keys are used;
- license: a Hub license id, or 'other' together with license_name (a lowercase slug) and
  license_link;
- language: a list of lowercase ISO 639 codes (639-1 two-letter codes from the list below,
  or three lowercase letters);
- size_categories: a list of one Hub bucket, which must hold the report's record count;
- pretty_name: a non-empty string;
- task_categories: present only when the report says they were declared, and equal to them;
- configs: config_name + data_files [{split, path}] with valid split names and relative
  paths (or globs) that match files under --root when given;
- dataset_info: splits [{name, num_examples}] matching the report's per-split record
  counts, and no byte counts (num_bytes, download_size, dataset_size) anywhere.
Needs PyYAML (Debian: python3-yaml).
"""
import glob as globmod
import json
import os
import re
import sys

import yaml

HUB_LICENSES = set("""
apache-2.0 mit openrail bigscience-openrail-m creativeml-openrail-m bigscience-bloom-rail-1.0
bigcode-openrail-m afl-3.0 artistic-2.0 bsl-1.0 bsd bsd-2-clause bsd-3-clause
bsd-3-clause-clear c-uda cc cc0-1.0 cc-by-2.0 cc-by-2.5 cc-by-3.0 cc-by-4.0 cc-by-sa-3.0
cc-by-sa-4.0 cc-by-nc-2.0 cc-by-nc-3.0 cc-by-nc-4.0 cc-by-nd-4.0 cc-by-nc-nd-3.0
cc-by-nc-nd-4.0 cc-by-nc-sa-2.0 cc-by-nc-sa-3.0 cc-by-nc-sa-4.0 cdla-sharing-1.0
cdla-permissive-1.0 cdla-permissive-2.0 wtfpl ecl-2.0 epl-1.0 epl-2.0 etalab-2.0 eupl-1.1
eupl-1.2 agpl-3.0 gfdl gpl gpl-2.0 gpl-3.0 lgpl lgpl-2.1 lgpl-3.0 isc h-research
intel-research lppl-1.3c ms-pl apple-ascl apple-amlr mpl-2.0 odc-by odbl openrail++ osl-3.0
postgresql ofl-1.1 ncsa unlicense zlib pddl lgpl-lr deepfloyd-if-license llama2 llama3
llama3.1 llama3.2 llama3.3 gemma unknown other
""".split())

ISO639_1 = set("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())

SIZE_BUCKETS = ["n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M", "10M<n<100M",
                "100M<n<1B", "1B<n<10B", "10B<n<100B", "100B<n<1T", "n>1T"]

KNOWN_KEYS = {"pretty_name", "license", "license_name", "license_link", "language",
              "size_categories", "task_categories", "task_ids", "configs", "dataset_info",
              "annotations_creators", "language_creators", "multilinguality",
              "source_datasets", "paperswithcode_id", "tags", "viewer", "language_details"}

FEATURE_DTYPES = {"string", "large_string", "bool", "int8", "int16", "int32", "int64",
                  "uint8", "uint16", "uint32", "uint64", "float16", "float32", "float64",
                  "binary", "large_binary", "null"}

SPLIT_RE = re.compile(r"^\w+(\.\w+)*$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
BYTE_KEYS = {"num_bytes", "download_size", "dataset_size"}


def header(text):
    m = re.match(r"\A---\n(.*?)\n---\n", text, re.S)
    if not m:
        return None
    return yaml.safe_load(m.group(1))


def bucket(n):
    lim = 1000
    for b in SIZE_BUCKETS[:-1]:
        if n < lim:
            return b
        lim *= 10
    return SIZE_BUCKETS[-1]


def find_byte_keys(v, path="dataset_info"):
    out = []
    if isinstance(v, dict):
        for k, x in v.items():
            if k in BYTE_KEYS:
                out.append(f"{path}.{k}")
            out += find_byte_keys(x, f"{path}.{k}")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            out += find_byte_keys(x, f"{path}[{i}]")
    return out


def check_license(h, errs):
    lic = h.get("license")
    if lic is None:
        return
    ids = lic if isinstance(lic, list) else [lic]
    for x in ids:
        if not isinstance(x, str) or x not in HUB_LICENSES:
            errs.append(f"license {x!r} is not a Hub license id")
    if "other" in ids:
        if not isinstance(h.get("license_name"), str) or not SLUG_RE.match(h["license_name"]):
            errs.append("license: other needs license_name as a lowercase slug")
        if not isinstance(h.get("license_link"), str) or not h["license_link"]:
            errs.append("license: other needs license_link")
    elif "license_name" in h or "license_link" in h:
        errs.append("license_name/license_link only go with license: other")


def check_language(h, errs):
    lang = h.get("language")
    if lang is None:
        return
    if not isinstance(lang, list):
        errs.append("language must be a list")
        return
    for x in lang:
        ok = isinstance(x, str) and (x in ISO639_1 or re.match(r"^[a-z]{3}$", x))
        if not ok:
            errs.append(f"language {x!r} is not a lowercase ISO 639 code")


def check_sizes(h, rep, errs):
    sc = h.get("size_categories")
    if sc is None:
        return
    if not isinstance(sc, list) or len(sc) != 1 or sc[0] not in SIZE_BUCKETS:
        errs.append(f"size_categories {sc!r} is not a list of one Hub bucket")
    elif rep and sc[0] != bucket(rep.get("records", {}).get("total", 0)):
        errs.append(f"size_categories {sc[0]} does not hold {rep['records']['total']} records")


def check_tasks(h, rep, errs):
    if "task_categories" not in h:
        return
    declared = (rep or {}).get("declared", {}).get("items", {}).get("task_categories")
    if rep is not None and declared is None:
        errs.append("task_categories present although none were declared")
    elif declared is not None:
        want = declared["value"] if isinstance(declared["value"], list) else [declared["value"]]
        if h["task_categories"] != want:
            errs.append(f"task_categories {h['task_categories']} != declared {want}")


def check_configs(h, root, errs):
    cfgs = h.get("configs")
    if cfgs is None:
        return
    if not isinstance(cfgs, list):
        errs.append("configs must be a list")
        return
    for c in cfgs:
        if not isinstance(c, dict) or not isinstance(c.get("config_name"), str):
            errs.append(f"config {c!r} has no config_name")
            continue
        for df in c.get("data_files") or []:
            if not isinstance(df, dict) or not SPLIT_RE.match(str(df.get("split", ""))):
                errs.append(f"data_files entry {df!r}: bad split name")
                continue
            paths = df.get("path")
            paths = paths if isinstance(paths, list) else [paths]
            for p in paths:
                if not isinstance(p, str) or not p or p.startswith("/") or ".." in p.split("/"):
                    errs.append(f"data_files path {p!r} is not a relative path")
                elif root and not globmod.glob(os.path.join(root, p)):
                    errs.append(f"data_files path {p!r} matches nothing under {root}")


def check_dataset_info(h, rep, errs):
    di = h.get("dataset_info")
    if di is None:
        return
    errs += [f"{k}: byte counts must not be written" for k in find_byte_keys(di)]
    infos = di if isinstance(di, list) else [di]
    by_split = (rep or {}).get("records", {}).get("by_split", {})
    for info in infos:
        for f in info.get("features") or []:
            if not isinstance(f, dict) or not f.get("name") or f.get("dtype") not in FEATURE_DTYPES:
                errs.append(f"feature {f!r}: needs a name and a Hub dtype")
        for s in info.get("splits") or []:
            if not SPLIT_RE.match(str(s.get("name", ""))):
                errs.append(f"split {s!r}: bad name")
            n = s.get("num_examples")
            if not isinstance(n, int) or n < 0:
                errs.append(f"split {s!r}: num_examples must be a count")
            elif rep and by_split.get(s["name"], {}).get("records") != n:
                errs.append(f"split {s['name']}: num_examples {n} != measured "
                            f"{by_split.get(s['name'], {}).get('records')}")


def check(card_path, report_path=None, root=None):
    with open(card_path, encoding="utf-8") as f:
        h = header(f.read())
    rep = None
    if report_path:
        with open(report_path, encoding="utf-8") as f:
            rep = json.load(f)
    if not isinstance(h, dict):
        return ["no YAML mapping between '---' lines at the top of the card"]
    errs = [f"unknown header key {k!r}" for k in h if k not in KNOWN_KEYS]
    if not isinstance(h.get("pretty_name", ""), str) or h.get("pretty_name") == "":
        errs.append("pretty_name must be a non-empty string")
    check_license(h, errs)
    check_language(h, errs)
    check_sizes(h, rep, errs)
    check_tasks(h, rep, errs)
    check_configs(h, root, errs)
    check_dataset_info(h, rep, errs)
    return errs


def main():
    args = sys.argv[1:]
    root = None
    if "--root" in args:
        i = args.index("--root")
        root = args[i + 1]
        del args[i:i + 2]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    errs = check(args[0], args[1] if len(args) > 1 else None, root)
    for e in errs:
        print(f"{args[0]}: {e}")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
