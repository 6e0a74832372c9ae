#!/usr/bin/env bash
# otf_fonts.sh: a book whose fonts/ holds only OpenType fonts with CFF outlines (.otf), copied
# at test time from the Debian packages setup.sh installs (fonts-ebgaramond for the text
# styles, fonts-urw-base35's Nimbus Mono PS for code; EB Garamond is name-keyed CFF), and a
# Japanese book with no fonts named whose kana come from Noto Serif CJK (fonts-noto-cjk: a
# CID-keyed CFF face in a collection, .ttc, found through fontconfig). Checked with tools
# hanji did not write:
#  - the build succeeds without a warning;
#  - qpdf --check finds no error;
#  - pdffonts: every font embedded, and each .otf face (and Noto Serif CJK) as "CID Type 0C";
#  - pdftotext gives back the chapter's text exactly (whitespace aside), in every style;
#  - poppler and mupdf draw every page without a complaint about a font;
#  - epubcheck (epub-fonts: embed, so the EPUB carries .otf subsets): no error, no warning.
# Usage: bash otf_fonts.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
EPUBCHECK=${EPUBCHECK:-/usr/bin/epubcheck}
. "$SRC/tests/e2e/lib/check.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

need_tools qpdf pdffonts pdftotext pdftoppm mutool java unzip
[ -r "$EPUBCHECK" ] || { echo "FAIL: epubcheck not found at $EPUBCHECK"; exit 1; }
GARAMOND=/usr/share/fonts/opentype/ebgaramond
NIMBUS=/usr/share/fonts/opentype/urw-base35/NimbusMonoPS-Regular.otf
CJK=/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
for f in $GARAMOND/EBGaramond12-Regular.otf $GARAMOND/EBGaramond12-Italic.otf \
  $GARAMOND/EBGaramond12-Bold.otf $NIMBUS $CJK; do
  [ -r "$f" ] || {
    echo "FAIL: $f is missing (setup.sh installs fonts-ebgaramond fonts-urw-base35 fonts-noto-cjk)"
    exit 1
  }
done

# ---- the OTF-only book ----
B=$tmp/otf
mkdir -p "$B/book" "$B/fonts"
cp $GARAMOND/EBGaramond12-Regular.otf $GARAMOND/EBGaramond12-Italic.otf \
  $GARAMOND/EBGaramond12-Bold.otf $NIMBUS "$B/fonts/"
cat >"$B/book/book.yaml" <<'EOF'
title: Garamond
author: A. Printer
fonts:
  body: EBGaramond12-Regular.otf
  italic: EBGaramond12-Italic.otf
  bold: EBGaramond12-Bold.otf
  bold-italic: EBGaramond12-Bold.otf
  mono: NimbusMonoPS-Regular.otf
epub-fonts: embed
EOF
cat >"$B/book/a.md" <<'EOF'
# Outlines in CFF

The quick brown fox jumps over the lazy dog, and a café serves crème brûlée to Œdipus for 1,234 pounds. *Italic words set apart* and **bold words stand out** beside `code in mono`.

```
int main(void) { return 0; }
```
EOF
body='The quick brown fox jumps over the lazy dog, and a café serves crème brûlée to Œdipus for 1,234 pounds. Italic words set apart and bold words stand out beside code in mono. int main(void) { return 0; }'

"$HANJI" build "$B" -o "$tmp/out" -q >"$tmp/build.out" 2>"$tmp/build.err"
check "the OTF book builds (status $?)" test -s "$tmp/out/garamond.pdf"
check "no message from the build: $(cat "$tmp/build.err")" test ! -s "$tmp/build.err"
PDF=$tmp/out/garamond.pdf
check "qpdf --check" qpdf --check "$PDF" >/dev/null
pdffonts "$PDF" >"$tmp/fonts.txt" 2>&1
check "pdffonts: every font embedded: $(cat "$tmp/fonts.txt")" \
  awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' "$tmp/fonts.txt"
