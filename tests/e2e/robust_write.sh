#!/usr/bin/env bash
# robust_write.sh: a build that fails while writing never costs the author a file. The disk
# filling up (ulimit -f), kill -9 and SIGINT at many moments of a build (before, during and
# after the outputs are written): afterwards each output is byte-for-byte either the previous
# file or the new one, and no temporary file is left in the output folder or in TMPDIR.
# The book is the sample plus a picture of noise, so the outputs take a while to write.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/check.sh"
export SOURCE_DATE_EPOCH=1700000000 # the same sources give the same bytes
export TMPDIR=$tmp/tmpdir           # pdf.c's font subsets go here: must stay empty
mkdir -p "$TMPDIR"
p=$tmp/p
mkdir -p "$p"
cp -r "$SRC/book" "$SRC/images" "$p/"
python3 "$SRC/tests/fixtures/robust/noise_png.py" 1000 1000 "$p/images/noise.png"
printf '\n![Noise](../images/noise.png)\n' >>"$p/book/01-city.md"

out=$tmp/out
"$HANJI" build "$p" -o "$out" -q || { echo "FAIL: the book does not build"; exit 1; }
cp "$out/hamhung.pdf" "$tmp/old.pdf"
cp "$out/hamhung.epub" "$tmp/old.epub"
printf '\nA paragraph added after the first build.\n' >>"$p/book/02-industry.md"
"$HANJI" build "$p" -o "$tmp/ref" -v -q 2>"$tmp/timing" || { echo "FAIL: new build"; exit 1; }
cp "$tmp/ref/hamhung.pdf" "$tmp/new.pdf"
cp "$tmp/ref/hamhung.epub" "$tmp/new.epub"
check "the new outputs differ from the old" sh -c "! cmp -s '$tmp/old.pdf' '$tmp/new.pdf'"

reset_out() { cp "$tmp/old.pdf" "$out/hamhung.pdf"; cp "$tmp/old.epub" "$out/hamhung.epub"; }
# which FILE: "old", "new" or "broken"
which() {
  if cmp -s "$out/$1" "$tmp/old.${1##*.}"; then echo old
  elif cmp -s "$out/$1" "$tmp/new.${1##*.}"; then echo new
  else echo broken; fi
}
entries() { ls -A "$1" | wc -l; }

# ---- the disk fills up (file size limit) -----------------------------------------------------
epub_kb=$(($(stat -c %s "$tmp/new.epub") / 1024))
pdf_kb=$(($(stat -c %s "$tmp/new.pdf") / 1024))
reset_out
(ulimit -f $((epub_kb / 2)); "$HANJI" build "$p" -o "$out") >/dev/null 2>"$tmp/full.err"
st=$?
check "disk full: exit status 1 (got $st)" test $st = 1
check "disk full: the message names the file and the reason" \
  grep -q "error: cannot write '.*hamhung.epub': File too large" "$tmp/full.err"
check "disk full: nothing written" grep -q "nothing written" "$tmp/full.err"
check "disk full: the EPUB is the previous one" test "$(which hamhung.epub)" = old
check "disk full: the PDF is the previous one" test "$(which hamhung.pdf)" = old
check "disk full: no temporary in the output folder" test "$(entries "$out")" = 2
check "disk full: nothing left in TMPDIR" test "$(entries "$TMPDIR")" = 0
if [ "$pdf_kb" -gt $((epub_kb + 8)) ]; then
  # room for the EPUB but not the PDF: both outputs are staged before either replaces its
  # predecessor, so both must still be the previous ones
  reset_out
  (ulimit -f $((epub_kb + 4)); "$HANJI" build "$p" -o "$out") >/dev/null 2>"$tmp/full2.err"
  check "disk full on the PDF: exit status 1" test $? = 1
  check "disk full on the PDF: the PDF is the previous one" test "$(which hamhung.pdf)" = old
  check "disk full on the PDF: the EPUB is the previous one" test "$(which hamhung.epub)" = old
  check "disk full on the PDF: no temporary" test "$(entries "$out")" = 2
fi

# ---- kill -9 and SIGINT at moments spread over the whole build ---------------------------------
# phase timings (-v) say when writing starts; kills land from early in the build to past its end
total_ms=$(awk '/hanji: [a-z]+ +[0-9.]+ ms/ {s += $3} END {printf "%d", s}' "$tmp/timing")
write_ms=$(awk '/hanji: write / {printf "%d", $3}' "$tmp/timing")
[ -n "$total_ms" ] && [ "$total_ms" -gt 0 ] || total_ms=2000
[ -n "$write_ms" ] || write_ms=100
start_ms=$((total_ms - write_ms))
declare -A seen=()
for sig in KILL INT; do
  for frac in 50 95 100 104 108 130; do
    delay_ms=$((start_ms * frac / 100))
    [ "$frac" -gt 100 ] && delay_ms=$((start_ms + write_ms * (frac - 100) / 10))
    reset_out
    # a non-interactive shell starts background jobs with SIGINT ignored: restore it
    env --default-signal=INT "$HANJI" build "$p" -o "$out" -q 2>/dev/null &
    pid=$!
    sleep "$(awk -v ms="$delay_ms" 'BEGIN {printf "%.3f", ms / 1000}')"
    kill -s "$sig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    st=$?
    e=$(which hamhung.epub) pdf=$(which hamhung.pdf)
    seen[$sig-$e-$pdf]=1
    check "$sig at ${delay_ms} ms: status is 0 or the signal's (got $st)" \
      sh -c "[ $st = 0 ] || [ $st = 137 ] || [ $st = 130 ]"
    check "$sig at ${delay_ms} ms: the EPUB is the old or the new one" test "$e" != broken
    check "$sig at ${delay_ms} ms: the PDF is the old or the new one" test "$pdf" != broken
    check "$sig at ${delay_ms} ms: nothing left in TMPDIR" test "$(entries "$TMPDIR")" = 0
    if [ "$sig" = INT ]; then
      check "INT at ${delay_ms} ms: no temporary in the output folder" test "$(entries "$out")" = 2
    else
      # kill -9 between link and rename can leave one named temporary: the next build removes it
      n=$(entries "$out")
      if [ "$n" != 2 ]; then
        "$HANJI" build "$p" -o "$out" -q
        check "a temporary left by kill -9 is removed by the next build" test "$(entries "$out")" = 2
      fi
    fi
  done
done
echo "outcomes (signal-epub-pdf): ${!seen[*]}"

check_done
