#!/usr/bin/env bash
# highlight.sh: the highlighted code sampler (tests/fixtures/books/highlight, one block per
# language) built as PDF and EPUB in both profiles: epubcheck reports no error and no warning;
# the digital PDF draws code in colour (rg) while the print PDF's pages use no colour operator
# but gray (g/G), checked in the page streams qpdf writes uncompressed; the code's text is extracted from the PDF as written; hostile code (deep nesting,
# a block over the size cap) builds quickly. Skipped when hanji has no grammars (outside CI).
# Usage: bash highlight.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
EPUBCHECK=${EPUBCHECK:-/usr/bin/epubcheck}
. "$SRC/tests/e2e/lib/check.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
need_tools java pdftotext qpdf python3
if "$HANJI" --version | grep -q "no grammars"; then
    if [ -n "${CI:-}" ]; then echo "FAIL: hanji was built without the grammars"; exit 1; fi
    echo "skip: hanji was built without the tree-sitter grammars (./setup.sh installs them)"
    echo "highlight: 0 passed, 0 failed"
    exit 0
fi

book=$SRC/tests/fixtures/books/highlight
check "the sampler builds (digital)" "$HANJI" build "$book" -o "$tmp/d" -q
check "the sampler builds (print)" "$HANJI" build "$book" -o "$tmp/p" --profile print -q
pdf_d=$tmp/d/highlighted-code.pdf pdf_p=$tmp/p/highlighted-code.pdf
java -jar "$EPUBCHECK" "$tmp/d/highlighted-code.epub" >"$tmp/epubcheck.log" 2>&1
check "epubcheck: no errors or warnings" grep -q 'No errors or warnings detected' "$tmp/epubcheck.log"
grep -E '^(ERROR|WARNING|FATAL)' "$tmp/epubcheck.log" | head -n 20

# the page streams, uncompressed: every colour operator of the content
streams() {
    qpdf --qdf --object-streams=disable "$1" "$2.qdf" &&
        python3 - "$2.qdf" >"$2.ops" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
# qpdf --qdf marks each page's content stream: the colour operators in them, with operands
for m in re.finditer(rb"%% Contents for page \d+\n.*?stream\n(.*?)endstream", data, re.S):
    for operands, op in re.findall(
            rb"((?:-?[\d.]+[ \t]+){1,4})(rg|RG|k|K|g|G|sc|SC|scn|SCN|cs|CS)(?=\s)", m.group(1)):
        print(op.decode(), " ".join(operands.decode().split()))
PY
}
check "qpdf reads the digital PDF" streams "$pdf_d" "$tmp/d"
check "qpdf reads the print PDF" streams "$pdf_p" "$tmp/p"
check "the digital PDF draws code in colour (rg)" grep -q "^rg 0.61176 0.3098 0.83922$" "$tmp/d.ops"
check "the print PDF uses no colour operator but gray" \
    bash -c "! grep -v -E '^(g|G) ' '$tmp/p.ops' | grep -q ."
check "the print PDF draws comments in grey" grep -q "^g 0.47843$" "$tmp/p.ops"

pdftotext -layout "$pdf_d" "$tmp/d.txt"
check "code reads as written in the PDF (C)" \
    grep -qF 'int main(void) { printf("hi\n"); return 0; }' "$tmp/d.txt"
check "code reads as written in the PDF (Rust)" grep -qF 'let s = "a\nb"; // a comment' "$tmp/d.txt"
check "code reads as written in the PDF (diff)" grep -qF '+title: New' "$tmp/d.txt"

# hostile code: 100,000 nested brackets (plain: HL_MAX_NESTING), 25,000 nested parentheses over
# as many lines, a comment of 300 kB (over HL_MAX_BYTES) and 200 kB of ordinary C (highlighted)
mkdir -p "$tmp/h/book"
printf 'title: Hostile\n' >"$tmp/h/book/book.yaml"
python3 - "$tmp/h/book/01.md" <<'PY'
import sys
n = 100000
with open(sys.argv[1], "w") as f:
    f.write("# Hostile\n\n```json\n" + "[" * n + "]" * n + "\n```\n\n")
    f.write("```python\n" + "x = (1 +\n" * 25000 + "1" + ")" * 25000 + "\n```\n\n")
    f.write("```c\n" + "int a; /* " + "x" * 300000 + " */\n```\n\n")
    f.write("```c\n" + "static int f(int x) { return x * 2 + 1; } /* twice */\n" * 4000 + "```\n")
PY
"$HANJI" build "$tmp/h" --dump=xhtml >"$tmp/h.xhtml" 2>"$tmp/h.err" &
pid=$!
( sleep 60 && kill $pid 2>/dev/null ) &
watchdog=$!
check "hostile code builds within 60 s" wait $pid
kill $watchdog 2>/dev/null
check "... 200 kB of C highlighted" test "$(grep -o 'tok-kw">return' "$tmp/h.xhtml" | wc -l)" -eq 4000
check "... the deep nesting plain" grep -q '<code class="language-python">x = (1 +$' "$tmp/h.xhtml"
check_done highlight
