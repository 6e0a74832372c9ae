#!/usr/bin/env bash
# epub_check.sh: builds the sample book (the repository itself) and the fixture books
# tests/fixtures/books/all and tests/fixtures/books/screens as EPUB, and checks each:
# epubcheck reports no error and no warning,
# `mimetype` is the first entry, stored, with no extra field, the container points at the
# package, and two builds with the same SOURCE_DATE_EPOCH are byte-identical. The sample is
# also built with the PDF, whose folios give the EPUB a print page-list.
# Usage: bash epub_check.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
EPUBCHECK=${EPUBCHECK:-/usr/bin/epubcheck}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

if ! command -v java >/dev/null 2>&1; then
    echo "FAIL: java is not installed (apt-get install default-jre-headless epubcheck)"
    exit 1
fi
if [ ! -r "$EPUBCHECK" ]; then
    echo "FAIL: epubcheck not found at $EPUBCHECK (apt-get install epubcheck)"
    exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "FAIL: python3 is needed to inspect the zip"
    exit 1
fi

# zipinfo.py EPUB: prints the entry names in order, then checks the first local header.
cat >"$tmp/zipinfo.py" <<'EOF'
import struct, sys, zipfile
path = sys.argv[1]
with open(path, "rb") as f:
    head = f.read(58 + 8)
sig, _, _, method, _, _, _, csize, usize, nlen, xlen = struct.unpack("<IHHHHHIIIHH", head[:30])
ok = (sig == 0x04034B50 and method == 0 and nlen == 8 and xlen == 0
      and head[30:38] == b"mimetype" and head[38:58] == b"application/epub+zip"
      and csize == usize == 20)
if not ok:
    print("BAD-MIMETYPE-HEADER")
z = zipfile.ZipFile(path)
bad = z.testzip()
if bad:
    print("BAD-CRC " + bad)
for i in z.infolist():
    print(i.filename)
EOF

check_book() { # check_book NAME PROJECT [both]: EPUB only, or the PDF as well
    local name=$1 project=$2 flag=--epub out="$tmp/$1"
    [ "${3:-}" = both ] && flag=
    mkdir -p "$out/a" "$out/b"
    if ! SOURCE_DATE_EPOCH=1700000000 "$HANJI" build "$project" -o "$out/a" $flag -q \
            >"$out/build.log" 2>&1; then
        die "$name: hanji build failed:"; cat "$out/build.log"; return
    fi
    local epub
    epub=$(ls "$out/a"/*.epub 2>/dev/null | head -n 1)
    if [ -z "$epub" ]; then
        die "$name: no .epub written"; return
    fi

    java -jar "$EPUBCHECK" "$epub" >"$out/epubcheck.log" 2>&1
    local rc=$?
    if [ $rc -ne 0 ] || grep -qE '^(ERROR|WARNING|FATAL)' "$out/epubcheck.log" ||
            ! grep -q 'No errors or warnings detected' "$out/epubcheck.log"; then
        die "$name: epubcheck (exit $rc):"
        grep -E '^(ERROR|WARNING|FATAL)' "$out/epubcheck.log" | head -n 30
    fi

    python3 "$tmp/zipinfo.py" "$epub" >"$out/entries" 2>&1 || die "$name: cannot read the zip"
    grep -q 'BAD-' "$out/entries" && die "$name: $(grep 'BAD-' "$out/entries")"
    [ "$(head -n 1 "$out/entries")" = mimetype ] || die "$name: mimetype is not the first entry"
    [ "$(sed -n 2p "$out/entries")" = META-INF/container.xml ] ||
        die "$name: META-INF/container.xml is not the second entry"
    grep -qx 'EPUB/package.opf' "$out/entries" || die "$name: no EPUB/package.opf"
    grep -qx 'EPUB/nav.xhtml' "$out/entries" || die "$name: no EPUB/nav.xhtml"
    grep -qx 'EPUB/toc.ncx' "$out/entries" || die "$name: no EPUB/toc.ncx"
    [ "$(grep -c '^EPUB/chapter-.*\.xhtml$' "$out/entries")" -ge 1 ] || die "$name: no chapters"

    # the same sources and SOURCE_DATE_EPOCH give the same bytes (also in another zone)
    if ! SOURCE_DATE_EPOCH=1700000000 TZ=Pacific/Chatham "$HANJI" build "$project" \
            -o "$out/b" $flag -q >/dev/null 2>&1; then
        die "$name: second build failed"; return
    fi
    cmp -s "$epub" "$out/b/$(basename "$epub")" || die "$name: two builds differ"
    if [ -z "$flag" ]; then
        python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("EPUB/nav.xhtml").decode())' \
            "$epub" | grep -q 'epub:type="page-list"' || die "$name: no page-list with the PDF"
    fi
    echo "ok: $name ($(wc -c <"$epub") bytes, $(wc -l <"$out/entries") entries)"
}

check_book sample "$SRC"
check_book sample-with-pdf "$SRC" both
if [ -f "$SRC/tests/fixtures/books/all/book/book.yaml" ]; then
    check_book all "$SRC/tests/fixtures/books/all"
else
    echo "skip: tests/fixtures/books/all is missing"
fi
check_book screens "$SRC/tests/fixtures/books/screens"
exit $fail
