#!/usr/bin/env bash
# reader_pagelist.sh: the EPUB's print page-list against the PDF of the same run, on the sample
# and fixture books (tests/readers/pagelist_check.py: labels are the PDF's page labels, no
# printed page left out, each marker before the first word printed on its page). Also checks
# that the checker fails on a marker moved off its place. Then front_check.py (below): every PDF
# page label is in the page-list, front matter and blank pages included, in spine order, and the
# front matter's markers are in the EPUB's title, copyright and contents (nav) documents.
# Usage: bash reader_pagelist.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
. "$SRC/tests/readers/common.sh"
need_cmd python3 "apt-get install python3"
need_cmd qpdf "apt-get install qpdf"
need_cmd pdftotext "apt-get install poppler-utils"
# not the small-screen book: its German title is wider than the PDF's measure, broken by force
# (which the checkers do not follow), and its contents page is "Inhalt"
build_books sample all

# front_check.py EPUB PDF: the page-list holds every PDF page label, front matter included, in
# the PDF's order and in spine order, and each front-matter marker is in the right document:
# the title page's in the title page document (epub:type titlepage), the copyright page's in
# the copyright document (copyright-page), the contents' in the nav document; a front page
# printed with no EPUB counterpart (half-title, blank pages) is marked in the same document as
# the next page, just before it, and so is a blank page of the body. What each PDF page is
# comes from its printed text.
cat >"$TMP/front_check.py" <<'EOF'
import re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET
sys.path.insert(0, sys.argv[3])
from pagelist_check import pdf_labels, page_lines

epub, pdf = sys.argv[1], sys.argv[2]
X = '{http://www.w3.org/1999/xhtml}'
OPF = '{http://www.idpf.org/2007/opf}'
problems = []
z = zipfile.ZipFile(epub)
opf = ET.fromstring(z.read('EPUB/package.opf'))
items = {i.get('id'): i for i in opf.iter(OPF + 'item')}
spine = [items[r.get('idref')].get('href') for r in opf.iter(OPF + 'itemref')]
nav_doc = next(i.get('href') for i in items.values() if 'nav' in (i.get('properties') or ''))
def doc_with(etype):
    for href in spine:
        if f'epub:type="{etype}"' in z.read('EPUB/' + href).decode():
            return href
title_doc, copyright_doc = doc_with('titlepage'), doc_with('copyright-page')

nav = ET.fromstring(z.read('EPUB/' + nav_doc))
plist = [n for n in nav.iter(X + 'nav')
         if n.get('{http://www.idpf.org/2007/ops}type') == 'page-list']
if not plist:
    print('no page-list')
    sys.exit(1)
entries = [(a.get('href').partition('#')[0], a.get('href').partition('#')[2],
            ''.join(a.itertext()).strip()) for a in plist[0].iter(X + 'a')]
labels = pdf_labels(pdf)
got = [lab for _, _, lab in entries]
if got != labels:
    problems.append(f'page-list labels {got} are not the PDF page labels {labels}')

# markers in reading order
order = {}
for k, href in enumerate(spine):
    raw = z.read('EPUB/' + href).decode()
    for m in re.finditer(r'<span epub:type="pagebreak"[^>]* id="([^"]+)"', raw):
        order[(href, m.group(1))] = (k, m.start())
pos = [order.get((f, frag)) for f, frag, _ in entries]
for (f, frag, lab), p in zip(entries, pos):
    if p is None:
        problems.append(f'page-list entry {lab}: no marker {f}#{frag}')
if all(p is not None for p in pos) and pos != sorted(pos):
    problems.append('the page-list is not in spine order')

# what each front page is, from the PDF's text
body = next((i for i, lab in enumerate(labels) if lab.isdigit()), len(labels))
text = [' '.join(page_lines(pdf, i + 1)) for i in range(body)]
first = [(page_lines(pdf, i + 1) or [''])[0].strip() for i in range(body)]
want = {}
toc = next((i for i in range(body) if first[i] == 'Contents'), None)
if toc is None:
    problems.append('no PDF page begins with "Contents"')
else:
    i = toc
    while i < body and text[i].strip() and not first[i].startswith('List of'):
        want[i] = nav_doc
        i += 1
    copyright_page = next((i for i in range(toc - 1, -1, -1) if 'Typeset with hanji' in text[i]),
                          None)
    if copyright_page is None:
        problems.append('no PDF copyright page ("Typeset with hanji") before the contents')
    else:
        want[copyright_page] = copyright_doc
        title_page = next((i for i in range(copyright_page - 1, -1, -1) if text[i].strip()), None)
        if title_page is None:
            problems.append('no PDF title page before the copyright page')
        else:
            want[title_page] = title_doc
