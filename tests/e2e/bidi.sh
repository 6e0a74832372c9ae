#!/usr/bin/env bash
# bidi.sh: right-to-left text (issue 14), from the layout-rtl case's Hebrew and Arabic book
# (lang: he, so the book reads right to left) and a left-to-right book with one Hebrew
# paragraph, built as PDF and EPUB:
#  - the Hebrew test paragraph's words come out of the PDF (pdftotext) in logical order;
#  - an Arabic word's marks sit where HarfBuzz puts them: the glyph positions of the layout
#    dump against hb-shape's offsets for the same face, size and direction;
#  - its letters are drawn by their joining forms (glyph ids, not the isolated letters);
#  - the EPUB: dir="rtl" on html and body, page-progression-direction="rtl" on the spine, and
#    dir="auto" on the Hebrew paragraph of the left-to-right book; epubcheck: no error and no
#    warning for both;
#  - the PDF catalog: /Lang he or en, /ViewerPreferences /Direction /R2L in the RTL book only.
# Usage: bash bidi.sh /path/to/hanji /path/to/source-dir
set -u
export LC_ALL=C.UTF-8 # hb-shape reads its text argument, java opens the UTF-8 file name
HANJI=$1
SRC=$2
EPUBCHECK=${EPUBCHECK:-/usr/bin/epubcheck}
. "$SRC/tests/e2e/lib/check.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

need_tools pdftotext python3 unzip hb-shape fc-list qpdf

cp -r "$SRC/tests/cases/layout-rtl" "$tmp/rtl"
check "the RTL book builds" "$HANJI" build "$tmp/rtl" -o "$tmp/rtl/out" -v 2>"$tmp/rtl.err" >/dev/null
pdf=$(ls "$tmp"/rtl/out/*.pdf 2>/dev/null | head -n 1)
epub=$(ls "$tmp"/rtl/out/*.epub 2>/dev/null | head -n 1)
[ -n "$pdf" ] && [ -n "$epub" ] || { echo "FAIL: no outputs"; cat "$tmp/rtl.err"; exit 1; }

# 1. logical order in the PDF's text. pdftotext wraps right-to-left lines in embedding marks
# (U+202A..U+202C): drop them; the paragraph's first line then reads as written.
pdftotext "$pdf" - | python3 -c '
import sys
t = sys.stdin.read()
for c in "\u202a\u202b\u202c\u202d\u202e\u200e\u200f":
    t = t.replace(c, "")
sys.stdout.write(t)' >"$tmp/rtl.txt"
# (the words, not the punctuation: poppler's own reordering puts a full stop between two
# right-to-left words after the space)
check "Hebrew words in logical order in the PDF text" python3 - "$tmp/rtl.txt" <<'EOF'
import re, sys
para = "שלום עולם. זהו ספר קטן בעברית, והמילים צריכות להופיע מימין לשמאל. יש בו גם"
want = re.findall(r"[\u05d0-\u05ea]+", para)
got = re.findall(r"[\u05d0-\u05ea]+", open(sys.argv[1], encoding="utf-8").read())
if not any(got[i:i + len(want)] == want for i in range(len(got))):
    sys.exit("not in order: " + " ".join(got[:16]))
EOF
check "Hebrew list items in logical order" grep -q 'פריט ראשון' "$tmp/rtl.txt"
check "Arabic words in logical order" grep -q 'هذا كتاب صغير' "$tmp/rtl.txt"

# 2. the Arabic marks against HarfBuzz: the face that draws Arabic (hanji -v says), its file
face=$(sed -n 's/^hanji: \(.*\) (installed) draws .*/\1/p' "$tmp/rtl.err" | grep -v Hebrew | head -n 1)
font=$(fc-list ":postscriptname=$face" file | head -n 1 | sed 's/: *$//')
"$HANJI" build "$tmp/rtl" --dump=layout >"$tmp/rtl.dump" 2>/dev/null
word='بِسْمِ'
if [ -z "$font" ]; then
  echo "FAIL: no installed face draws Arabic ($face)"
  fail=$((fail + 1))
else
  hb-shape --no-glyph-names --direction=rtl --script=arab --cluster-level=1 \
    --features='kern=1,liga=0,clig=0,dlig=0' --output-format=json "$font" "$word" >"$tmp/hb.json"
  check "the Arabic word's glyphs sit at HarfBuzz's positions" python3 - "$tmp/rtl.dump" "$tmp/hb.json" "$word" "$font" <<'EOF'
import json, re, sys
dump, hb, word, font = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3], sys.argv[4]
import struct
data = open(font, "rb").read()
# unitsPerEm from the head table
n = struct.unpack(">H", data[4:6])[0]
upem = None
for i in range(n):
    tag, _, off, _ = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
    if tag == b"head":
        upem = struct.unpack(">H", data[off + 18: off + 20])[0]
visual = word[::-1]
line = next((l for l in open(dump, encoding="utf-8") if '"%s"' % visual in l), None)
if not line:
    sys.exit("the word is not in the dump")
size = float(line.split()[2])
m = re.search(r" scale ([0-9.]+)", line)
scale = float(m.group(1)) if m else 1.0
glyphs = [(int(g), float(x), float(y)) for g, x, y in re.findall(r" g(-?\d+)@(-?[0-9.]+),(-?[0-9.]+)", line)]
if len(glyphs) != len(hb):
    sys.exit("%d glyphs in the dump, %d from hb-shape" % (len(glyphs), len(hb)))
