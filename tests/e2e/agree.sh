#!/usr/bin/env bash
# agree.sh: the PDF and the EPUB of one build show the reader the same words (issue 11): the
# labels, cross-references, contents (toc-depth: 3 in the PDF outline and the EPUB nav alike),
# lists of figures and tables, title and copyright pages, section numbers and attributions of
# tests/fixtures/books/agree, the fixture book and the sample book (tests/e2e/lib/agree.py).
# The comparison must catch an EPUB that says something else.
# Usage: bash agree.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
. "$SRC/tests/e2e/lib/check.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
AGREE="python3 $SRC/tests/e2e/lib/agree.py"

for book in tests/fixtures/books/agree tests/fixtures/books/all .; do
  name=$(basename "$(cd "$SRC/$book" && pwd)")
  out=$tmp/$name
  check "$name: builds" "$HANJI" build "$SRC/$book" -o "$out" -q
  epub=$(ls "$out"/*.epub 2>/dev/null | head -1)
  pdf=$(ls "$out"/*.pdf 2>/dev/null | head -1)
  check "$name: the outputs agree" $AGREE "$epub" "$pdf"
done

# a changed label, a copyright line left out and a contents entry renamed are caught
epub=$tmp/agree/agree.epub pdf=$tmp/agree/agree.pdf
python3 - "$epub" "$tmp/bad.epub" <<'PY'
import sys, zipfile
src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], 'w')
for info in src.infolist():
    data = src.read(info)
    if info.filename.endswith('chapter-01.xhtml'):
        data = data.replace(b'Table 1.1', b'Table 1.9')
    if info.filename.endswith('copyright.xhtml'):
        data = data.replace(b'<p class="publisher', b'<p hidden="" class="gone').replace(
            b'Published by Test Press', b'')
    if info.filename.endswith('nav.xhtml'):
        data = data.replace(b'2.1.1 Two Deep', b'2.1.1 Too Deep')
    dst.writestr(info, data)
dst.close()
PY
$AGREE "$tmp/bad.epub" "$pdf" >"$tmp/bad.log" 2>&1
check "a changed EPUB is caught" test $? = 1
check "... its label" grep -q "label table 1.9: in the EPUB" "$tmp/bad.log"
check "... its copyright page" grep -q "copyright page" "$tmp/bad.log"
check "... its contents" grep -q "Too Deep" "$tmp/bad.log"
check_done agree
