#!/usr/bin/env bash
# image_formats.sh: builds the GIF/WebP/SVG figure fixture (tests/cases/image-formats) as PDF and
# EPUB and checks them with tools we did not write: epubcheck reports no error and no warning
# (the SVG and GIF kept as they are, the WebP as a PNG), qpdf --check passes, pdfimages lists
# one raster per figure (the SVG drawn at 300 dpi at its size), mutool renders the pages, and the
# hostile files' build ends with status 1 and writes nothing. The accessibility claims follow
# the content: all described (image-formats) claims alternativeText and WCAG 2.1 AA; a figure
# with no alt text (image-a11y) claims neither, and that EPUB passes epubcheck too.
# Usage: bash image_formats.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
EPUBCHECK=${EPUBCHECK:-/usr/bin/epubcheck}
. "$SRC/tests/e2e/lib/check.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
need_tools java qpdf pdfimages pdftotext unzip

cp -r "$SRC/tests/cases/image-formats" "$tmp/book"
check "hanji builds the figures" \
    env SOURCE_DATE_EPOCH=1700000000 "$HANJI" build "$tmp/book" -o "$tmp/out" -q
epub=$tmp/out/gif-webp-and-svg-figures.epub pdf=$tmp/out/gif-webp-and-svg-figures.pdf
java -jar "$EPUBCHECK" "$epub" >"$tmp/epubcheck.log" 2>&1
check "epubcheck: no errors or warnings" grep -q 'No errors or warnings detected' "$tmp/epubcheck.log"
grep -E '^(ERROR|WARNING|FATAL)' "$tmp/epubcheck.log" | head -n 20
unzip -l "$epub" >"$tmp/list"
check "the EPUB keeps the SVG" grep -q 'EPUB/images/chart.svg' "$tmp/list"
check "the EPUB keeps the GIF" grep -q 'EPUB/images/anim.gif' "$tmp/list"
check "the EPUB has a PNG for the WebP" grep -q 'EPUB/images/photo.png' "$tmp/list"
unzip -p "$epub" EPUB/package.opf >"$tmp/opf"
check "the SVG's media type" grep -q 'href="images/chart.svg" media-type="image/svg+xml"' "$tmp/opf"
check "the GIF's media type" grep -q 'href="images/anim.gif" media-type="image/gif"' "$tmp/opf"
check "the SVG is the file itself" cmp -s <(unzip -p "$epub" EPUB/images/chart.svg) \
    "$SRC/tests/cases/image-formats/images/chart.svg"

check "all described: alternativeText" grep -q '>alternativeText<' "$tmp/opf"
check "all described: text alone suffices" grep -q 'accessModeSufficient">textual<' "$tmp/opf"
check "all described: WCAG 2.1 AA" grep -q 'WCAG 2.1 Level AA' "$tmp/opf"
check "all described: the summary says so" grep -q 'Its images have text alternatives.' "$tmp/opf"

cp -r "$SRC/tests/cases/image-a11y" "$tmp/a11y"
check "hanji builds the accessibility cases" \
    env SOURCE_DATE_EPOCH=1700000000 "$HANJI" build "$tmp/a11y" -o "$tmp/a11yout" -q
a11y=$tmp/a11yout/images-and-their-descriptions.epub
java -jar "$EPUBCHECK" "$a11y" >"$tmp/epubcheck2.log" 2>&1
check "epubcheck (accessibility cases): no errors or warnings" \
    grep -q 'No errors or warnings detected' "$tmp/epubcheck2.log"
unzip -p "$a11y" EPUB/package.opf >"$tmp/opf2"
check "one image undescribed: no alternativeText" bash -c "! grep -q '>alternativeText<' '$tmp/opf2'"
check "... text and visual are sufficient together" \
    grep -q 'accessModeSufficient">textual,visual<' "$tmp/opf2"
check "... no WCAG claim" bash -c "! grep -q 'conformsTo' '$tmp/opf2'"
check "... the summary says so" grep -q 'Some of its images have no text alternative.' "$tmp/opf2"
check "... a remote image is not in the EPUB" bash -c "! unzip -p '$a11y' | grep -q 'example.com/map'"
pdftotext "$tmp/a11yout/images-and-their-descriptions.pdf" "$tmp/a11y.txt"
check "... its alt text is in the PDF" grep -q 'A map of the port' "$tmp/a11y.txt"

check "qpdf --check" bash -c "qpdf --check '$pdf' >/dev/null"
pdfimages -list "$pdf" >"$tmp/images"
cat "$tmp/images"
check "one raster per figure (5) and the inline logo" \
    test "$(awk 'NR > 2 && $3 == "image"' "$tmp/images" | wc -l)" = 6
check "the SVG chart is drawn at 300 dpi (1000 x 563)" grep -qE ' image +1000 +563 ' "$tmp/images"
check "the GIF is 240 x 160" grep -qE ' image +240 +160 ' "$tmp/images"
if command -v mutool >/dev/null 2>&1; then
    check "mutool draws every page" bash -c "mutool draw -q -o '$tmp/p%d.png' -r 30 '$pdf' 2>/dev/null"
fi

cp -r "$SRC/tests/cases/image-bad-formats" "$tmp/bad"
"$HANJI" build "$tmp/bad" -o "$tmp/badout" >"$tmp/bad.out" 2>"$tmp/bad.err"
check "the hostile files fail the build (status 1)" test $? = 1
check "... and nothing is written" test ! -e "$tmp/badout"
check "... every file named at its place" test "$(grep -c ': error: image ' "$tmp/bad.err")" = 13
check_done image_formats
