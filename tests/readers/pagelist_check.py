#!/usr/bin/env python3
"""pagelist_check.py BOOK.epub BOOK.pdf: checks an EPUB's print page-list against the PDF built
in the same run, with tools hanji did not write (qpdf for the page labels, pdftotext for the
text of each page).

- The nav document has a page-list, and the package names its source (dc:source refined by
  source-of "pagination").
- Every page-list entry points at a page-break marker (epub:type="pagebreak",
  role="doc-pagebreak") whose label is the entry's label.
- The labels are the PDF's page labels (/PageLabels: roman and arabic), of pages in increasing
  order, and no printed page is left out between the first and the last marked page (blank
  pages aside).
- Each marker sits before the first word printed on its page: the word after the marker in the
  XHTML is that word, allowing for the running head and folio above it, case, punctuation, and
  a word hyphenated across the page break (the marker then goes before the whole word).
Prints one line per problem; exit 0 when there is none, 1 otherwise, 2 on usage or a missing
tool."""
import html
import json
import re
import shutil
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {'opf': 'http://www.idpf.org/2007/opf', 'dc': 'http://purl.org/dc/elements/1.1/',
      'x': 'http://www.w3.org/1999/xhtml', 'epub': 'http://www.idpf.org/2007/ops'}
EPUB_TYPE = '{http://www.idpf.org/2007/ops}type'


def roman(n, upper=False):
    out = ''
    for v, s in ((1000, 'm'), (900, 'cm'), (500, 'd'), (400, 'cd'), (100, 'c'), (90, 'xc'),
                 (50, 'l'), (40, 'xl'), (10, 'x'), (9, 'ix'), (5, 'v'), (4, 'iv'), (1, 'i')):
        while n >= v:
            out += s
            n -= v
    return out.upper() if upper else out


