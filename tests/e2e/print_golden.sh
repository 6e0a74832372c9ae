#!/usr/bin/env bash
# print_golden.sh: the layout dumps (--dump=layout) of the small construct books under
# tests/fixtures/books/print-* (a table crossing pages, a footnote continued on the next page,
# nested lists and quotes, code lines longer than the measure, cross-references with lists of
# figures and tables), each compared with tests/golden/layout/NAME.txt, and the diagnostics
# with NAME.err. HANJI_UPDATE_GOLDEN=1 rewrites the golden files.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for book in "$SRC"/tests/fixtures/books/print-*; do
  name=$(basename "$book")
  golden=$SRC/tests/golden/layout/$name
  (cd "$book" && "$HANJI" build . --dump=layout >"$tmp/$name.txt" 2>"$tmp/$name.err") || {
    echo "FAIL: $name: hanji build --dump=layout failed"; cat "$tmp/$name.err"; fail=1; continue; }
  if [ "${HANJI_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/$name.txt" "$golden.txt"
    cp "$tmp/$name.err" "$golden.err"
    echo "print_golden: updated $golden.txt"
    continue
  fi
  for ext in txt err; do
    if ! diff -u "$golden.$ext" "$tmp/$name.$ext" >"$tmp/diff"; then
      echo "FAIL: $name: $ext differs from $golden.$ext (HANJI_UPDATE_GOLDEN=1 to accept):"
      head -40 "$tmp/diff"
      fail=1
    fi
  done
done
# what each book is for: the construct must be in its dump
grep_dump() { grep -q -- "$2" "$tmp/$1.txt" || { echo "FAIL: $1: $3"; fail=1; }; }
[ "${HANJI_UPDATE_GOLDEN:-}" = 1 ] && exit 0
# the long table's header row on three pages at least
n=$(grep -c '"No."' "$tmp/print-table.txt"); [ "$n" -ge 3 ] || { echo "FAIL: table header on $n pages"; fail=1; }
grep -q "table is too wide" "$tmp/print-table.err" || { echo "FAIL: no D_TABLE_TOO_WIDE"; fail=1; }
# the long note: its first words on one page, its last on the next
python3 - "$tmp/print-note.txt" <<'PY' || fail=1
import sys, re
pages = open(sys.argv[1], encoding="utf-8").read().split("\npage ")
small = [i for i, p in enumerate(pages) if re.search(r'text f\d+ 8\.61 .*"This"', p)]
ends = [i for i, p in enumerate(pages) if re.search(r'text f\d+ 8\.61 .*"too\."', p)]
if not small or not ends or ends[-1] <= small[0]:
    print("FAIL: the long note does not run on to the next page", small, ends); sys.exit(1)
PY
grep_dump print-lists '"10."' "no wide list number"
grep_dump print-lists '"Author,"' "no attribution"
grep_dump print-code 'rule .* t 0.54' "no continuation mark"
grep_dump print-xref '"List"' "no list of figures"
grep_dump print-xref '"page"' "no page reference"
[ $fail = 0 ] && echo "print_golden: ok"
exit $fail
