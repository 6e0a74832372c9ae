#!/usr/bin/env bash
# html_check.sh: raw HTML in chapters (html.c). Builds the HTML sampler (tests/fixtures/books/
# html) and the callouts case as PDF and EPUB and checks: epubcheck reports no error and no
# warning; the PDF's text shows <br>'s breaks (also in a table cell) and the <sup>/<sub> text;
# hostile HTML (misnested and unclosed tags, blocks inside inline elements, headings in terms,
# scripts, SVG, MathML, javascript: links, quotes in attributes) still makes a valid EPUB; and
# pathological HTML (19,000 nested tags, misnesting, lists and tables opened thousands of times
# deep, more tags than the limit) ends within seconds.
# Usage: bash html_check.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
EPUBCHECK=${EPUBCHECK:-/usr/bin/epubcheck}
. "$SRC/tests/e2e/lib/check.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
need_tools java pdftotext python3

epub_ok() { # epub_ok NAME EPUB
    java -jar "$EPUBCHECK" "$2" >"$tmp/$1.log" 2>&1
    check "$1: epubcheck: no errors or warnings" grep -q 'No errors or warnings detected' "$tmp/$1.log"
    grep -E '^(ERROR|WARNING|FATAL)' "$tmp/$1.log" | head -n 10
}

cp -r "$SRC/tests/fixtures/books/html" "$tmp/html"
check "hanji builds the HTML sampler" \
    env SOURCE_DATE_EPOCH=1700000000 "$HANJI" build "$tmp/html" -o "$tmp/out" -q
epub_ok sampler "$tmp/out/html-sampler.epub"
pdftotext "$tmp/out/html-sampler.pdf" "$tmp/pdf.txt"
check "<br> breaks the line" grep -qx 'First line' "$tmp/pdf.txt"
check "... twice" grep -qx 'second line' "$tmp/pdf.txt"
check "<br> in a table cell: two lines, not run together" grep -qx 'queue.acm.org' "$tmp/pdf.txt"
check "... and no 'queue.acm.orgstackoverflow.com'" bash -c "! grep -q 'acm.orgstack' '$tmp/pdf.txt'"
check "<sub> and <sup> text printed" grep -q 'Water is H2O and E = mc2' "$tmp/pdf.txt"
check "<kbd> text printed" grep -q 'press Ctrl+C to copy' "$tmp/pdf.txt"
check "<summary> printed" grep -q 'Show the answer' "$tmp/pdf.txt"
check "<dt> printed" grep -qx 'Term' "$tmp/pdf.txt"
check "a comment is not printed" bash -c "! grep -q 'nobody sees' '$tmp/pdf.txt'"
check "a script is not printed" bash -c "! grep -q 'never printed' '$tmp/pdf.txt'"
check "<sup> is set smaller than the text" python3 - "$SRC" "$HANJI" <<'PY'
import re, subprocess, sys
out = subprocess.run([sys.argv[2], "build", sys.argv[1] + "/tests/fixtures/books/html",
                      "--dump=layout"], capture_output=True, text=True).stdout
sizes = {}
for line in out.splitlines():
    m = re.match(r'\s*text \S+ ([0-9.]+) \S+ \S+ "(.*)"', line)
    if m:
        sizes.setdefault(m.group(2), set()).add(float(m.group(1)))
small = min(sizes.get("2", {99}))
body = max(sizes.get("Water", {0}))
sys.exit(0 if small < body * 0.8 else 1)
PY

