#!/usr/bin/env python3
"""Check a croissant.json against the main rules mlcroissant enforces (Croissant 1.0).
Standard library only.

usage: check_croissant.py FILE...   (exit 1 when a file has an error; warnings are printed)

Errors:
- JSON object with an @context that maps the Croissant terms (cr, sc or @vocab schema.org,
  and rai when rai: properties are used); @type schema.org Dataset; conformsTo Croissant
  1.0; a non-empty name;
- every node of distribution, recordSet and field has an @id, and @ids are unique;
- cr:FileObject: contentUrl, encodingFormat, and a sha256 (64 hex digits) or md5, unless it
  is containedIn another file; cr:FileSet: includes, encodingFormat, and containedIn naming
  FileObjects or FileSets of the document (one, or a list);
- cr:RecordSet: at least one field; cr:Field: name, a known dataType, a source naming an
  existing FileObject / FileSet / field, and exactly one extraction (column, jsonPath or a
  known fileProperty) when the source is a file (`references` is read like `source`,
  as in the reference example minimal_recommended.json);
- rai: properties are strings or lists of strings.
Warnings (mlcroissant warns too): no description, license, url or version.
"""
import json
import re
import sys

SCHEMA = "https://schema.org/"
DATA_TYPES = {"sc:Text", "sc:Integer", "sc:Float", "sc:Boolean", "sc:Date", "sc:DateTime",
              "sc:URL", "sc:Number", "sc:ImageObject", "sc:AudioObject", "sc:VideoObject",
              "cr:Int8", "cr:Int16", "cr:Int32", "cr:Int64", "cr:UInt8", "cr:UInt16",
              "cr:UInt32", "cr:UInt64", "cr:Float16", "cr:Float32", "cr:Float64",
              "cr:BoundingBox", "cr:Split", "cr:Label"}
FILE_PROPERTIES = {"content", "filename", "filepath", "fullpath", "lines", "lineNumbers"}
CONTEXT_TERMS = {"cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/"}


def check_context(doc, errs):
    ctx = doc.get("@context")
    if not isinstance(ctx, dict):
        errs.append("@context must be an object")
        return
    if ctx.get("@vocab") != SCHEMA and ctx.get("sc") != SCHEMA:
        errs.append("@context maps neither @vocab nor sc to https://schema.org/")
    for k, v in CONTEXT_TERMS.items():
        used = k == "cr" or any(key.startswith(k + ":") for key in doc)
        if used and ctx.get(k) != v:
            errs.append(f"@context must map {k} to {v}")
    for term in ("field", "recordSet", "fileObject", "fileSet", "source", "extract",
                 "includes", "jsonPath", "column", "fileProperty"):
        if term not in ctx:
            errs.append(f"@context lacks the Croissant term {term}")


def check_dataset(doc, errs, warns):
    if doc.get("@type") not in ("sc:Dataset", SCHEMA + "Dataset"):
        errs.append("@type must be sc:Dataset")
    if doc.get("conformsTo") != "http://mlcommons.org/croissant/1.0":
        errs.append("conformsTo must be http://mlcommons.org/croissant/1.0")
    if not isinstance(doc.get("name"), str) or not doc["name"]:
        errs.append("name must be a non-empty string")
    for k in ("description", "license", "url", "version"):
        if k not in doc:
            warns.append(f"recommended property {k} is missing")
    for k, v in doc.items():
        if k.startswith("rai:") and not (isinstance(v, str) or
                                         (isinstance(v, list) and all(isinstance(x, str) for x in v))):
            errs.append(f"{k} must be a string or a list of strings")


def ref_id(v):
    if isinstance(v, dict):
        return v.get("@id")
    if isinstance(v, list) and len(v) == 1:
        return ref_id(v[0])
    return None