for face in EBGaramond12-Regular EBGaramond12-Italic EBGaramond12-Bold NimbusMonoPS-Regular; do
  check "pdffonts: $face is a CID Type 0C font" \
    grep -Eq "^[A-Z]{6}\+$face +CID Type 0C +Identity-H +yes +yes +yes" "$tmp/fonts.txt"
done
check "pdffonts: no TrueType font (nothing came from the bundled faces)" \
  sh -c "! grep -q 'TrueType' '$tmp/fonts.txt'"
pdftotext "$PDF" "$tmp/text.txt" 2>"$tmp/text.err"
got=$(sed -n '/^Outlines in CFF$/,$p' "$tmp/text.txt" | sed '1d' | tr '\n\f' '  ' |
  tr -s ' ' | sed 's/^ //; s/ [0-9]* *$//')
check "pdftotext gives the text back: '$got'" test "$got" = "$body"
check "pdftotext: no complaint: $(cat "$tmp/text.err")" test ! -s "$tmp/text.err"
pdftoppm -r 30 -png "$PDF" "$tmp/page" 2>"$tmp/ppm.err"
check "pdftoppm: every page drawn without a complaint: $(head -3 "$tmp/ppm.err")" \
  test ! -s "$tmp/ppm.err"
mutool draw -o "$tmp/mu-%d.png" -r 30 "$PDF" 2>&1 | grep -v -e '^page ' -e 'ICC support' \
  >"$tmp/mu.err"
check "mutool: every page drawn without a complaint: $(head -3 "$tmp/mu.err")" \
  test ! -s "$tmp/mu.err"
EPUB=$tmp/out/garamond.epub
check "the EPUB carries .otf subsets" sh -c "unzip -l '$EPUB' | grep -q 'EPUB/fonts/regular.otf'"
java -jar "$EPUBCHECK" "$EPUB" >"$tmp/epubcheck.txt" 2>&1
check "epubcheck: 0 errors, 0 warnings: $(grep -E 'ERROR|WARNING' "$tmp/epubcheck.txt" | head -3)" \
  grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$tmp/epubcheck.txt"

# ---- a Japanese book with no fonts named: kana from Noto Serif CJK (CID-keyed, .ttc) ----
J=$tmp/ja
mkdir -p "$J/book"
printf 'title: 猫\nlang: ja\n' >"$J/book/book.yaml"
printf '# 猫\n\n吾輩は猫である。名前はまだ無い。ニャーニャー泣いていた事だけは記憶している。\n' \
  >"$J/book/a.md"
"$HANJI" build "$J" -o "$tmp/jout" --pdf -v >"$tmp/ja.out" 2>"$tmp/ja.err"
JPDF=$(ls "$tmp"/jout/*.pdf 2>/dev/null | head -1)
check "the Japanese book builds" test -s "$JPDF"
check "no warning: $(grep -i 'warning:' "$tmp/ja.err")" sh -c "! grep -qi 'warning:' '$tmp/ja.err'"
check "-v says Noto Serif CJK draws some of it" grep -q 'NotoSerifCJK.*(installed) draws' \
  "$tmp/ja.err"
check "qpdf --check (Japanese)" qpdf --check "$JPDF" >/dev/null
pdffonts "$JPDF" >"$tmp/jfonts.txt" 2>&1
check "pdffonts: Noto Serif CJK is a CID Type 0C font: $(cat "$tmp/jfonts.txt")" \
  grep -Eq '^[A-Z]{6}\+NotoSerifCJK[A-Za-z-]* +CID Type 0C +Identity-H +yes +yes +yes' \
  "$tmp/jfonts.txt"
jgot=$(pdftotext "$JPDF" - 2>/dev/null | tr -d ' \n\f')
check "pdftotext gives the Japanese text back" \
  sh -c "printf '%s' '$jgot' | grep -q '吾輩は猫である。名前はまだ無い。ニャーニャー泣いていた事だけは記憶している。'"
check_done otf_fonts
