#!/usr/bin/env bash
# print_cover.sh: the print cover (book.yaml's cover: block, --profile print) at three page
# counts: the sample book (about 30 pages) and generated books of about 60 and 200 pages, each
# with a cover block on white paper. For each, pdfinfo -box on OUT/NAME-cover.pdf: one page,
# MediaBox width 2 x 6 in + 0.25 in + pages x 0.002252 in (KDP, white paper; pages read from
# the interior PDF) within 0.001 in, height 9.25 in, TrimBox inset 0.125 in, BleedBox = the
# MediaBox; pdffonts: every font embedded; qpdf --check; no annotations; pdftotext of the
# spine: the title and author there above 79 pages, nothing below. Then `hanji check --print`
# reads the cover: the sample's passes every check; the generated books' pass size, boxes,
# spine and barcode and fail on a front image below 300 dpi (the EPUB's 1600 x 2400 cover
# drawing prints at 259 dpi over 6.125 x 9.25 in), and pass with a 300-dpi one.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/check.sh"

# measure PROJECT NAME WANT_SPINE_TEXT: builds the print PDF and cover and checks the cover
measure() {
  local proj=$1 name=$2 spine=$3 out=$tmp/out-$2
  "$HANJI" build "$proj" -o "$out" --pdf --profile print -q || { check "$name: builds" false; return; }
  local pdf cover
  pdf=$(ls "$out"/*.pdf | grep -v -- '-cover\.pdf$')
  cover=$(ls "$out"/*-cover.pdf 2>/dev/null)
  check "$name: the cover is written" test -n "$cover" -a -s "$cover"
  [ -n "$cover" ] || return
  local pages
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  pdfinfo -box "$cover" >"$tmp/box-$name"
  check "$name: cover size for $pages pages" python3 - "$tmp/box-$name" "$pages" <<'PY'
import re, sys
info, pages = open(sys.argv[1]).read(), int(sys.argv[2])
def box(n):
    return [float(v) for v in re.search(r"^%s:\s+(.*)$" % n, info, re.M).group(1).split()]
media, trim, bleed = box("MediaBox"), box("TrimBox"), box("BleedBox")
n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
want_w = 2 * 6 + 0.25 + pages * 0.002252          # inches, KDP white paper
w, h = (media[2] - media[0]) / 72, (media[3] - media[1]) / 72
inset = [trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3]]
ok = (n == 1 and abs(w - want_w) <= 0.001 and abs(h - 9.25) <= 0.001
      and all(abs(i - 9) < 0.01 for i in inset) and bleed == media)
print(f"print_cover: {pages} pages: MediaBox {w:.4f} x {h:.4f} in (want {want_w:.4f} x 9.25),"
      f" TrimBox inset {[round(i, 3) for i in inset]} pt")
sys.exit(0 if ok else 1)
PY
  check "$name: fonts embedded" sh -c "pdffonts '$cover' | tail -n +3 | awk '{ if (\$(NF-4) != \"yes\") bad = 1 } END { exit bad }'"
  check "$name: fonts present" test "$(pdffonts "$cover" | tail -n +3 | wc -l)" -ge 1
  check "$name: qpdf --check" sh -c "qpdf --check '$cover' >/dev/null 2>&1"
  check "$name: no annotations" sh -c "! grep -a -q '/Annots' '$cover'"
  check "$name: no bookmarks" sh -c "! grep -a -q '/Outlines' '$cover'"
  # the spine: from 6.125 in to 6.125 in + pages x 0.002252 in, the whole height
  local x sw text
  x=$(python3 -c "print(int(9 + 432))")
  sw=$(python3 -c "import math; print(max(1, math.floor($pages * 0.002252 * 72)))")
  text=$(pdftotext -r 72 -x "$x" -y 0 -W "$sw" -H 666 "$cover" - 2>/dev/null | tr -s ' \n\f' ' ' | sed 's/^ //; s/ $//')
  if [ "$spine" = yes ]; then
    check "$name: title and author on the spine ($pages pages): '$text'" \
      sh -c "echo '$text' | grep -q 'A Generated Book' && echo '$text' | grep -q 'The Benchmark'"
  else
    check "$name: no spine text at $pages pages: '$text'" test -z "$text"
  fi
  # the back text is there
  check "$name: back text set" sh -c "pdftotext '$cover' - | grep -q 'provincial capital'"
}

# the sample book (white paper, about 30 pages)
measure "$SRC" sample no

# generated books with the sample's cover
for spec in "60 no" "200 yes"; do
  set -- $spec
  proj=$tmp/book$1
  python3 "$SRC/bench/genbook.py" "$proj" "$1" >/dev/null || { check "genbook $1" false; continue; }
  mkdir -p "$proj/images"
  cp "$SRC/images/cover.png" "$proj/images/"
  cp "$SRC/book/cover/back.md" "$proj/book/back-cover.md" # in book/: not taken for a chapter
  printf 'cover:\n  front: ../images/cover.png\n  back-text: back-cover.md\n  paper: white\n' >>"$proj/book/book.yaml"
  # the 60-page book lists no chapters: every book/*.md is one, but the back text
  [ "$1" = 60 ] && sed -i '/^chapters:/,/^[^ ]/{/^  - /d}; /^chapters:/d' "$proj/book/book.yaml"
  measure "$proj" "book$1" "$2"
  [ "$1" = 60 ] && check "book60: the back text is not a chapter" \
    sh -c "! pdftotext '$tmp/out-book60/a-generated-book.pdf' - | grep -q 'provincial capital'"
done

# hanji check --print reads the cover too
"$HANJI" check --print "$SRC" -q >"$tmp/check-sample.txt" 2>&1
check "check --print: the sample's cover passes" grep -q "pass  cover: MediaBox" "$tmp/check-sample.txt"
check "check --print: the sample is ready for print" grep -q "^ready for print" "$tmp/check-sample.txt"
"$HANJI" check --print "$tmp/book200" -q >"$tmp/check.txt" 2>&1
check "check --print: cover size passes" grep -q "pass  cover: MediaBox" "$tmp/check.txt"
check "check --print: cover boxes pass" grep -q "pass  cover: TrimBox inset" "$tmp/check.txt"
check "check --print: spine text passes" grep -q "pass  cover: spine text 0.0625 in clear" "$tmp/check.txt"
check "check --print: barcode area passes" grep -q "pass  cover: barcode area" "$tmp/check.txt"
check "check --print: the 259-dpi front image fails" grep -q "FAIL  cover: images at 300 dpi or more (least 259 dpi)" "$tmp/check.txt"
check "check --print: exit 1 on the failing cover" test "$(
  "$HANJI" check --print "$tmp/book200" -q >/dev/null 2>&1
  echo $?
)" = 1
"$HANJI" check --print "$tmp/book60" -q >"$tmp/check60.txt" 2>&1
check "check --print: no spine text below 80 pages passes" grep -q "pass  cover: no text on the spine below 80 pages" "$tmp/check60.txt"
# a front image at 300 dpi or more: the cover passes every check
python3 - "$tmp/book200/images/big.png" <<'PY'
import struct, sys, zlib
w, h = 1900, 2800   # 6.125 x 9.25 in at 300 dpi needs 1838 x 2775
row = b"\x00" + bytes([30, 50, 80]) * w
raw = zlib.compress(row * h, 9)
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
PY
sed -i 's#front: ../images/cover.png#front: ../images/big.png#' "$tmp/book200/book/book.yaml"
check "check --print: a 300-dpi front image makes the cover pass" sh -c "'$HANJI' check --print '$tmp/book200' -q >'$tmp/check2.txt' 2>&1"
grep -q "ready for print" "$tmp/check2.txt" || cat "$tmp/check2.txt"
# ingramspark is refused with a message at its place in book.yaml
printf 'cover:\n  service: ingramspark\n' >>"$tmp/book60/book/book.yaml"
"$HANJI" build "$tmp/book60" -o "$tmp/ing" --pdf --profile print >"$tmp/ing.txt" 2>&1
check "service: ingramspark is an error" grep -q "book.yaml:[0-9]*:[0-9]*: error: cover service 'ingramspark' is not supported" "$tmp/ing.txt"
check_done print_cover
