#!/usr/bin/env bash
# robust_inputs.sh: inputs an author may have that must still build, or fail with a clear
# message and an exit status of 1, never a crash: 16-bit, interlaced, palette, CMYK and
# progressive images (must work, and reach both outputs); characters no font has (one warning
# listing them); an empty chapter and an empty book (valid outputs); an output folder that is
# not writable or is a file; and every crasher the fuzzers found (tests/fixtures/robust/crashers).
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/check.sh"
export SOURCE_DATE_EPOCH=1700000000
IMG=$SRC/tests/fixtures/images
# project DIR YAML: a project with book/book.yaml holding YAML
project() { mkdir -p "$1/book" "$1/images" "$1/fonts"; printf '%s\n' "$2" >"$1/book/book.yaml"; }
# no_crash ERRFILE STATUS: the run ended by itself (0 or 1) and no sanitizer spoke
no_crash() {
  [ "$2" = 0 ] || [ "$2" = 1 ] || return 1
  ! grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|internal error' "$1"
}

# ---- images that must work -------------------------------------------------------------------
p=$tmp/images
project "$p" "title: Images that work"
works=(rgb16.png interlaced.png palette-trns.png rgba.png gray.png cmyk.jpg progressive.jpg gray.jpg)
{
  echo "# Images that work"
  for f in "${works[@]}"; do
    cp "$IMG/$f" "$p/images/"
    printf '\n![The picture %s](../images/%s)\n' "$f" "$f"
  done
} >"$p/book/a.md"
"$HANJI" build "$p" -o "$tmp/images-out" 2>"$tmp/images.err"
st=$?
check "16-bit, interlaced, palette, CMYK, progressive images build (status $st)" test $st = 0
check "... without errors" sh -c "! grep -q ': error: ' '$tmp/images.err'"
n=$(pdfimages -list "$tmp/images-out/images-that-work.pdf" 2>/dev/null | awk 'NR > 2 && $3 == "image"' | wc -l)
check "every picture is in the PDF (${n} of ${#works[@]})" test "$n" -ge "${#works[@]}"
check "the CMYK JPEG stays CMYK in the PDF" \
  sh -c "pdfimages -list '$tmp/images-out/images-that-work.pdf' | grep -q ' cmyk '"
for f in "${works[@]}"; do
  check "$f is in the EPUB" sh -c "unzip -l '$tmp/images-out/images-that-work.epub' | grep -q '$f'"
done
check "the PDF passes qpdf --check" qpdf --check "$tmp/images-out/images-that-work.pdf" >/dev/null

# ---- characters that no font has: one warning listing them ------------------------------------
# (unassigned Greek code points and plane 15's private use: no installed font draws them, where
# an installed Noto now draws the hieroglyph U+13000 this test used, and TeX Gyre's OpenType
# faces the private use U+E000 and U+E001 it used next)
p=$tmp/glyphs
project "$p" "title: Missing glyphs"
printf '# Glyphs\n\nUnassigned \xcd\xb8 and \xcd\xb9, plane 15 \xf3\xb0\x80\x80.\n\nAgain \xcd\xb8.\n' \
  >"$p/book/a.md"
"$HANJI" build "$p" -o "$tmp/glyphs-out" 2>"$tmp/glyphs.err"
st=$?
check "missing glyphs: the book still builds (status $st)" test $st = 0
check "missing glyphs: exactly one warning" \
  test "$(grep -c 'warning: no font has these characters' "$tmp/glyphs.err")" = 1
check "missing glyphs: it lists each character once, with its line and column where first used" \
  grep -q "^book/a.md:3:12: warning: no font has these characters: U+0378 '.*', U+0379 '.*' (book/a.md:3:18), U+F0000 '.*' (book/a.md:3:30); no installed font has them$" \
  "$tmp/glyphs.err"

# ---- an empty chapter, and an empty book ------------------------------------------------------
p=$tmp/emptych
project "$p" "title: An empty chapter"
printf '# One\n\nText.\n' >"$p/book/1.md"
: >"$p/book/2.md"
printf '# Three\n\nMore text.\n' >"$p/book/3.md"
"$HANJI" build "$p" -o "$tmp/emptych-out" 2>"$tmp/emptych.err"
st=$?
check "empty chapter: builds (status $st)" test $st = 0
check "empty chapter: a located warning" grep -q "^book/2.md: warning: chapter is empty" "$tmp/emptych.err"
check "empty chapter: the PDF passes qpdf --check" qpdf --check "$tmp/emptych-out/an-empty-chapter.pdf" >/dev/null

