#!/usr/bin/env bash
# threads.sh: a build on two threads (the default: images decoded, chapters' paragraphs set
# ahead of the pages and the EPUB written beside the text and the PDF, issue 16) gives the same
# files, byte for byte, as a build on one (HANJI_THREADS=1): the sample book, every fixture
# book (the one with every kind of block, cross-references to pages, in the print profile
# too), a book with bad images (the messages too, in the same order), a small generated
# image-heavy book (bench/genimages.py: PNG RGB, palette, RGBA and JPEG when cjpeg is
# installed), a generated text book of 100 pages (bench/genbook.py) and the same with
# paragraphs that warn (characters no face has, met in the last chapter, set ahead, before
# the first, where they are reported) and a very long word in its first and last chapters.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
. "$(dirname "$0")/lib/check.sh"

python3 "$SRC/bench/genimages.py" "$tmp/images-book" 60 2>/dev/null
python3 "$SRC/bench/genbook.py" "$tmp/text-book" 100 >/dev/null
cp -r "$tmp/text-book" "$tmp/warn-book"
chs=("$tmp/warn-book/book"/[0-9]*.md)
wide="Pneumonoultramicroscopicsilicovolcanoconiosispneumonoultramicroscopicsilicovolcanoconiosis"
printf '\nThe last chapter names \xee\x80\x81 and %s here.\n' "$wide" >>"${chs[-1]}"
printf '\nThe first chapter names \xee\x80\x82, \xee\x80\x81 and %s.\n' "$wide" >>"${chs[0]}"
same() { # same NAME PROJECT [OPTION...]: builds on one and on two threads and compares
  local name=$1 proj=$2 st1=0 st2=0
  shift 2
  HANJI_THREADS=1 "$HANJI" build "$proj" "$@" -o "$tmp/one-$name" >"$tmp/one-$name.log" 2>&1 ||
    st1=$?
  "$HANJI" build "$proj" "$@" -o "$tmp/two-$name" >"$tmp/two-$name.log" 2>&1 || st2=$?
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
for b in "$SRC"/tests/fixtures/books/*/; do
  same "$(basename "$b")" "$b"
done
same print-xref-print "$SRC/tests/fixtures/books/print-xref" --profile print
same text "$tmp/text-book"
same warn "$tmp/warn-book"
check "warn: the messages say the word and the characters" \
  grep -q "U+E002" "$tmp/two-warn.log"
same images "$tmp/images-book"
same image-bad "$SRC/tests/cases/image-bad-background"
check_done threads
