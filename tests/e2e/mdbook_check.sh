#!/usr/bin/env bash
# mdbook_check.sh: builds the mdBook fixture (tests/cases/mdbook: SUMMARY.md with parts, nesting,
# a draft, prefix and suffix chapters; includes by anchor and line range; hidden Rust lines;
# .html and folder links) as PDF and EPUB, unedited, and checks that epubcheck reports no error
# and no warning, that the PDF holds what the includes brought in and none of the hidden lines
# or directives, and that a link to another page's .html reaches its chapter in the EPUB; then
# the front-matter and ids-scoped fixtures' EPUBs through epubcheck; and pathological input (an
# include fan-out, a SUMMARY.md of 100,000 lines) ends quickly.
# Usage: bash mdbook_check.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
EPUBCHECK=${EPUBCHECK:-/usr/bin/epubcheck}
. "$SRC/tests/e2e/lib/check.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
need_tools java pdftotext python3

# the fixture is built from a copy: the test writes nothing into the source folder
cp -r "$SRC/tests/cases/mdbook" "$tmp/book"
check "hanji builds the mdBook project" \
    env SOURCE_DATE_EPOCH=1700000000 "$HANJI" build "$tmp/book" -o "$tmp/out" -q
epub=$tmp/out/an-mdbook-project.epub pdf=$tmp/out/an-mdbook-project.pdf
java -jar "$EPUBCHECK" "$epub" >"$tmp/epubcheck.log" 2>&1
check "epubcheck: no errors or warnings" grep -q 'No errors or warnings detected' "$tmp/epubcheck.log"
grep -E '^(ERROR|WARNING|FATAL)' "$tmp/epubcheck.log" | head -n 20

pdftotext -layout "$pdf" "$tmp/pdf.txt"
check "an anchor's lines are printed" grep -q 'println!("hello");' "$tmp/pdf.txt"
check "a line range is printed" grep -q 'use std::fmt;' "$tmp/pdf.txt"
check "marker lines are not printed" bash -c "! grep -q 'ANCHOR' '$tmp/pdf.txt'"
check "hidden Rust lines are not printed" bash -c "! grep -q 'fn setup' '$tmp/pdf.txt'"
check "'##' prints as '#'" grep -q '# escaped: printed with one hash' "$tmp/pdf.txt"
check "attributes stay" grep -q '#!\[allow(unused)\]' "$tmp/pdf.txt"
check "no directive is printed" bash -c "! grep -q '{{#include ../' '$tmp/pdf.txt'"
check "{{#title}} is not printed" bash -c "! grep -q 'Not printed' '$tmp/pdf.txt'"
check "a draft chapter is not printed" bash -c "! grep -q 'Later' '$tmp/pdf.txt'"
check "a '##' page joins its parent as section 1.1" grep -q '1\.1 *On Linux' "$tmp/pdf.txt"
check "heading attributes are not printed" bash -c "! grep -q 'unnumbered lang' '$tmp/pdf.txt'"
# parts and nesting: a part's title alone on its page, the contents (PDF and EPUB nav) nest
check "a part's title has a page of its own" python3 -c '
import sys
pages = [p.split() for p in open(sys.argv[1]).read().split("\f")]
sys.exit(0 if ["Getting", "Started"] in pages else 1)' "$tmp/pdf.txt"
check "the PDF's contents list the parts" grep -q '^Getting Started \.' "$tmp/pdf.txt"
check "a nested chapter is indented in the contents" grep -qE '^ +2 +From Source' "$tmp/pdf.txt"
unzip -p "$epub" EPUB/nav.xhtml >"$tmp/nav.xhtml"
check "the nav nests the part's chapters, and a nested chapter in its parent" python3 -c '
import sys, xml.etree.ElementTree as ET
ns = {"h": "http://www.w3.org/1999/xhtml"}
nav = [n for n in ET.parse(sys.argv[1]).iter("{http://www.w3.org/1999/xhtml}nav")
       if n.get("{http://www.idpf.org/2007/ops}type") == "toc"][0]
