#!/usr/bin/env bash
# watch_edits.sh: `hanji watch` driven by editing files the ways editors do. Runs the watcher in
# the background on a copy of the sample book and, after each edit, waits for its status line
# and compares the outputs with a fresh `hanji build` of the same sources (byte for byte):
#   in-place write, write-then-rename (with vim's 4913 probe and swap/backup files, which alone
#   must not trigger a build), delete and re-create, an edit that fails (last good outputs kept)
#   then its fix, an image in a folder that appears after the watcher started; then SIGINT:
#   exit status 0 and no temporary files left. Last, `watch bk -o .`: an output folder that
#   holds the project still rebuilds on edits.
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
rm -rf "$P/book/out"
OUT=$tmp/out
LOG=$tmp/watch.log

# wait_build N: waits (up to 120 s: debug and sanitizer builds are slow) for build N's status
# line; prints "ok" or "failed" for it.
wait_build() {
  local n=$1 i
  for ((i = 0; i < 1200; i++)); do
    if grep -qs "^hanji: build $n: " "$LOG"; then echo ok; return; fi
    if grep -qs "^hanji: build $n failed" "$LOG"; then echo failed; return; fi
    if ! kill -0 "$wpid" 2>/dev/null; then echo died; return; fi
    sleep 0.1
  done
  echo timeout
}
# same_as_fresh: the watcher's outputs equal a fresh build's
same_as_fresh() {
  rm -rf "$tmp/fresh"
  "$HANJI" build "$P" -o "$tmp/fresh" -q || return 1
  cmp -s "$tmp/fresh/hamhung.pdf" "$OUT/hamhung.pdf" &&
    cmp -s "$tmp/fresh/hamhung.epub" "$OUT/hamhung.epub"
}
builds() { grep -c "^hanji: build [0-9]*[: ]" "$LOG"; }

"$HANJI" watch "$P" -o "$OUT" >"$LOG" 2>&1 &
wpid=$!
check "first build" test "$(wait_build 1)" = ok
check "first build wrote both outputs" test -s "$OUT/hamhung.pdf" -a -s "$OUT/hamhung.epub"
check "first build equals a fresh build" same_as_fresh
check "first build parsed every chapter" grep -q "^hanji: build 1: .* 5 of 5 chapters parsed" "$LOG"
# let the watcher reach its loop before the first edit (the watches exist before build 1)
for ((i = 0; i < 100; i++)); do grep -q "watching" "$LOG" && break; sleep 0.1; done

# 1. write in place (truncate and write, like `cat >` or an editor with backupcopy=yes)
ch=$P/book/02-industry.md
# (<mark> is an HTML element hanji does not support: a warning, once per chapter)
{ cat "$ch"; printf '\nA paragraph added in place, with *emphasis*, <b>raw HTML</b>, <mark>an unsupported element</mark> and a footnote.[^w]\n\n[^w]: Added.\n'; } >"$tmp/new"
cat "$tmp/new" >"$ch"
check "in-place write rebuilds" test "$(wait_build 2)" = ok
check "in-place write equals a fresh build" same_as_fresh
check "only the edited chapter was parsed again" grep -q "^hanji: build 2: .* 1 of 5 chapters parsed" "$LOG"

# 2. editor noise alone (vim's probe file, swap and backup files) triggers nothing
n=$(builds)
: >"$P/book/4913"; rm "$P/book/4913"
echo swap >"$P/book/.03-hungnam.md.swp"
echo backup >"$P/book/03-hungnam.md~"
echo tmp >"$P/book/#03-hungnam.md#"
sleep 1
check "swap, backup and probe files do not trigger a build" test "$(builds)" = "$n"
rm -f "$P/book/.03-hungnam.md.swp" "$P/book/03-hungnam.md~" "$P/book/#03-hungnam.md#"
sleep 0.3

# 3. write-then-rename (vim's default, gedit, VS Code's atomic save), with the probe on the way
ch=$P/book/03-hungnam.md
new=$(sed 's/Hŭngnam/Hungnam/' "$ch")
: >"$P/book/4913"; rm "$P/book/4913"
mv "$ch" "$ch~"                                  # vim: the original becomes the backup
printf '%s\n' "$new" >"$P/book/.03-hungnam.md.tmp123" # others: a temporary file...
mv "$P/book/.03-hungnam.md.tmp123" "$ch"         # ...renamed over the original
rm "$ch~"
check "write-then-rename rebuilds" test "$(wait_build 3)" = ok
check "write-then-rename equals a fresh build" same_as_fresh
# the unchanged chapter's warning (<mark>) is reported again by the build that reused it
check "a cached chapter's warnings are reported again" \
  test "$(grep -c '02-industry.md:[0-9:]* warning: HTML element <mark>' "$LOG")" -eq 2