def letters(n, upper=False):
    s = chr(ord('a') + (n - 1) % 26) * ((n - 1) // 26 + 1)
    return s.upper() if upper else s


def pdf_labels(pdf):
    """The page label of every page (ISO 32000 12.4.2), from qpdf's JSON."""
    info = json.loads(subprocess.run(['qpdf', '--json', '--json-key=pages',
                                      '--json-key=pagelabels', pdf], check=True,
                                     capture_output=True, text=True).stdout)
    n = len(info['pages'])
    ranges = sorted(info.get('pagelabels') or [], key=lambda r: r['index'])
    labels = [str(i + 1) for i in range(n)]
    for k, r in enumerate(ranges):
        end = ranges[k + 1]['index'] if k + 1 < len(ranges) else n
        d = r['label']
        style = d.get('/S', '')
        prefix = d.get('/P', '')
        prefix = prefix[2:] if prefix.startswith('u:') else prefix
        start = int(d.get('/St', 1))
        for i in range(r['index'], end):
            v = start + i - r['index']
            body = {'/D': str(v), '/r': roman(v), '/R': roman(v, True), '/a': letters(v),
                    '/A': letters(v, True)}.get(style, '')
            labels[i] = prefix + body
    return labels


def norm(word):
    return ''.join(c for c in word.lower() if c.isalnum())


def page_lines(pdf, page):
    out = subprocess.run(['pdftotext', '-f', str(page), '-l', str(page), '-layout', pdf, '-'],
                         check=True, capture_output=True, text=True).stdout
    return [ln for ln in out.split('\n') if ln.strip()]


def body_lines(pdf, page, label):
    """The page's lines without the running head and the folio."""
    lines = page_lines(pdf, page)
    if lines and lines[-1].strip() == label:
        return lines[:-1]  # a chapter opening: the folio stands alone under the text
    if lines and label in lines[0].split():
        return lines[1:]  # the running head with the folio
    return lines


def main():
    if len(sys.argv) != 3:
        print(__doc__.split('\n')[0], file=sys.stderr)
        return 2
    for tool in ('qpdf', 'pdftotext'):
        if not shutil.which(tool):
            print(f'missing tool: {tool} (apt-get install qpdf poppler-utils)')
            return 2
    epub, pdf = sys.argv[1], sys.argv[2]
    problems = []
    z = zipfile.ZipFile(epub)
    container = ET.fromstring(z.read('META-INF/container.xml'))
    opf_path = container.find('.//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile') \
        .get('full-path')
    base = opf_path.rsplit('/', 1)[0] + '/' if '/' in opf_path else ''
    opf = ET.fromstring(z.read(opf_path))
    manifest = {i.get('id'): i for i in opf.findall('opf:manifest/opf:item', NS)}
    spine = [manifest[r.get('idref')].get('href') for r in opf.findall('opf:spine/opf:itemref', NS)]
    nav_href = next(i.get('href') for i in manifest.values()
                    if 'nav' in (i.get('properties') or '').split())

    sources = {s.get('id') for s in opf.findall('opf:metadata/dc:source', NS)}
    if not any(m.get('property') == 'source-of' and m.text == 'pagination'
               and (m.get('refines') or '').lstrip('#') in sources
               for m in opf.findall('opf:metadata/opf:meta', NS)):
        problems.append('package: no dc:source refined by source-of "pagination"')

    nav = ET.fromstring(z.read(base + nav_href))
    plist = [n for n in nav.iter('{%s}nav' % NS['x']) if n.get(EPUB_TYPE) == 'page-list']
    if not plist:
        print(f'{nav_href}: no page-list')
        return 1
    entries = [(a.get('href'), ''.join(a.itertext()).strip())
               for a in plist[0].iter('{%s}a' % NS['x'])]

    # markers in reading order: (file, id, label, the text after it)
    markers, by_id = [], {}
    for href in spine:
        raw = z.read(base + href).decode('utf-8')
        for m in re.finditer(r'<span\b([^>]*)>\s*</span>', raw):
            attrs = dict(re.findall(r'([\w:-]+)="([^"]*)"', m.group(1)))
            if attrs.get('epub:type') != 'pagebreak':
                continue
            if attrs.get('role') != 'doc-pagebreak':
                problems.append(f'{href}#{attrs.get("id")}: pagebreak without role="doc-pagebreak"')
            rest = re.sub(r'<span\b[^>]*epub:type="pagebreak"[^>]*>\s*</span>', ' ',
                          raw[m.end():m.end() + 4000])
            text = html.unescape(re.sub(r'<[^>]+>', ' ', rest))
            mk = {'file': href, 'id': attrs.get('id'), 'label': attrs.get('aria-label', ''),
                  'words': text.split()[:4]}
            markers.append(mk)
            by_id[(href, mk['id'])] = mk

    labels = pdf_labels(pdf)
    where = {}
    for i, lab in enumerate(labels):
        where.setdefault(lab, i)
    prev = -1
    for href, label in entries:
        f, _, frag = href.partition('#')
        mk = by_id.get((f, frag))
        if not mk:
            problems.append(f'page-list entry {label!r} -> {href}: no pagebreak marker there')
            continue
        if mk['label'] != label:
            problems.append(f'page-list entry {label!r}: its marker is labelled {mk["label"]!r}')
        if label not in where:
            problems.append(f'page-list entry {label!r}: no PDF page has that label')
            continue
        if where[label] <= prev:
            problems.append(f'page-list entry {label!r}: out of order')
        prev = where[label]
    if len(entries) != len(markers):
        problems.append(f'{len(entries)} page-list entries but {len(markers)} markers')

    marked = sorted(where[mk['label']] for mk in markers if mk['label'] in where)
    if marked:
        for i in range(marked[0], marked[-1] + 1):
            if i not in marked and body_lines(pdf, i + 1, labels[i]):
                problems.append(f'PDF page {i + 1} (label {labels[i]!r}) has text but no marker')

    checked = 0
    for mk in markers:
        i = where.get(mk['label'])
        if i is None:
            continue
        lines = body_lines(pdf, i + 1, mk['label'])
        if i > 0 and len(lines) > 1:
            # a table's header repeated at the top of the page is not where the page begins:
            # the page begins with the first line not printed on the page before
            seen = {' '.join(ln.split()) for ln in body_lines(pdf, i, labels[i - 1])}
            while len(lines) > 1 and ' '.join(lines[0].split()) in seen:
                lines = lines[1:]
        if not lines:
            continue
        pdf_words = [w for w in (norm(t) for t in lines[0].split()) if w]
        ours = [w for w in (norm(t) for t in mk['words']) if w]
        if not pdf_words or not ours:
            problems.append(f'{mk["file"]}#{mk["id"]}: nothing to compare '
                            f'(PDF {lines[0]!r}, XHTML {mk["words"]})')
            continue
        first, word = pdf_words[0], ours[0]
        ok = word == first
        if not ok and word.endswith(first) and i > 0:
            # a word hyphenated across the break: the previous page ends with its first part
            before = body_lines(pdf, i, labels[i - 1])
            ok = any(ln.rstrip().endswith('-') for ln in before[-3:])
        checked += 1
        if not ok:
            problems.append(f'{mk["file"]}#{mk["id"]}: marker for page {mk["label"]} is before '
                            f'{" ".join(mk["words"][:3])!r}, but the page begins '
                            f'{lines[0].strip()[:60]!r}')
    for p in problems:
        print(p)
    print(f'pagelist_check: {len(entries)} page-list entries, {checked} markers compared with '
          f'the PDF, {len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
