#!/usr/bin/env bash
# pdf_golden.sh: the layout dump (--dump=layout) of the fixture book tests/fixtures/books/all
# compared with tests/golden/layout/all.txt, so that a change in pagination, spacing or line
# breaking shows as a readable diff. HANJI_UPDATE_GOLDEN=1 rewrites the golden file.
set -u
HANJI=$1
SRC=$2
book=$SRC/tests/fixtures/books/all
golden=$SRC/tests/golden/layout/all.txt
if [ ! -d "$book" ]; then
  echo "pdf_golden: $book missing; skipped"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$book" && "$HANJI" build . -o "$tmp/out" --dump=layout >"$tmp/all.txt" 2>"$tmp/err") || {
  echo "FAIL: hanji build --dump=layout failed"; cat "$tmp/err"; exit 1; }
if [ "${HANJI_UPDATE_GOLDEN:-}" = 1 ]; then
  mkdir -p "$(dirname "$golden")"
  cp "$tmp/all.txt" "$golden"
  echo "pdf_golden: updated $golden"
  exit 0
fi
if ! diff -u "$golden" "$tmp/all.txt" >"$tmp/diff"; then
  echo "FAIL: layout dump differs from $golden (HANJI_UPDATE_GOLDEN=1 to accept):"
  head -60 "$tmp/diff"
  exit 1
fi
# the dump must be the same twice (no addresses, no clock)
(cd "$book" && "$HANJI" build . -o "$tmp/out" --dump=layout >"$tmp/again.txt" 2>/dev/null)
cmp -s "$tmp/all.txt" "$tmp/again.txt" || { echo "FAIL: two dumps differ"; exit 1; }
echo "pdf_golden: ok"
