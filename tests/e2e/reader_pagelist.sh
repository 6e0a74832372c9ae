#!/usr/bin/env bash
# reader_pagelist.sh: the EPUB's print page-list against the PDF of the same run, on the sample
# and fixture books (tests/readers/pagelist_check.py: labels are the PDF's page labels, no
# printed page left out, each marker before the first word printed on its page). Also checks
# that the checker fails on a marker moved off its place.
# Usage: bash reader_pagelist.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
. "$SRC/tests/readers/common.sh"
need_cmd python3 "apt-get install python3"
need_cmd qpdf "apt-get install qpdf"
need_cmd pdftotext "apt-get install poppler-utils"
build_books
while read -r name epub pdf; do
    if python3 "$READERS/pagelist_check.py" "$epub" "$pdf" >"$TMP/$name.log" 2>&1; then
        echo "ok: $name: $(tail -n 1 "$TMP/$name.log")"
    else
        die "$name: page-list:"
        cat "$TMP/$name.log"
    fi
done <"$TMP/books"

# the check must see a marker put at the start of the paragraph instead of before the word
read -r _ epub pdf < <(grep '^sample ' "$TMP/books")
if [ -n "${epub:-}" ]; then
    python3 - "$epub" "$TMP/moved.epub" <<'PY'
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
zin, moved = zipfile.ZipFile(src), False
with zipfile.ZipFile(dst, 'w') as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename.endswith('.xhtml') and not moved:
            text = data.decode()
            # a marker inside a paragraph, after some words: move it to the paragraph's start
            m = re.search(r'<p>([^<]*\w[^<]*)(<span epub:type="pagebreak"[^>]*></span>)', text)
            if m:
                text = text[:m.start()] + '<p>' + m.group(2) + m.group(1) + text[m.end():]
                moved = True
            data = text.encode()
        zout.writestr(info, data)
sys.exit(0 if moved else 3)
PY
    rc=$?
    if [ $rc -ne 0 ]; then
        die "sample: no page marker inside a paragraph to move (exit $rc)"
    elif python3 "$READERS/pagelist_check.py" "$TMP/moved.epub" "$pdf" >"$TMP/moved.log" 2>&1; then
        die "pagelist_check.py did not notice a marker moved to the start of its paragraph"
    else
        echo "ok: a moved marker is caught: $(head -n 1 "$TMP/moved.log")"
    fi
fi
exit $fail