by_label = {lab: (f, p) for (f, _, lab), p in zip(entries, pos)}
for i in range(body):
    f, p = by_label.get(labels[i], (None, None))
    if f is None:
        continue
    if i in want:
        if f != want[i]:
            problems.append(f'PDF page {labels[i]}: marker in {f}, not in {want[i]}')
    elif i + 1 < len(labels) and labels[i + 1] in by_label:
        nf, np_ = by_label[labels[i + 1]]
        if nf != f or np_ is None or p is None or p > np_:
            problems.append(f'PDF page {labels[i]} (no EPUB counterpart): marker in {f}, not '
                            f'just before page {labels[i + 1]}\'s in {nf}')
# a blank page of the body goes with the next page too (before the next chapter, not after
# the previous one)
for i in range(body, len(labels) - 1):
    if page_lines(pdf, i + 1):
        continue
    f, p = by_label.get(labels[i], (None, None))
    nf, np_ = by_label.get(labels[i + 1], (None, None))
    if f is None or nf is None:
        continue
    if nf != f or p is None or np_ is None or p > np_:
        problems.append(f'PDF page {labels[i]} (blank): marker in {f}, not just before page '
                        f'{labels[i + 1]}\'s in {nf}')
for p in problems:
    print(p)
print(f'front_check: {len(entries)} page-list entries for {len(labels)} PDF pages, '
      f'{len(want)} front pages with a counterpart, {len(problems)} problem(s)')
sys.exit(1 if problems else 0)
EOF

while read -r name epub pdf; do
    if python3 "$READERS/pagelist_check.py" "$epub" "$pdf" >"$TMP/$name.log" 2>&1; then
        echo "ok: $name: $(tail -n 1 "$TMP/$name.log")"
    else
        die "$name: page-list:"
        cat "$TMP/$name.log"
    fi
    if python3 "$TMP/front_check.py" "$epub" "$pdf" "$READERS" >"$TMP/$name.front" 2>&1; then
        echo "ok: $name: $(tail -n 1 "$TMP/$name.front")"
    else
        die "$name: every page and the front matter:"
        cat "$TMP/$name.front"
    fi
done <"$TMP/books"

# the front check must see the title page's marker moved to the copyright document
read -r _ epub pdf < <(grep '^all ' "$TMP/books")
if [ -n "${epub:-}" ]; then
    python3 - "$epub" "$TMP/front-moved.epub" <<'PY'
import re, sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
files = {i.filename: zin.read(i.filename) for i in zin.infolist()}
t, c, n = 'EPUB/title.xhtml', 'EPUB/copyright.xhtml', 'EPUB/nav.xhtml'
title = files[t].decode()
marks = re.findall(r'<span epub:type="pagebreak"[^>]*></span>\n', title)
if not marks:
    sys.exit(3)
last = marks[-1]
files[t] = title.replace(last, '').encode()
files[c] = files[c].decode().replace('<body epub:type="frontmatter">\n',
                                     '<body epub:type="frontmatter">\n' + last).encode()
href = re.search(r'id="([^"]+)"', last).group(1)
files[n] = files[n].decode().replace(f'title.xhtml#{href}', f'copyright.xhtml#{href}').encode()
with zipfile.ZipFile(sys.argv[2], 'w') as zout:
    for info in zin.infolist():
        zout.writestr(info, files[info.filename])
PY
    rc=$?
    if [ $rc -ne 0 ]; then
        die "all: no title page marker to move (exit $rc)"
    elif python3 "$TMP/front_check.py" "$TMP/front-moved.epub" "$pdf" "$READERS" \
            >"$TMP/front-moved.log" 2>&1; then
        die "front_check did not notice the title page's marker in the copyright document"
    else
        echo "ok: a misplaced front marker is caught: $(head -n 1 "$TMP/front-moved.log")"
    fi
fi

# the check must see a marker put at the start of the paragraph instead of before the word
read -r _ epub pdf < <(grep '^sample ' "$TMP/books")
if [ -n "${epub:-}" ]; then
    python3 - "$epub" "$TMP/moved.epub" <<'PY'
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
zin, moved = zipfile.ZipFile(src), False
with zipfile.ZipFile(dst, 'w') as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename.endswith('.xhtml') and not moved:
            text = data.decode()
            # a marker inside a paragraph, after some words: move it to the paragraph's start
            m = re.search(r'<p>([^<]*\w[^<]*)(<span epub:type="pagebreak"[^>]*></span>)', text)
            if m:
                text = text[:m.start()] + '<p>' + m.group(2) + m.group(1) + text[m.end():]
                moved = True
            data = text.encode()
        zout.writestr(info, data)
sys.exit(0 if moved else 3)
PY
    rc=$?
    if [ $rc -ne 0 ]; then
        die "sample: no page marker inside a paragraph to move (exit $rc)"
    elif python3 "$READERS/pagelist_check.py" "$TMP/moved.epub" "$pdf" >"$TMP/moved.log" 2>&1; then
        die "pagelist_check.py did not notice a marker moved to the start of its paragraph"
    else
        echo "ok: a moved marker is caught: $(head -n 1 "$TMP/moved.log")"
    fi
fi
exit $fail