p=$tmp/emptybook
mkdir -p "$p/book"
: >"$p/book/book.yaml"
: >"$p/book/a.md"
"$HANJI" build "$p" -o "$tmp/emptybook-out" 2>"$tmp/emptybook.err"
st=$?
check "empty book (empty book.yaml, empty chapter): builds (status $st)" test $st = 0
check "empty book: warns that the chapter is empty" grep -q "^book/a.md: warning: chapter is empty" "$tmp/emptybook.err"
pdf=$(ls "$tmp"/emptybook-out/*.pdf 2>/dev/null | head -1)
epub=$(ls "$tmp"/emptybook-out/*.epub 2>/dev/null | head -1)
check "empty book: a PDF that passes qpdf --check" sh -c "[ -n '$pdf' ] && qpdf --check '$pdf' >/dev/null"
if command -v java >/dev/null && [ -f /usr/bin/epubcheck ] && [ -n "$epub" ]; then
  java -jar /usr/bin/epubcheck "$epub" >"$tmp/emptybook.epubcheck" 2>&1
  check "empty book: epubcheck exits 0" test $? = 0
  check "empty book: epubcheck reports no error or warning" \
    sh -c "! grep -qE '^(ERROR|WARNING|FATAL)' '$tmp/emptybook.epubcheck'"
fi

# ---- output folder not writable, or a file ----------------------------------------------------
p=$tmp/ok
project "$p" "title: Fine"
printf '# Fine\n\nText.\n' >"$p/book/a.md"
: >"$tmp/a-file"
"$HANJI" build "$p" -o "$tmp/a-file" 2>"$tmp/isfile.err"
st=$?
check "output is a file: status 1 (got $st)" test $st = 1
check "output is a file: the message says so" \
  grep -q "error: cannot create folder '.*a-file': Not a directory" "$tmp/isfile.err"
check "output is a file: the file is untouched" test ! -s "$tmp/a-file"
"$HANJI" build "$p" -o "$tmp/a-file/sub" 2>"$tmp/isfile2.err"
check "output under a file: status 1" test $? = 1
check "output under a file: a message" grep -q "error: cannot create folder" "$tmp/isfile2.err"

# not writable: root ignores permissions, so drop to nobody when we are root
mkdir -p "$tmp/ro/out"
"$HANJI" build "$p" -o "$tmp/ro/out" -q
cp "$tmp/ro/out/fine.pdf" "$tmp/ro-old.pdf"
chmod -R a+rX "$tmp"
chmod 555 "$tmp/ro/out"
mkdir -p "$tmp/anyone" && chmod 1777 "$tmp/anyone" # TMPDIR for the font subsets
as_user=()
if [ "$(id -u)" = 0 ]; then
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if "${as_user[@]}" test -x "$HANJI" 2>/dev/null && "${as_user[@]}" test -r "$p/book/a.md"; then
  printf '\nMore.\n' >>"$p/book/a.md"
  "${as_user[@]}" env TMPDIR="$tmp/anyone" "$HANJI" build "$p" -o "$tmp/ro/out" 2>"$tmp/ro.err"
  st=$?
  check "output not writable: status 1 (got $st)" test $st = 1
  check "output not writable: the message names the file and the reason" \
    grep -q "error: cannot write '.*/ro/out/fine.epub': Permission denied" "$tmp/ro.err"
  check "output not writable: the previous PDF is intact" cmp -s "$tmp/ro-old.pdf" "$tmp/ro/out/fine.pdf"
  check "output not writable: nothing new in the folder" test "$(ls -A "$tmp/ro/out" | wc -l)" = 2
else
  echo "note: cannot run hanji as another user here; the not-writable case is skipped"
fi
chmod 755 "$tmp/ro/out"

# ---- crashers the fuzzers found: each must end in a message, not a crash -----------------------
for f in "$SRC"/tests/fixtures/robust/crashers/*; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  p=$tmp/crash-$name
  project "$p" "title: Crasher"
  case $name in
    markdown-*) cp "$f" "$p/book/a.md" ;;
    config-*) cp "$f" "$p/book/book.yaml"; printf '# A\n\nText.\n' >"$p/book/a.md" ;;
    image-*) cp "$f" "$p/images/x.png"; printf '# A\n\n![x](../images/x.png)\n' >"$p/book/a.md" ;;
    font-*)
      cp "$f" "$p/fonts/f.ttf"
      printf 'title: Crasher\nfonts:\n  body: f.ttf\n  fallback: [f.ttf]\n' >"$p/book/book.yaml"
      printf '# A\n\nText é 한국어.\n' >"$p/book/a.md" ;;
    *) echo "FAIL: $name: crasher name must start with markdown-, config-, image- or font-"
       fail=$((fail + 1)); continue ;;
  esac
  "$HANJI" build "$p" -o "$p/out" >/dev/null 2>"$p.err"
  st=$?
  check "crasher $name: ends with status 0 or 1 and no sanitizer report (got $st)" no_crash "$p.err" $st
done

check_done
