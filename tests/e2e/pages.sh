#!/usr/bin/env bash
# pages.sh: what a book designer checks on the sample book's pages (issue 13), from its layout
# dump (tests/e2e/lib/pages.py): facing pages end on the same baseline, every full page on the
# bottom line; a figure within a page of its reference; no chapter ending with a page of two
# lines or fewer; a section heading keeps its space below and two lines under it; the contents
# on one page. The same checks in print (other margins, an even page count), and on a manual's
# pages (tests/fixtures/books/spreads: pages of code only among them). Runs hanji alone.
set -u
HANJI=$(realpath "$1")
SRC=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/check.sh"
pages=$(dirname "$0")/lib/pages.py

(cd "$SRC" && "$HANJI" build . -o "$tmp/out" --dump=layout >"$tmp/digital.layout" 2>/dev/null)
(cd "$SRC" && "$HANJI" build . -o "$tmp/out" --profile print --dump=layout \
  >"$tmp/print.layout" 2>/dev/null)
# the harder book: a manual's long code listings (with blank lines), tables, screenshots under
# short sections and notes (tests/fixtures/books/spreads, written by its gen.py)
fx=$SRC/tests/fixtures/books/spreads
(cd "$fx" && "$HANJI" build . -o "$tmp/out" --dump=layout >"$tmp/manual-digital.layout" 2>/dev/null)
(cd "$fx" && "$HANJI" build . -o "$tmp/out" --profile print --dump=layout \
  >"$tmp/manual-print.layout" 2>/dev/null)
for kind in digital print manual-digital manual-print; do
  check "$kind: the dump" test -s "$tmp/$kind.layout"
  check "$kind: spreads, bottoms, figures, chapter ends, headings" \
    python3 "$pages" "$tmp/$kind.layout" --check
done
for kind in digital print; do
  check "$kind: the contents on one page" \
    test "$(grep -c '^page .* contents' "$tmp/$kind.layout")" = 1
done
check "manual: pages of code only, filled" \
  test "$(python3 - "$tmp/manual-digital.layout" <<'PY'
import sys, re
# pages whose every line is code (one text item a line, at the code size): the checks above
# found them at the bottom
pages, cur = [], None
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("page "):
        cur = {"code": 0, "other": 0}
        pages.append(cur)
    elif cur is not None and line.startswith("  text "):
        size = float(line.split()[2])
        cur["code" if abs(size - 8.93) < 0.01 else "other"] += 1
print(sum(1 for p in pages if p["code"] >= 30 and p["other"] <= 2))  # running head, folio
PY
)" -ge 1
python3 "$pages" "$tmp/digital.layout" --verbose
python3 "$pages" "$tmp/manual-digital.layout" | sed 's/^/manual: /'
check_done pages