cp -r "$SRC/tests/cases/callouts" "$tmp/callouts"
check "hanji builds the callouts" "$HANJI" build "$tmp/callouts" -o "$tmp/out-callouts" -q
epub_ok callouts "$tmp/out-callouts"/*.epub

# hostile HTML: the EPUB stays valid
mkdir -p "$tmp/hostile/book"
printf 'title: Hostile\n' >"$tmp/hostile/book/book.yaml"
cat >"$tmp/hostile/book/a.md" <<'MD'
# Hostile HTML

Text <sup>open <b>misnested</sup> still</b> and <sub><p>a block</p></sub> inside.
A <a href="javascript:alert(1)">script link</a>, <a href="https://x.org/?a=1&b=2">a query</a>,
<img src="../images/nope.png" alt='"<quoted>" & more' width="12%">, <img alt="no src">.
<kbd><kbd>Ctrl</kbd></kbd> <i><em>double</em></i> <code><b>bold code</b></code>.

<dl><dt><h2>A heading in a term</h2></dt><dd><h3>and in a definition</h3></dd></dl>

<ul><li>one<ul><li>nested</ul>text straight in a list<li><p>para</p><dl><dd>dd alone</dl></ul>

<dd>a definition with no list</dd> <li>an item with no list</li> <dt>term</dt>

<figure><figcaption>A figure with no image</figcaption></figure>

<figure><img src="../images/nope.png" alt="x"><img src="../images/nope2.png" alt="y"></figure>

<table><tr><td>cell<td>cell</table> <svg><text>drawn</text></svg> <math><mi>x</mi></math>

<details><summary>Sum <summary>nested</summary></summary>

Markdown *inside*.

</details>

<div>
<p>unclosed <b>bold
<h1 id="x y">heading with a space in its id</h1>
<pre>pre with <b>markup</b></pre>
<script>document.write("x")</script><style>p{}</style><template><p>t</p></template>
<textarea>text & <area></textarea><plaintext>the rest </div> is text
MD
"$HANJI" build "$tmp/hostile" -o "$tmp/out-hostile" --epub -q 2>"$tmp/hostile.err"
check "hostile HTML builds (missing images are errors)" test -s "$tmp/hostile.err"
"$HANJI" build "$tmp/hostile" --dump=tree >"$tmp/hostile.tree" 2>/dev/null
check "... its tree holds what the text says" grep -q '"misnested"' "$tmp/hostile.tree"
sed -i 's#\.\./images/nope2\?\.png#https://example.com/x.png#g' "$tmp/hostile/book/a.md"
mkdir -p "$tmp/hostile/images"
"$HANJI" build "$tmp/hostile" -o "$tmp/out-hostile" --epub -q 2>"$tmp/hostile.err"
if [ -f "$tmp/out-hostile/hostile.epub" ]; then
    epub_ok hostile "$tmp/out-hostile/hostile.epub"
else
    cat "$tmp/hostile.err" | head -5
    check "hostile HTML makes an EPUB" false
fi

# pathological HTML ends quickly
python3 - "$tmp" <<'PY'
import os, sys
cases = {
    "nested": "<div>\n" + "<b>x" * 19000 + "\n",
    "nested-inline": "Text " + "<sup>x" * 19000 + "\n",
    "misnested": "<div>\n" + "<b><i>x</b>y</i>" * 4500 + "\n",
    "tables": "<div>\n" + "<table><tr><td>x" * 4000 + "\n",
    "lists": "<div>\n" + "<dl><dt>a<dd><ul><li>x" * 3000 + "\n",
    "figures": "<div>\n" + "<figure><figcaption><figure>" * 3000 + "\n",
    "pieces": "a <sup>b</sup> " * 9000 + "\n",
    "blocks": "<details>\n\npara\n\n" * 5000 + "\n",
    "limit": "<div>\n" + "<i>" * 25000 + "\n",
}
for name, text in cases.items():
    d = os.path.join(sys.argv[1], "p-" + name, "book")
    os.makedirs(d)
    open(d + "/book.yaml", "w").write("title: P\n")
    open(d + "/a.md", "w").write("# A\n\n" + text)
PY
for name in nested nested-inline misnested tables lists figures pieces blocks limit; do
    /usr/bin/time -f "%U %S" -o "$tmp/p-$name.time" "$HANJI" build "$tmp/p-$name" \
        -o "$tmp/out-p-$name" 2>"$tmp/p-$name.err"
    rc=$?
    secs=$(tail -n 1 "$tmp/p-$name.time" | awk '{printf "%.2f", $1 + $2}')
    check "pathological HTML '$name': built (status $rc) within 10 s of CPU ($secs s)" \
        awk -v s="$secs" -v r="$rc" 'BEGIN {exit !(s < 10 && r == 0)}'
done
check "more tags than the limit: a warning" grep -q 'more than 20000 HTML tags' "$tmp/p-limit.err"
check_done html_check
