#!/usr/bin/env bash
# pages.sh: what a book designer checks on the sample book's pages (issue 13), from its layout
# dump (tests/e2e/lib/pages.py): facing pages end on the same baseline, every full page on the
# bottom line; a figure within a page of its reference; no chapter ending with a page of two
# lines or fewer; a section heading keeps its space below; the contents on one page. The same
# checks in print (other margins, an even page count). Runs hanji alone.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/check.sh"
pages=$(dirname "$0")/lib/pages.py

(cd "$SRC" && "$HANJI" build . -o "$tmp/out" --dump=layout >"$tmp/digital.layout" 2>/dev/null)
(cd "$SRC" && "$HANJI" build . -o "$tmp/out" --profile print --dump=layout \
  >"$tmp/print.layout" 2>/dev/null)
for kind in digital print; do
  check "$kind: the dump" test -s "$tmp/$kind.layout"
  check "$kind: spreads, bottoms, figures, chapter ends, headings" \
    python3 "$pages" "$tmp/$kind.layout" --check
  check "$kind: the contents on one page" \
    test "$(grep -c '^page .* contents' "$tmp/$kind.layout")" = 1
done
python3 "$pages" "$tmp/digital.layout" --verbose
check_done pages
