#!/usr/bin/env bash
# print_profile.sh: --profile print on generated books of about 30, 200 and 400 pages whose
# book.yaml asks for a thin inside margin (0.3 in) and small outer margins: pdfinfo -box shows
# the TrimBox (and with bleed the 0.125 in BleedBox and media box) on every page, the page
# count is even, no link annotations or bookmarks are left, the inside margin measured with
# pdftotext -bbox is at least KDP's minimum for that page count (0.375 / 0.5 / 0.625 in) and
# the outside ones at least 0.25 in (0.375 in with bleed), and `hanji check --print` passes;
# on a book that cannot pass (150-dpi images, 14 pages) it fails with exit 1.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
for spec in "30 0" "200 0" "400 1"; do
  set -- $spec
  pages=$1 bleed=$2
  proj=$tmp/book$pages
  python3 "$SRC/bench/genbook.py" "$proj" "$pages" >/dev/null || { bad "genbook $pages"; continue; }
  # thin margins: the print profile must raise them
  sed -i '/^margins:/,/^[^ ]/{/^  /d}; /^margins:/d' "$proj/book/book.yaml"
  printf 'margins:\n  inner: 0.3in\n  outer: 0.2in\n  top: 0.5in\n  bottom: 0.2in\n' >>"$proj/book/book.yaml"
  [ "$bleed" = 1 ] && echo "bleed: true" >>"$proj/book/book.yaml"
  "$HANJI" build "$proj" -o "$tmp/out$pages" --pdf --profile print -q || { bad "build $pages"; continue; }
  pdf=$(ls "$tmp/out$pages"/*.pdf)
  pdfinfo -box -f 1 -l 99999 "$pdf" >"$tmp/info$pages" 2>/dev/null
  python3 - "$tmp/info$pages" "$bleed" "$pages" <<'PY' || fail=1
import re, sys
info, bleed = open(sys.argv[1]).read(), sys.argv[2] == "1"
n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
ok = True
def box(name):
    return [tuple(float(v) for v in m.split()) for m in re.findall(r"^Page\s+\d+ %s:\s+(.*)$" % name, info, re.M)]
trim, media, bl = box("TrimBox"), box("MediaBox"), box("BleedBox")
want_trim = (9.0, 9.0, 441.0, 657.0) if bleed else (0.0, 0.0, 432.0, 648.0)
want_media = (0.0, 0.0, 450.0, 666.0) if bleed else (0.0, 0.0, 432.0, 648.0)
if n % 2: print("FAIL: odd page count", n); ok = False
if len(trim) != n or any(t != want_trim for t in trim): print("FAIL: TrimBox", set(trim)); ok = False
if any(m != want_media for m in media): print("FAIL: MediaBox", set(media)); ok = False
if bleed and any(b != want_media for b in bl): print("FAIL: BleedBox", set(bl)); ok = False
print(f"print_profile: {n} pages (asked ~{sys.argv[3]}), boxes ok" if ok else "")
sys.exit(0 if ok else 1)
PY
  n=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  grep -a -q '/Annots' "$pdf" && bad "$pages: link annotations in print"
  grep -a -q '/Outlines' "$pdf" && bad "$pages: bookmarks in print"
  pdftotext -bbox "$pdf" "$tmp/bbox$pages.html" 2>/dev/null
  python3 - "$tmp/bbox$pages.html" "$n" "$bleed" <<'PY' || fail=1
import re, sys
html, n, bleed = open(sys.argv[1], encoding="utf-8").read(), int(sys.argv[2]), sys.argv[3] == "1"
need_in = 0.375 if n <= 150 else 0.5 if n <= 300 else 0.625 if n <= 500 else 0.75 if n <= 700 else 0.875
need_out = 0.375 if bleed else 0.25
b = 9.0 if bleed else 0.0
pages = html.split("<page ")[1:]
least_in = least_out = 99.0
for i, p in enumerate(pages):
    words = [tuple(float(v) for v in m) for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', p)]
    if not words: continue
    x0 = min(w[0] for w in words) - b; x1 = max(w[2] for w in words) - b
    y0 = min(w[1] for w in words) - b; y1 = max(w[3] for w in words) - b
    recto = i % 2 == 0
    inside, outside = (x0, 432 - x1) if recto else (432 - x1, x0)
    least_in = min(least_in, inside / 72)
    least_out = min(least_out, outside / 72, y0 / 72, (648 - y1) / 72)
ok = least_in >= need_in - 0.002 and least_out >= need_out - 0.002
print(("" if ok else "FAIL: ") + f"{n} pages: inside {least_in:.3f} in (need {need_in}), outside/top/bottom {least_out:.3f} in (need {need_out})")
sys.exit(0 if ok else 1)
PY
  out=$("$HANJI" check --print "$proj" -q 2>&1) || { bad "$pages: hanji check --print failed:"; echo "$out"; }
done
# a book that cannot pass: 150-dpi images and 14 pages
if "$HANJI" check --print "$SRC/tests/fixtures/books/print-xref" -q >"$tmp/check.txt" 2>&1; then
  bad "check --print passed a 14-page book with 150-dpi images"
fi
grep -q "FAIL  images at 300 dpi" "$tmp/check.txt" || { bad "no dpi failure:"; cat "$tmp/check.txt"; }
grep -q "FAIL  page count within" "$tmp/check.txt" || bad "no page-count failure"
[ $fail = 0 ] && echo "print_profile: ok"
exit $fail
