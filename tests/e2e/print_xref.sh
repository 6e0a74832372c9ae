#!/usr/bin/env bash
# print_xref.sh: cross-references render the same labels in both outputs. The fixture
# tests/fixtures/books/print-xref refers to a figure, a table, a chapter and a section with
# empty links ([](#id)) and twice with the page form ([](#id "page")): the PDF text (pdftotext)
# and the EPUB chapter (unzip -p) must both say "Figure 1.1", "Table 1.1", "Chapter 2" and
# "Section 2.1"; the PDF adds "on page N" with the figure's real folio, the EPUB no page; the
# lists of figures and tables list both figures and the table with their folios.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
(cd "$SRC/tests/fixtures/books/print-xref" && "$HANJI" build . -o "$tmp/out" -q) || { echo "FAIL: build"; exit 1; }
pdftotext -layout "$tmp/out/cross-references.pdf" "$tmp/all.txt"
pdftotext "$tmp/out/cross-references.pdf" - | tr '\n' ' ' | tr -s ' ' >"$tmp/flat.txt"
unzip -p "$tmp/out/cross-references.epub" EPUB/chapter-01.xhtml | sed 's/<[^>]*>//g' | tr '\n' ' ' | tr -s ' ' >"$tmp/ch1.txt"
for label in "Figure 1.1" "Table 1.1" "Chapter 2" "Section 2.1"; do
  grep -q "See Figure 1.1, Table 1.1, Chapter 2 and Section 2.1" "$tmp/flat.txt" || bad "PDF: no '$label' in the sentence"
  grep -q "See Figure 1.1, Table 1.1, Chapter 2 and Section 2.1" "$tmp/ch1.txt" || bad "EPUB: no '$label' in the sentence"
done
grep -q "on page" "$tmp/ch1.txt" && bad "EPUB: a page number"
# the folio the figure is printed on: the page whose text holds its caption
folio=$(python3 - "$tmp/all.txt" <<'PY'
import re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
for p in pages:
    if "Figure 1.1 · A square" in p:
        nums = re.findall(r"^\s*(\d+)\s*$|^\s*(\d+)\s{3,}\S|\S\s{3,}(\d+)\s*$", p, re.M)
        for m in nums:
            for g in m:
                if g: print(g); sys.exit(0)
PY
)
[ -n "$folio" ] || bad "no folio found on the figure's page"
grep -q "Figure 1.1 on page $folio " "$tmp/flat.txt" || bad "PDF: no 'Figure 1.1 on page $folio'"
grep -q "List of Figures" "$tmp/flat.txt" || bad "no list of figures"
grep -q "List of Tables" "$tmp/flat.txt" || bad "no list of tables"
grep -Eq "1\.1 A square drawn for the tests\. [. ]*$folio " "$tmp/flat.txt" || bad "list of figures: no 'Figure 1.1 ... $folio'"
grep -Eq "2\.1 A second figure" "$tmp/flat.txt" || bad "list of figures: no figure 2.1"
grep -Eq "1\.1 Names used in the tests [. ]*[0-9]+" "$tmp/flat.txt" || bad "list of tables: no table 1.1"
[ $fail = 0 ] && echo "print_xref: ok (figure on page $folio)"
exit $fail
