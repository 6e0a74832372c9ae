#!/usr/bin/env bash
# threads.sh: a build on two threads (the default: images decoded and the EPUB written beside
# the text and the PDF, issue 16) gives the same files, byte for byte, as a build on one
# (HANJI_THREADS=1): the sample book, the fixture book with every kind of block, a book with
# bad images (the messages too, in the same order) and a small generated image-heavy book
# (bench/genimages.py: PNG RGB, palette, RGBA and JPEG when cjpeg is installed).
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
. "$(dirname "$0")/lib/check.sh"

python3 "$SRC/bench/genimages.py" "$tmp/images-book" 60 2>/dev/null
same() { # same NAME PROJECT: builds on one and on two threads and compares
  local name=$1 proj=$2 st1=0 st2=0
  HANJI_THREADS=1 "$HANJI" build "$proj" -o "$tmp/one-$name" >"$tmp/one-$name.log" 2>&1 || st1=$?
  "$HANJI" build "$proj" -o "$tmp/two-$name" >"$tmp/two-$name.log" 2>&1 || st2=$?
  check "$name: same exit status ($st1, $st2)" test "$st1" = "$st2"
  check "$name: same messages" cmp -s <(sed "s|$tmp/one-|OUT-|g" "$tmp/one-$name.log") \
    <(sed "s|$tmp/two-|OUT-|g" "$tmp/two-$name.log")
  local n=0
  for f in "$tmp/one-$name"/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    check "$name: $(basename "$f") identical" cmp "$f" "$tmp/two-$name/$(basename "$f")"
  done
  [ "$st1" != 0 ] || check "$name: both outputs written ($n)" test "$n" -ge 2
}
same sample "$SRC"
same all "$SRC/tests/fixtures/books/all"
same images "$tmp/images-book"
same image-bad "$SRC/tests/cases/image-bad-background"
check_done threads
