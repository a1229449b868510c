#!/usr/bin/env python3
"""import_spdx.py - convert the SPDX License List XML into licenses/corpus.txt.

Run by hand when the SPDX list is updated; the output is committed:
    python3 tests/scripts/import_spdx.py ../shared/spdx-license-list-XML licenses/corpus.txt

Output (UTF-8, one record a line, tab-separated):
    E <word> <variant>          equivalent words (variant is read as word)
    L <id> <flags> <name>       a license (flags: o OSI-approved, d deprecated, x exception, - none)
    U <url>                     a cross-reference URL of the last L
    R <expression>              what a deprecated L is replaced by (SPDX <obsoletedBy>)
    T <text>                    a required segment of the matching template of the last L
    O <text>                    an optional segment (<optional>, <titleText>: may be absent)
    V <n>                       a variable part (<alt>, copyright line): any text; its
                                example in the SPDX XML has n words
    H <text>, P <text>, W <n>   the same three for the standard license header
Every T/O/H/P line starts a new run of words; words never join across lines.
Normalisation (case, punctuation, equivalent words) happens in the loader so that the template
and the scanned text go through the same code.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = '{http://www.spdx.org/license}'
SKIP = {'crossRefs', 'notes', 'standardLicenseHeader', 'obsoletedBys'}
VAR = {'alt', 'copyrightText'}
OPT_START, OPT_END, VAR_MARK = object(), object(), object()
BLOCK = {'p', 'br', 'item', 'list'}


def local(tag):
    return tag[len(NS):] if tag.startswith(NS) else tag


def clean(s):
    return ' '.join(s.split())


def walk(el, out):
    """Append text pieces and None (a break) to out."""
    name = local(el.tag)
    if name == 'bullet':  # bullets are dropped, not a break: the text drops its own
        out.append('\n')
        if el.tail:
            out.append(el.tail)
        return
    if name in SKIP:
        if el.tail:
            out.append(el.tail)
        return
    if name in VAR:
        out.append((VAR_MARK, len(''.join(el.itertext()).split())))
        if el.tail:
            out.append(el.tail)
        return
    if name in ('optional', 'titleText'):  # a title may or may not be there
        out.append(OPT_START)
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child, out)
        out.append(OPT_END)
        if el.tail:
            out.append(el.tail)
        return
    if name in BLOCK:
        out.append('\n')
    if el.text:
        out.append(el.text)
    for child in el:
        walk(child, out)
    if name in BLOCK:
        out.append('\n')
    if el.tail:
        out.append(el.tail)


# The FSF's postal address changed twice; licenses and notices quote any of the three, and
# it is not part of the terms: read it as a variable part of ADDRESS_WORDS words.
FSF_ADDRESS = re.compile(
    r'(51\s+Franklin\s+St(reet|\.)?,?\s+Fifth\s+Floor,?\s+Boston,?\s+MA,?\s+02110-1301'
    r'|59\s+Temple\s+Place,?\s+-?\s*Suite\s+330,?\s+Boston,?\s+MA,?\s+02111-1307'
    r'|675\s+Mass(achusetts)?\.?\s+Ave(nue|\.)?,?\s+Cambridge,?\s+MA,?\s+02139)'
    r'(,?\s+USA)?', re.I)
ADDRESS_WORDS = 12


def split_address(res):
    out = []
    for kind, text in res:
        while kind != 'V' and text and FSF_ADDRESS.search(text):
            m = FSF_ADDRESS.search(text)
            before, text = text[:m.start()].strip(), text[m.end():].strip()
            if before:
                out.append((kind, before))
            out.append(('V', ADDRESS_WORDS))
        if kind == 'V' or text:
            out.append((kind, text))
    return out


def segments(el):
    """[(kind, text)] with kind 'T' required, 'O' optional, 'V' variable (text None)."""
    pieces = []
    if el.text:
        pieces.append(el.text)
    for child in el:
        walk(child, pieces)
    res, cur, depth = [], [], 0

    def flush():
        text = clean(''.join(cur))
        if text:
            res.append(('O' if depth else 'T', text))
        cur.clear()

    for p in pieces:
        if p is OPT_START:
            flush()
            depth += 1
        elif p is OPT_END:
            flush()
            depth -= 1
        elif isinstance(p, tuple):
            flush()
            words = p[1]
            if res and res[-1][0] == 'V':
                words += res.pop()[1]
            res.append(('V', words))
        else:
            cur.append(p)
    flush()
    res = split_address(res)
    merged = []
    for kind, text in res:  # adjacent variable parts are one
        if kind == 'V' and merged and merged[-1][0] == 'V':
            merged[-1] = ('V', merged[-1][1] + text)
        else:
            merged.append((kind, text))
    res = merged
    while res and res[0][0] == 'V':
        res.pop(0)
    while res and res[-1][0] == 'V':
        res.pop()
    return res


def emit_segments(segs, names, f):
    for kind, text in segs:
        if kind == 'V':
            f.write('%s\t%d\n' % (names['V'], text))
        else:
            f.write('%s\t%s\n' % (names[kind], text))


def one(path, f):
    root = ET.parse(path).getroot()
    for lic in root:
        kind = local(lic.tag)
        if kind not in ('license', 'exception'):
            continue
        lid = lic.get('licenseId')
        flags = ''
        if lic.get('isOsiApproved') == 'true':
            flags += 'o'
        if lic.get('deprecatedVersion'):
            flags += 'd'
        if kind == 'exception':
            flags += 'x'
        name = clean(lic.get('name') or lid)
        f.write('L\t%s\t%s\t%s\n' % (lid, flags or '-', name))
        for ob in lic.iter(NS + 'obsoletedBy'):
            if ob.text and ob.text.strip() and not ob.get('expression'):
                f.write('R\t%s\n' % clean(ob.text))
        for ref in lic.iter(NS + 'crossRef'):
            if ref.text and ref.text.strip():
                f.write('U\t%s\n' % ref.text.strip())
        text = lic.find(NS + 'text')
        if text is not None:
            emit_segments(segments(text), {'T': 'T', 'O': 'O', 'V': 'V'}, f)
        hdr = lic.find(NS + 'standardLicenseHeader')
        if hdr is None and text is not None:
            hdr = text.find('.//' + NS + 'standardLicenseHeader')
        if hdr is not None:
            emit_segments(segments(hdr), {'T': 'H', 'O': 'P', 'V': 'W'}, f)


def main():
    src, out = sys.argv[1], sys.argv[2]
    files = sorted(os.path.join(src, 'src', n) for n in os.listdir(os.path.join(src, 'src'))
                   if n.endswith('.xml'))
    exc = os.path.join(src, 'src', 'exceptions')
    files += sorted(os.path.join(exc, n) for n in os.listdir(exc) if n.endswith('.xml'))
    with open(out, 'w', encoding='utf-8') as f:
        f.write('# dataprov license corpus, generated by tests/scripts/import_spdx.py from the '
                'SPDX License List XML; do not edit\n')
        with open(os.path.join(src, 'equivalentwords.txt'), encoding='utf-8') as ew:
            for line in ew:
                words = [w.strip() for w in line.strip().split(',') if w.strip()]
                for w in words[1:]:
                    f.write('E\t%s\t%s\n' % (words[0], w))
        for p in files:
            one(p, f)


if __name__ == '__main__':
    main()