k = size / upem
pen, bad, marks = 0.0, [], 0
for (gid, x, y), h in zip(glyphs, hb):
    want_x = (pen + h["dx"]) * k * scale
    want_y = -h["dy"] * k
    if h["dy"]:
        marks += 1
    if gid > 0 and gid != h["g"]:
        bad.append("glyph %d, HarfBuzz %d" % (gid, h["g"]))
    if abs(x - want_x) > 0.15 or abs(y - want_y) > 0.05:
        bad.append("glyph %d at %.2f,%.2f, HarfBuzz %.2f,%.2f" % (h["g"], x, y, want_x, want_y))
    pen += h["ax"]
if marks == 0:
    bad.append("HarfBuzz moved no mark off the baseline")
if bad:
    sys.exit("; ".join(bad))
EOF
  # joined: the word's letters are drawn by glyph ids (joining forms)
  check "the Arabic letters are drawn by their joining forms" \
    grep -Eq "\"$(python3 -c 'import sys; print(sys.argv[1][::-1])' "$word")\".* g[1-9][0-9]*@" "$tmp/rtl.dump"
fi

# 3. the EPUB's direction
unzip -o -q "$epub" -d "$tmp/rtl/x"
opf=$(find "$tmp/rtl/x" -name '*.opf' | head -n 1)
chap=$(grep -l 'بِسْمِ' "$tmp"/rtl/x/*/*.xhtml "$tmp"/rtl/x/*.xhtml 2>/dev/null | head -n 1)
check "spine page-progression-direction=rtl" grep -q '<spine[^>]*page-progression-direction="rtl"' "$opf"
check "html dir=rtl" grep -q '<html [^>]*dir="rtl"' "$chap"
check "body dir=rtl" grep -q '<body[^>]* dir="rtl"' "$chap"

# 4. one Hebrew paragraph in a left-to-right book: dir="auto" in the EPUB, right-aligned in
# the PDF (its first line ends at the measure's right edge)
mkdir -p "$tmp/ltr/book"
printf 'title: A small book\nlang: en\n' >"$tmp/ltr/book/book.yaml"
printf '# One\n\nAn English paragraph, long enough to be set on more than one line of the page, as a paragraph should be.\n\nשלום עולם. זהו ספר קטן בעברית, והמילים צריכות להופיע מימין לשמאל, גם בספר באנגלית.\n' \
  >"$tmp/ltr/book/01.md"
check "the LTR book builds" "$HANJI" build "$tmp/ltr" -o "$tmp/ltr/out" -q
unzip -o -q "$tmp"/ltr/out/*.epub -d "$tmp/ltr/x"
check "dir=auto on the Hebrew paragraph" grep -rq '<p dir="auto">.*שלום' "$tmp/ltr/x"
check "no dir=auto on the English one" grep -rq '<p>An English' "$tmp/ltr/x"
check "no dir=rtl in an LTR book" bash -c "! grep -rq 'dir=\"rtl\"' '$tmp/ltr/x'"

# 4. the PDF catalog: /Lang, and pages that read right to left in a two-page view (/Direction)
qpdf --qdf --object-streams=disable "$pdf" "$tmp/rtl.qdf"
qpdf --qdf --object-streams=disable "$tmp"/ltr/out/*.pdf "$tmp/ltr.qdf"
check "the RTL PDF says /Lang (he)" grep -aq '^  /Lang (he)' "$tmp/rtl.qdf"
check "the RTL PDF reads right to left (/Direction /R2L)" grep -aq '/Direction /R2L' "$tmp/rtl.qdf"
check "the LTR PDF says /Lang (en)" grep -aq '^  /Lang (en)' "$tmp/ltr.qdf"
check "the LTR PDF has no /Direction" bash -c "! grep -aq '/Direction' '$tmp/ltr.qdf'"
for q in rtl ltr; do
  check "the $q PDF shows its title in the window (/DisplayDocTitle)" \
    grep -aq '/DisplayDocTitle true' "$tmp/$q.qdf"
done
"$HANJI" build "$tmp/ltr" --dump=layout >"$tmp/ltr.dump" 2>/dev/null
check "the Hebrew paragraph of an LTR book is set right to left, flush right" python3 - "$tmp/ltr.dump" <<'EOF'
import re, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.startswith("  text")]
# the runs of the line holding "שלום" (drawn reversed: "םולש")
row = [l for l in lines if '"םולש"' in l]
if not row:
    sys.exit("no Hebrew first word")
y = row[0].split()[4]
same = [l for l in lines if l.split()[4] == y]
xs = [float(l.split()[3]) for l in same]
first = float(row[0].split()[3])
if first != max(xs):
    sys.exit("the first word is not the rightmost on its line")
EOF

# 5. epubcheck
if command -v java >/dev/null 2>&1 && [ -r "$EPUBCHECK" ]; then
  for e in "$epub" "$tmp"/ltr/out/*.epub; do
    java -jar "$EPUBCHECK" "$e" >"$tmp/epubcheck.log" 2>&1
    rc=$?
    if [ $rc -ne 0 ] || grep -qE '^(ERROR|WARNING|FATAL)' "$tmp/epubcheck.log"; then
      echo "FAIL: epubcheck $(basename "$e") (exit $rc)"
      grep -E '^(ERROR|WARNING|FATAL)' "$tmp/epubcheck.log" | head -n 10
      fail=$((fail + 1))
    else
      pass=$((pass + 1))
    fi
  done
else
  echo "FAIL: epubcheck not available"
  fail=$((fail + 1))
fi
check_done bidi