w2=$(sed -n 's/^hanji: build 2: [0-9]* pages, \([0-9]*\) warning.*/\1/p' "$LOG")
w3=$(sed -n 's/^hanji: build 3: [0-9]* pages, \([0-9]*\) warning.*/\1/p' "$LOG")
check "warning counts agree between builds ($w2, $w3)" test -n "$w2" -a "$w2" != 0 -a "$w2" = "$w3"
check "exactly one build for the whole save" test "$(builds)" = 3

# 4. an edit that fails: a missing image; the last good outputs stay
cp "$OUT/hamhung.pdf" "$tmp/good.pdf"
cp "$OUT/hamhung.epub" "$tmp/good.epub"
ch=$P/book/04-pujon.md
cp "$ch" "$tmp/04.orig"
printf '\n![A new figure.](../images/later/new.png)\n' >>"$ch"
check "a broken edit fails" test "$(wait_build 4)" = failed
check "the failure is reported with its location" grep -q "04-pujon.md:[0-9]*:[0-9]*: error: image" "$LOG"
check "the last good PDF is kept" cmp -s "$tmp/good.pdf" "$OUT/hamhung.pdf"
check "the last good EPUB is kept" cmp -s "$tmp/good.epub" "$OUT/hamhung.epub"

# 5. the fix: the image appears in a folder created after the watcher started
mkdir "$P/images/later"
cp "$P/images/flags.png" "$P/images/later/new.png"
check "an image in a new folder fixes the build" test "$(wait_build 5)" = ok
check "the fixed build equals a fresh build" same_as_fresh
# the new folder is watched: replacing the image rebuilds
cp "$P/images/skyline.png" "$P/images/later/new.png"
check "changing the image in the new folder rebuilds" test "$(wait_build 6)" = ok
check "the new image equals a fresh build" same_as_fresh

# 6. delete and re-create a chapter (a failure in between: book.yaml lists it)
ch=$P/book/05-getting-there.md
cp "$ch" "$tmp/05"
rm "$ch"
check "deleting a listed chapter fails" test "$(wait_build 7)" = failed
check "the PDF survives the failed build" test -s "$OUT/hamhung.pdf"
cp "$tmp/05" "$ch"
check "re-creating the chapter rebuilds" test "$(wait_build 8)" = ok
check "the re-created chapter equals a fresh build" same_as_fresh

# 7. back to the original text: the cache must not serve stale trees
cp "$tmp/04.orig" "$P/book/04-pujon.md"
check "restoring a chapter rebuilds" test "$(wait_build 9)" = ok
check "the restored book equals a fresh build" same_as_fresh

# 8. Ctrl-C: exit 0, nothing temporary left behind
kill -INT "$wpid"
wait "$wpid"
rc=$?
wpid=
check "SIGINT exits with status 0" test "$rc" = 0
check "no temporary files in the output folder" test -z "$(ls -A "$OUT" | grep -v '^hamhung\.\(pdf\|epub\)$')"
check "no temporary files in the project" test -z "$(find "$P" -name '*.tmp*')"
check "no crash or internal error" sh -c "! grep -qi 'internal error\|sanitizer\|runtime error' '$LOG'"

# 9. `hanji watch book -o .`: an output folder that holds the project (issue 12) must not
#    hide the sources from the watch
W=$tmp/w
mkdir -p "$W"
cp -r "$P" "$W/bk"
LOG=$tmp/watch-dot.log
(cd "$W" && exec "$HANJI" watch bk -o .) >"$LOG" 2>&1 &
wpid=$!
check "-o . (holding the project): first build" test "$(wait_build 1)" = ok
for ((i = 0; i < 100; i++)); do grep -q "watching" "$LOG" && break; sleep 0.1; done
printf '\nAn edit the watch must see.\n' >>"$W/bk/book/02-industry.md"
check "-o . (holding the project): an edit rebuilds" test "$(wait_build 2)" = ok
kill -INT "$wpid"
wait "$wpid"
wpid=

[ "$fail" -gt 0 ] && { echo "--- watch log:"; cat "$LOG"; }
check_done watch_edits
