#!/usr/bin/env python3
"""Generate a small corpus for `dataprov audit`: one dataset per audit flag (and a few
clean ones), plus expected.json giving each dataset's exact flags.

usage: gen_audit_corpus.py OUTDIR [--licenses DIR]

OUTDIR/corpus/NAME/ are the datasets (one is a .tar.gz archive), OUTDIR/expected.json maps
each dataset's basename to {"flags": [...], "concluded": "...", "declared_types": [...]}.
Full license texts are read from fixtures/licenses (the SPDX texts kept in the source tree).
Deterministic: the same call writes the same bytes.
"""
import argparse
import io
import json
import os
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_LICENSES = os.path.join(HERE, "..", "..", "fixtures", "licenses")

RECORDS = [
    "The river flooded the lower fields in early spring.",
    "A short note on how the survey was carried out.",
    "Volunteers counted the birds at dawn on three days.",
    "The museum reopened after the roof was repaired.",
    "Rainfall totals were higher than the ten-year average.",
    "The ferry timetable changes at the end of October.",
]


def readme(yaml_lines, body="A small dataset made for the audit tests.\n"):
    head = "---\n" + "".join(l + "\n" for l in yaml_lines) + "---\n" if yaml_lines else ""
    return head + "# Dataset\n\n" + body


def jsonl(records, licenses=None):
    out = []
    for i, text in enumerate(records):
        rec = {"id": i, "text": text}
        if licenses is not None and licenses[i] is not None:
            rec["license"] = licenses[i]
        out.append(json.dumps(rec, sort_keys=True))
    return "\n".join(out) + "\n"


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def datasets(lic):
    """(name, {relative path: text}, expected flags, expected concluded) per dataset."""
    plain = {"data/train.jsonl": jsonl(RECORDS)}
    return [
        ("clean-mit", {"README.md": readme(["license: mit"]), "LICENSE": lic("MIT"), **plain},
         [], "MIT"),
        ("no-license", {"README.md": readme(["pretty_name: Nothing declared"]), **plain},
         ["no-license"], ""),
        ("declared-only", {"README.md": readme(["license: cc-by-4.0"]), **plain},
         ["declared-only"], ""),
        ("apache-vs-nc", {"README.md": readme(["license: apache-2.0"]),
                          "DATA_LICENSE": lic("CC-BY-NC-4.0"), **plain},
         ["conflict", "noncommercial"], ""),
        ("fields-missing", {"README.md": readme(["license: cc-by-4.0"]),
                            "data/train.jsonl": jsonl(RECORDS, ["cc-by-4.0", "cc-by-4.0", None,
                                                                "cc-by-4.0", None, "cc-by-4.0"])},
         ["records-missing-license"], "CC-BY-4.0"),
        ("bare-cc", {"README.md": readme(["license: cc"]), **plain}, ["unversioned-id"], ""),
        ("by-vs-sa-tags", {"README.md": readme(["license: cc-by-4.0"]),
                           "data/part-0.txt": "SPDX-License-Identifier: CC-BY-SA-4.0\n" +
                           "\n".join(RECORDS[:3]) + "\n",
                           "data/part-1.txt": "SPDX-License-Identifier: CC-BY-SA-4.0\n" +
                           "\n".join(RECORDS[3:]) + "\n"},
         ["conflict", "share-alike"], ""),
        ("other-no-name", {"README.md": readme(["license: other"]), **plain},
         ["other-without-name"], ""),
        # the remaining flags, and cases that must stay clean
        ("observed-only", {"LICENSE": lic("MIT"), **plain}, ["observed-only"], ""),
        ("no-derivatives", {"README.md": readme(["license: cc-by-nd-4.0"]),
                            "LICENSE": lic("CC-BY-ND-4.0"), **plain},
         ["no-derivatives"], "CC-BY-ND-4.0"),
        ("rail", {"README.md": readme(["license: llama2"]),
                  "data/notes.txt": "SPDX-License-Identifier: LicenseRef-Llama-2-Community\n" +
                  RECORDS[0] + "\n"},
         ["use-restricted"], "LicenseRef-Llama-2-Community"),
        ("own-terms", {"README.md": readme(["license: my-own-terms"]),
                       "LICENSE": "You may read this data on Tuesdays only.\n", **plain},
         ["unrecognized-value"], ""),
        ("other-named", {"README.md": readme(["license: other", "license_name: MIT License"]),
                         "LICENSE": lic("MIT"), **plain}, [], "MIT"),
        # (a dataset_info.json license would also be read as a record's license field, so
        # share-alike is shown with a README; see the golden test's notes)
        ("share-alike", {"README.md": readme(["license: cc-by-sa-4.0"]),
                         "LICENSE.txt": lic("CC-BY-SA-4.0"), **plain},
         ["share-alike"], "CC-BY-SA-4.0"),
        ('odd |name, "quoted"', {**plain}, ["no-license"], ""),
    ]


def make_tar(path, files):
    """A reproducible .tar.gz (fixed mtimes, owners and order)."""
    import gzip
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        for rel in sorted(files):
            data = files[rel].encode("utf-8")
            info = tarfile.TarInfo(rel)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            t.addfile(info, io.BytesIO(data))
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(raw.getvalue())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--licenses", default=DEFAULT_LICENSES)
    a = ap.parse_args()

    def lic(spdx):
        with open(os.path.join(a.licenses, spdx + ".txt"), encoding="utf-8") as f:
            return f.read()

    corpus = os.path.join(a.outdir, "corpus")
    os.makedirs(corpus, exist_ok=True)
    expected = {}
    for name, files, flags, concluded in datasets(lic):
        for rel, text in files.items():
            write(os.path.join(corpus, name), rel, text)
        expected[name] = {"flags": flags, "concluded": concluded}
    # an archive dataset: a clean MIT one, packed
    make_tar(os.path.join(corpus, "packed-mit.tar.gz"),
             {"README.md": readme(["license: mit"]), "LICENSE": lic("MIT"),
              "data/train.jsonl": jsonl(RECORDS)})
    expected["packed-mit.tar.gz"] = {"flags": [], "concluded": "MIT"}
    # not a dataset for --each-subdir: a plain file and a hidden folder
    write(corpus, "NOTES.md", "Not a dataset.\n")
    write(os.path.join(corpus, ".hidden"), "README.md", readme(["license: mit"]))
    with open(os.path.join(a.outdir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
