#!/usr/bin/env bash
# reader_render.sh: every spine item of the sample and fixture books in two real reading
# systems, epub.js and foliate-js, inside Debian's headless Chromium (tests/readers/render.mjs),
# each at a phone's 360x640 and at 600x800: fails on a book that will not open, a parse error, a
# broken image, a script error, text or a box past its page's text box, a figure's image that
# takes a page of its own, or a request for a missing file. Screenshots of failing items are kept
# in $READER_SHOTS when set. Also checks that render.mjs fails on a broken book.
# Usage: bash reader_render.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
. "$SRC/tests/readers/common.sh"
need_node_modules
[ -d "$READERS/node_modules/foliate-js" ] && [ -d "$READERS/node_modules/epubjs" ] ||
    missing "epubjs, foliate-js" "cd tests/readers && npm ci"
[ -x /usr/bin/chromium ] || missing chromium "apt-get install chromium"
need_cmd python3 "apt-get install python3"
build_books
shots=${READER_SHOTS:-$TMP/shots}
# a phone (360x640) and a small tablet or e-reader (600x800)
while read -r name epub _; do
    for size in 360x640 600x800; do
        for engine in epubjs foliate; do
            run=$name-$engine-$size
            if node "$READERS/render.mjs" "$epub" "$shots/$run" --engine "$engine" --size "$size" \
                    >"$TMP/$run.log" 2>&1; then
                echo "ok: $name at $size: $(tail -n 1 "$TMP/$run.log")"
            else
                die "$name in $engine at $size (screenshots in $shots/$run):"
                cat "$TMP/$run.log"
            fi
        done
    done
done <"$TMP/books"

# a broken copy of the fixture book: unclosed tag, missing image, an unbreakable line
read -r _ epub _ < <(grep '^all ' "$TMP/books")
if [ -n "${epub:-}" ]; then
    python3 - "$epub" "$TMP/broken.epub" <<'PY'
import sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], 'w') as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename.endswith('chapter-01.xhtml'):
            data = data.replace(b'</body>', b'<p><img src="images/none.png" alt="gone"/></p>'
                                b'<pre style="white-space: pre">' + b'x' * 400 + b'</pre>'
                                b'<p><b>unclosed</p></body>', 1)
        zout.writestr(info, data)
PY
    for engine in epubjs foliate; do
        node "$READERS/render.mjs" "$TMP/broken.epub" "$TMP/broken-$engine" --engine "$engine" \
            >"$TMP/broken-$engine.log" 2>&1
        rc=$?
        if [ $rc -ne 1 ] || ! grep -q '^PROBLEM parse' "$TMP/broken-$engine.log" ||
                ! grep -q '^PROBLEM overflow' "$TMP/broken-$engine.log"; then
            die "render.mjs ($engine) did not fail on a broken book (exit $rc):"
            cat "$TMP/broken-$engine.log"
        else
            echo "ok: a broken book fails in $engine: $(grep -c '^PROBLEM' "$TMP/broken-$engine.log") problem(s)"
        fi
    done
fi
exit $fail
