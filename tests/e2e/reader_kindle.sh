#!/usr/bin/env bash
# reader_kindle.sh: Calibre (Debian's calibre) on the sample and fixture books: its book check
# (tests/readers/calibre_check.py, the checks behind ebook-edit's Check Book, stylelint's CSS
# findings included) reports nothing, and ebook-convert makes an AZW3 (Kindle KF8) whose
# conversion log holds no error, warning or traceback -- its exit status says nothing, so the
# log is read -- and whose metadata ebook-meta reads back.
# Usage: bash reader_kindle.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
. "$SRC/tests/readers/common.sh"
need_cmd ebook-convert "apt-get install calibre"
need_cmd calibre-debug "apt-get install calibre"
need_cmd ebook-meta "apt-get install calibre"
build_books
export QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu"
while read -r name epub _; do
    calibre-debug "$READERS/calibre_check.py" -- "$epub" >"$TMP/$name-check.log" 2>/dev/null
    rc=$?
    summary=$(grep '^calibre-check:' "$TMP/$name-check.log")
    if [ $rc -eq 0 ] && [ "$summary" = \
            "calibre-check: 0 error(s), 0 warning(s), 0 css-lint finding(s)" ]; then
        echo "ok: $name: $summary"
    else
        die "$name: Calibre's book check (exit $rc):"
        grep -v '^$' "$TMP/$name-check.log" | tail -n 30
    fi

    azw3="$TMP/$name/book.azw3"
    ebook-convert "$epub" "$azw3" >"$TMP/$name-convert.log" 2>&1
    rc=$?
    bad=$(grep -iE 'error|warn|traceback|not found|fail|could not|invalid|unknown|missing' \
        "$TMP/$name-convert.log")
    if [ $rc -ne 0 ] || [ -n "$bad" ] || [ ! -s "$azw3" ] ||
            ! grep -q '^Output saved to' "$TMP/$name-convert.log"; then
        die "$name: ebook-convert to AZW3 (exit $rc):"
        cat "$TMP/$name-convert.log"
        continue
    fi
    title=$(ebook-meta "$azw3" 2>/dev/null | sed -n 's/^Title *: //p')
    # the main title (Calibre joins a subtitle to it with ": ")
    want=$(python3 -c 'import html, re, sys, zipfile
opf = zipfile.ZipFile(sys.argv[1]).read("EPUB/package.opf").decode()
print(html.unescape(re.search(r"<dc:title[^>]*>([^<]*)<", opf).group(1)))' "$epub")
    if [ -z "$title" ] || [ "${title#"$want"}" = "$title" ]; then
        die "$name: the AZW3's title reads back as '$title', not starting '$want'"
    else
        echo "ok: $name: AZW3 $(stat -c %s "$azw3") bytes, clean conversion log, title '$title'"
    fi
done <"$TMP/books"
exit $fail
