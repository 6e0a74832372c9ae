#!/usr/bin/env bash
# watch_cover.sh: `hanji watch --profile print` keeps the print cover in step with the page
# count. On a copy of the sample book (cover: block, white paper), the watcher's first build
# writes NAME-cover.pdf; a chapter appended to the book makes the interior longer and the
# rebuild's cover wider by exactly (new pages - old pages) x 0.002252 in, byte-identical to a
# fresh build's; an edit that keeps the page count keeps the cover's size; SIGINT ends it.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
wpid=
cleanup() {
  [ -n "$wpid" ] && kill "$wpid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
export SOURCE_DATE_EPOCH=1700000000 # outputs of different runs compare
. "$(dirname "$0")/lib/check.sh"

P=$tmp/p
mkdir -p "$P"
cp -r "$SRC/book" "$SRC/images" "$P/"
OUT=$tmp/out
LOG=$tmp/watch.log

wait_build() {
  local n=$1 i
  for ((i = 0; i < 1200; i++)); do
    if grep -q "^hanji: build $n: " "$LOG"; then echo ok; return; fi
    if grep -q "^hanji: build $n failed" "$LOG"; then echo failed; return; fi
    if ! kill -0 "$wpid" 2>/dev/null; then echo died; return; fi
    sleep 0.1
  done
  echo timeout
}
pages() { pdfinfo "$OUT/hamhung.pdf" | awk '/^Pages:/ {print $2}'; }
cover_w() { pdfinfo -box "$OUT/hamhung-cover.pdf" | awk '/^MediaBox:/ {print $4 - $2}'; }
# the cover's width (pt) is KDP's for the interior's page count, within 0.001 in
width_ok() {
  python3 -c "import sys; w, n = float(sys.argv[1]), int(sys.argv[2]); \
sys.exit(0 if abs(w / 72 - (12.25 + n * 0.002252)) <= 0.001 else 1)" "$(cover_w)" "$(pages)"
}
same_as_fresh() {
  rm -rf "$tmp/fresh"
  "$HANJI" build "$P" -o "$tmp/fresh" --profile print -q 2>/dev/null || return 1
  cmp -s "$tmp/fresh/hamhung-cover.pdf" "$OUT/hamhung-cover.pdf" &&
    cmp -s "$tmp/fresh/hamhung.pdf" "$OUT/hamhung.pdf"
}

"$HANJI" watch "$P" -o "$OUT" --profile print >"$LOG" 2>&1 &
wpid=$!
check "first build" test "$(wait_build 1)" = ok
check "first build wrote the cover" test -s "$OUT/hamhung-cover.pdf"
check "the cover fits the page count ($(pages) pages)" width_ok
for ((i = 0; i < 100; i++)); do grep -q "watching" "$LOG" && break; sleep 0.1; done
p1=$(pages)
w1=$(cover_w)

# a longer book: a chapter of twenty paragraphs appended to the last one
ch=$P/book/05-getting-there.md
for i in $(seq 1 20); do
  printf '\nThe line follows the coast north from the port, and the traveller who takes it in\nwinter sees the fields under snow, the villages close to the track, the river mouths\nfrozen at their edges and the sea beyond them grey and quiet; paragraph %d.\n' "$i"
done >>"$ch"
check "appending text rebuilds" test "$(wait_build 2)" = ok
p2=$(pages)
w2=$(cover_w)
check "the interior grew ($p1 -> $p2 pages)" test "$p2" -gt "$p1"
check "the cover grew with it ($w1 -> $w2 pt)" width_ok
check "the rebuilt cover equals a fresh build's" same_as_fresh

# an edit that keeps the page count keeps the cover's size
sed -i 's/paragraph 20\./paragraph twenty./' "$ch"
check "a small edit rebuilds" test "$(wait_build 3)" = ok
check "same page count, same cover width" test "$(pages) $(cover_w)" = "$p2 $w2"
check "the cover still equals a fresh build's" same_as_fresh

kill -INT "$wpid"
wait "$wpid"
rc=$?
wpid=
check "SIGINT exits with status 0" test "$rc" = 0
check "no temporary files in the output folder" \
  test -z "$(ls -A "$OUT" | grep -v '^hamhung\(-cover\)\?\.\(pdf\|epub\)$')"
[ "$fail" -gt 0 ] && { echo "--- watch log:"; cat "$LOG"; }
check_done watch_cover