def items(ol): return ol.findall("h:li", ns)
def text(li): return "".join(li.find("h:a", ns).itertext())
top = items(nav.find("h:ol", ns))
names = [text(li) for li in top]
assert names == ["Preface", "Getting Started", "Reference", "Thanks"], names
part = top[1].find("h:ol", ns)
inst = items(part)[0]
assert text(inst) == "1 Installing", text(inst)
assert "2 From Source" in [text(li) for li in items(inst.find("h:ol", ns))]
' "$tmp/nav.xhtml"

# the EPUB: the link to ../keys.html#colour points to the Keys chapter's file
python3 - "$epub" >"$tmp/links" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in sorted(z.namelist()):
    if n.endswith(".xhtml"):
        for href in re.findall(r'href="([^"]*)"', z.read(n).decode()):
            print(n, href)
PY
keys=$(python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if n.endswith(".xhtml") and b"A top-level page" in z.read(n):
        print(n.split("/")[-1])' "$epub")
check "the Keys chapter is found in the EPUB" test -n "$keys"
check "a link to keys.html#colour (install/linux.md, joined to chapter 1) reaches it" \
    grep -q "^EPUB/chapter-02.xhtml $keys#colour\$" "$tmp/links"

# the other input fixtures of the kind: a chapter titled by its front matter, ids scoped to
# chapters (the same heading in three chapters): valid EPUBs too
for name in front-matter ids-scoped; do
    cp -r "$SRC/tests/cases/$name" "$tmp/$name"
    if "$HANJI" build "$tmp/$name" -o "$tmp/out-$name" --epub -q 2>/dev/null; then
        java -jar "$EPUBCHECK" "$tmp/out-$name"/*.epub >"$tmp/$name.log" 2>&1
        check "$name: epubcheck: no errors or warnings" \
            grep -q 'No errors or warnings detected' "$tmp/$name.log"
    else
        check "$name: hanji builds it" false
    fi
done

# pathological mdBook input ends quickly, with a message: includes fanning out 50 ways, 9 deep
# (50^9 directives, most of an empty file), and a SUMMARY.md of 100,000 lines naming one file
python3 - "$tmp/bomb" "$tmp/big" <<'PY'
import os, sys
bomb, big = sys.argv[1], sys.argv[2]
for d in (bomb, big):
    os.makedirs(d + "/book")
open(bomb + "/book/book.yaml", "w").write("title: Bomb\nchapters: [a.md]\n")
open(bomb + "/book/a.md", "w").write("# A\n\n{{#include f0.md}}\n")
for i in range(9):
    open(bomb + "/book/f%d.md" % i, "w").write("{{#include f%d.md}}\n" % (i + 1) * 50)
open(bomb + "/book/f9.md", "w").write("")
open(big + "/book/book.yaml", "w").write("title: Big\n")
open(big + "/book/a.md", "w").write("# A\n")
open(big + "/book/SUMMARY.md", "w").write("- [A](a.md)\n" * 100000)
PY
timed() { # timed LIMIT-SECONDS PROJECT: builds the tree; CPU seconds in $secs
    /usr/bin/time -f "%U %S" -o "$2.time" "$HANJI" build "$2" --dump=tree >/dev/null 2>"$2.err"
    secs=$(tail -n 1 "$2.time" | awk '{printf "%.2f", $1 + $2}')
    awk -v s="$secs" -v l="$1" 'BEGIN {exit !(s < l)}'
}
check "an include fan-out ends within 20 s of CPU" timed 20 "$tmp/bomb"
check "... with the include limit's error" grep -q 'includes or 64 MiB' "$tmp/bomb.err"
check "a SUMMARY.md of 100,000 lines within 20 s of CPU" timed 20 "$tmp/big"
check "... its repeats warned" grep -q "listed twice" "$tmp/big.err"
check_done mdbook_check