def check_distribution(doc, ids, errs):
    dist = doc.get("distribution", [])
    if not isinstance(dist, list):
        errs.append("distribution must be a list")
        return {}
    kinds = {}
    for d in dist:
        t, i = d.get("@type"), d.get("@id")
        kinds[i] = t
        if t == "cr:FileObject":
            for k in ("contentUrl", "encodingFormat"):
                if not isinstance(d.get(k), str) or not d[k]:
                    errs.append(f"FileObject {i}: {k} is required")
            sha = d.get("sha256")
            if "containedIn" not in d and not d.get("md5") and not (
                    isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha)):
                errs.append(f"FileObject {i}: sha256 (64 hex digits) or md5 is required")
        elif t == "cr:FileSet":
            for k in ("includes", "encodingFormat"):
                if not d.get(k):
                    errs.append(f"FileSet {i}: {k} is required")
        else:
            errs.append(f"distribution node {i}: @type must be cr:FileObject or cr:FileSet")
    for d in dist:
        if "containedIn" not in d:
            continue
        refs = d["containedIn"] if isinstance(d["containedIn"], list) else [d["containedIn"]]
        if not refs or any(kinds.get(ref_id(x)) not in ("cr:FileObject", "cr:FileSet") for x in refs):
            errs.append(f"{d.get('@id')}: containedIn must name FileObjects or FileSets")
    return kinds


def collect_ids(doc, errs):
    seen, nodes = set(), list(doc.get("distribution", []))
    for rs in doc.get("recordSet", []):
        nodes.append(rs)
        nodes.extend(rs.get("field", []) if isinstance(rs.get("field"), list) else [])
    for n in nodes:
        i = n.get("@id") if isinstance(n, dict) else None
        if not isinstance(i, str) or not i:
            errs.append(f"node without @id: {str(n)[:80]}")
        elif i in seen:
            errs.append(f"duplicate @id {i}")
        else:
            seen.add(i)
    return seen


def check_field(rs_id, f, kinds, ids, errs):
    fid = f.get("@id")
    if f.get("@type") != "cr:Field":
        errs.append(f"field {fid}: @type must be cr:Field")
    if not f.get("name"):
        errs.append(f"field {fid}: name is required")
    dts = f.get("dataType")
    dts = dts if isinstance(dts, list) else [dts]
    if not any(d in DATA_TYPES for d in dts):
        errs.append(f"field {fid}: dataType {f.get('dataType')!r} is not a known type")
    src = f.get("source", f.get("references"))  # the reference examples use either
    if not isinstance(src, dict):
        errs.append(f"field {fid}: source (or references) is required")
        return
    refs = [k for k in ("fileObject", "fileSet", "field") if k in src]
    if len(refs) != 1 or ref_id(src[refs[0]]) not in ids:
        errs.append(f"field {fid}: source must name one existing fileObject, fileSet or field")
        return
    if refs[0] != "field":
        want = "cr:FileObject" if refs[0] == "fileObject" else "cr:FileSet"
        if kinds.get(ref_id(src[refs[0]])) != want:
            errs.append(f"field {fid}: source {refs[0]} names a node of another type")
        ex = src.get("extract", {})
        keys = [k for k in ("column", "jsonPath", "fileProperty") if k in ex]
        if len(keys) != 1:
            errs.append(f"field {fid}: extract needs exactly one of column, jsonPath, fileProperty")
        elif keys[0] == "fileProperty" and ex["fileProperty"] not in FILE_PROPERTIES:
            errs.append(f"field {fid}: unknown fileProperty {ex['fileProperty']}")
        elif keys[0] == "jsonPath" and not str(ex["jsonPath"]).startswith("$"):
            errs.append(f"field {fid}: jsonPath must start with $")


def check_record_sets(doc, kinds, ids, errs):
    for rs in doc.get("recordSet", []):
        rid = rs.get("@id")
        if rs.get("@type") != "cr:RecordSet":
            errs.append(f"recordSet {rid}: @type must be cr:RecordSet")
        fields = rs.get("field")
        if not isinstance(fields, list) or not fields:
            errs.append(f"recordSet {rid}: at least one field is required")
            continue
        for f in fields:
            check_field(rid, f, kinds, ids, errs)


def check(doc):
    errs, warns = [], []
    if not isinstance(doc, dict):
        return ["not a JSON object"], warns
    check_context(doc, errs)
    check_dataset(doc, errs, warns)
    ids = collect_ids(doc, errs)
    kinds = check_distribution(doc, ids, errs)
    check_record_sets(doc, kinds, ids, errs)
    return errs, warns


def main():
    bad = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            errs, warns = check(json.load(f))
        for w in warns:
            print(f"{path}: warning: {w}")
        for e in errs:
            print(f"{path}: error: {e}")
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
