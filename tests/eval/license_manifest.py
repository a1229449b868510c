#!/usr/bin/env python3
"""license_manifest.py - write the eval manifest (set, path, expected SPDX ids) for the
license eval sets under EVAL_DIR (see its README.md for the ground-truth formats)."""
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else '../shared/eval'
OPS = {'AND', 'OR', 'WITH', 'and', 'or', 'with'}


def out(set_name, path, ids, skip_lines=0):
    """One manifest line; skip_lines: lines at the top of the file that are not input."""
    sys.stdout.write('%s\t%s\t%s\t%d\n' % (set_name, os.path.abspath(path), ' '.join(ids),
                                          skip_lines))


def simpletest():
    d = os.path.join(ROOT, 'spdx-simpletest', 'texts')
    for name in sorted(os.listdir(d)):
        stem = name[:-4]
        if stem.startswith('depreciate_'):
            stem = stem[len('depreciate_'):]
        out('spdx-simpletest', os.path.join(d, name), [stem])


def yml_expressions(path):
    exprs, on = [], False
    for line in open(path, encoding='utf-8', errors='replace'):
        if line.startswith('license_expressions:'):
            on = True
            continue
        if on and line.startswith('  - '):
            exprs.append(line[4:].strip().strip("'\""))
        elif on and not line.startswith(' '):
            on = False
    return exprs


def scancode():
    d = os.path.join(ROOT, 'scancode-datadriven')
    keymap = {}
    with open(os.path.join(d, 'scancode-key-to-spdx.tsv'), encoding='utf-8') as f:
        next(f)
        for line in f:
            cols = line.rstrip('\n').split('\t')
            keymap[cols[0]] = cols[1]
    for root, dirs, files in os.walk(d):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith('.yml'):
                continue
            target = os.path.join(root, name[:-4])
            if not os.path.isfile(target):
                continue
            ids, ok = [], True
            for expr in yml_expressions(os.path.join(root, name)):
                for tok in re.split(r'[\s()]+', expr):
                    if not tok or tok in OPS:
                        continue
                    spdx = keymap.get(tok)
                    if not spdx or spdx.startswith('LicenseRef-'):
                        ok = False
                    elif spdx not in ids:
                        ids.append(spdx)
            if ok and ids:
                out('scancode (SPDX-mappable)', target, ids)
                # the same without the nuget tests, whose input is only a repository URL
                # (".../blob/master/LICENSE"): no detector can read a license from it
                if '/nuget/' not in target:
                    out('scancode, without URL-only nuget tests', target, ids)


def licensee():
    d = os.path.join(ROOT, 'licensee-fixtures')
    key = None
    for line in open(os.path.join(d, 'fixtures.yml'), encoding='utf-8'):
        m = re.match(r'^(\S[^:]*):', line)
        if m:
            key = m.group(1)
            continue
        m = re.match(r'^\s+key:\s*(\S+)', line)
        if m and key:
            lic = m.group(1)
            fdir = os.path.join(d, key)
            if not os.path.isdir(fdir):
                continue
            if lic == 'other':
                key = None  # a license licensee does not know: no ground truth in SPDX terms
                continue
            ids = [] if lic in ('no-license', 'none') else [lic]
            files = [fn for fn in sorted(os.listdir(fdir))
                     if os.path.isfile(os.path.join(fdir, fn))]
            # the license file licensee reads: LICENSE/COPYING/UNLICENSE first, then others
            files.sort(key=lambda fn: (0 if re.match(r'(?i)(licen[cs]e|copying|unlicense)', fn)
                                       else 1, fn))
            for fn in files:
                if re.match(r'(?i)(licen[cs]e|copying|unlicense|readme|.*\.(txt|md|gemspec|json|cabal|csproj|nuspec|html))', fn):
                    out('licensee', os.path.join(fdir, fn), ids)
                    break
            key = None


def askalono():
    d = os.path.join(ROOT, 'askalono-real-licenses')
    for lic in sorted(os.listdir(d)):
        sub = os.path.join(d, lic)
        if os.path.isdir(sub):
            for fn in sorted(os.listdir(sub)):
                out('askalono', os.path.join(sub, fn), [lic])


def classifier():
    d = os.path.join(ROOT, 'licenseclassifier-scenarios')
    for fn in sorted(os.listdir(d)):
        p = os.path.join(d, fn)
        with open(p, encoding='utf-8', errors='replace') as f:
            f.readline()
            exp = f.readline().strip()
        if not exp.startswith('EXPECTED:'):
            continue
        ids = [x.strip() for x in exp[9:].split(',') if x.strip() and x.strip() != 'Copyright']
        out('licenseclassifier', p, ids, 2)  # description and EXPECTED lines


simpletest()
scancode()
licensee()
askalono()
classifier()
