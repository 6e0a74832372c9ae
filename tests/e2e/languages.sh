#!/usr/bin/env bash
# languages.sh: a small book in each language present.c spells (issue 14), built as PDF and
# EPUB from a temporary project (book.yaml with `lang`, two authors, a publisher and a date; a
# chapter with a heading, a section, a quotation, cross-references to the chapter, a figure
# and a table (with its page), a table, a footnote; lists of figures and tables), and checked:
#  - the build succeeds; no hyphenation warning for a language that needs none (ar, he, ja, ko,
#    th, zh), nor for one whose patterns are installed;
#  - no English built-in word ("Chapter", "Contents", "Figure", "Table", "Copyright",
#    "Published by", "Title Page"...) in the PDF's text and outline nor in the EPUB's pages,
#    nav and NCX, unless the language spells it so itself (French "Figure");
#  - the language's words in both: the contents' title, the chapter's, figure's and table's
#    labels, the publisher's line, the list of figures' title;
#  - the quotation in the language's marks in the EPUB (and the PDF's text);
#  - Chinese and Japanese: a line break in the source between two CJK characters is no space,
#    in both outputs;
#  - epubcheck: no error and no warning, for a few of them.
#  - no missing glyph: with no fonts named, the installed faces setup.sh brings draw every
#    script (sysfont.c).
# Right-to-left order is checked by bidi.sh.
# Usage: bash languages.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
EPUBCHECK=${EPUBCHECK:-/usr/bin/epubcheck}
. "$SRC/tests/e2e/lib/check.sh"
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT

need_tools pdftotext python3 unzip

# The EPUB's reader-visible text: every page's text, its title and alt/title attributes, and
# the NCX's labels, one file after another.
cat >"$tmp/epubtext.py" <<'EOF'
import html, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for name in z.namelist():
    if not (name.endswith(".xhtml") or name.endswith(".ncx")):
        continue
    s = z.read(name).decode("utf-8")
    attrs = re.findall(r'\s(?:alt|title)="([^"]*)"', s)
    s = re.sub(r"<[^>]*>", "", s)
    print("== " + name)
    print(html.unescape(s))
    for a in attrs:
        print(html.unescape(a))
EOF

# lang|title|heading|section|quotation (sentence with "...")|caption|table caption|note|
# cjk source line pair (or -)|cjk joined (or -)|contents|chapter label|figure label|
# table label|publisher line|list of figures|open quote|close quote (French: with U+202F)
# (words from src/present.c: a test repeats them on purpose)
cat >"$tmp/langs" <<'EOF'
de|Ein kleines Buch|Erstes Kapitel|Der Hafen|Sie sagte "Guten Tag" und ging.|Ein Bild|Daten|Eine Anmerkung.|-|-|Inhalt|Kapitel 1|Abbildung 1.1|Tabelle 1.1|Erschienen bei Beispielverlag|Abbildungsverzeichnis|„|“
fr|Un petit livre|Premier chapitre|Le port|Elle a dit "bonjour" et elle est partie.|Une image|Données|Une note.|-|-|Table des matières|Chapitre 1|Figure 1.1|Tableau 1.1|Publié par Beispielverlag|Table des figures|« | »
es|Un libro pequeño|Primer capítulo|El puerto|Ella dijo "hola" y se fue.|Una imagen|Datos|Una nota.|-|-|Índice|Capítulo 1|Figura 1.1|Tabla 1.1|Publicado por Beispielverlag|Índice de figuras|«|»
it|Un piccolo libro|Primo capitolo|Il porto|Lei disse "ciao" e se ne andò.|Un’immagine|Dati|Una nota.|-|-|Indice|Capitolo 1|Figura 1.1|Tabella 1.1|Pubblicato da Beispielverlag|Indice delle figure|«|»
nl|Een klein boek|Eerste hoofdstuk|De haven|Ze zei "hallo" en ging weg.|Een afbeelding|Gegevens|Een noot.|-|-|Inhoud|Hoofdstuk 1|Figuur 1.1|Tabel 1.1|Uitgegeven door Beispielverlag|Lijst van figuren|“|”
pt|Um pequeno livro|Primeiro capítulo|O porto|Ela disse "olá" e foi embora.|Uma imagem|Dados|Uma nota.|-|-|Sumário|Capítulo 1|Figura 1.1|Tabela 1.1|Publicado por Beispielverlag|Lista de figuras|“|”
ru|Маленькая книга|Первая глава|Порт|Она сказала "здравствуйте" и ушла.|Рисунок порта|Данные|Примечание к тексту.|-|-|Содержание|Глава 1|Рисунок 1.1|Таблица 1.1|Издатель: Beispielverlag|Список иллюстраций|«|»
ar|كتاب صغير|الفصل الأول|الميناء|قالت "مرحبا" ثم ذهبت.|صورة|بيانات|حاشية.|-|-|المحتويات|الفصل 1|الشكل 1.1|الجدول 1.1|الناشر: Beispielverlag|قائمة الأشكال|«|»
he|ספר קטן|הפרק הראשון|הנמל|היא אמרה "שלום" והלכה.|תמונה|נתונים|הערה קצרה.|-|-|תוכן העניינים|פרק 1|איור 1.1|טבלה 1.1|הוצאת Beispielverlag|רשימת האיורים|”|”
ja|小さな本|はじめに|港|彼女は"こんにちは"と言った。|写真|データ|注記です。|日本語の\n文章です。|日本語の文章です。|目次|第1章|図1.1|表1.1|発行所：Beispielverlag|図目次|「|」
ko|작은 책|첫째 장|항구|그녀는 "안녕하세요"라고 말했다.|사진|자료|주석입니다.|-|-|차례|제1장|그림 1.1|표 1.1|펴낸곳: Beispielverlag|그림 차례|“|”
th|หนังสือเล่มเล็ก|บทแรก|ท่าเรือ|เธอพูดว่า "สวัสดี" แล้วก็จากไป|รูปภาพ|ข้อมูล|เชิงอรรถสั้น ๆ|-|-|สารบัญ|บทที่ 1|ภาพที่ 1.1|ตารางที่ 1.1|จัดพิมพ์โดย Beispielverlag|สารบัญภาพ|“|”
zh|一本小书|开始|港口|她说"你好"就走了。|图片|数据|一个注释。|中文的\n句子。|中文的句子。|目录|第1章|图1.1|表1.1|出版：Beispielverlag|插图目录|“|”
EOF

# English built-in words that must not show (present.c's English row)
forbidden=("Chapter" "CHAPTER" "Contents" "Figure" "Table" "Copyright" "Published by"
  "Title Page" "List of" "Typeset with" "Section" "on page" "Landmarks" "Start of Content"
  "Untitled" "Cover" "Date:" " and ")
nohyph=" ar he ja ko th zh "
epubchecked=" de fr es it nl pt ru ar he ja ko th zh " # every language: epubcheck 0/0 on each (issue 14)

has() { grep -qF -- "$2" "$1"; }
hasnt() { ! grep -qF -- "$2" "$1"; }

while IFS='|' read -r lang title h1 h2 quote caption tcap note cjk joined contents chlabel \
  figlabel tbllabel published lof qopen qclose; do
  d="$tmp/$lang"
  mkdir -p "$d/book" "$d/images"
  cp "$SRC/tests/fixtures/images/gray.png" "$d/images/bild.png"
  cat >"$d/book/book.yaml" <<EOF
title: "$title"
author: [Anna Muster, Ben Beispiel]
lang: $lang
publisher: Beispielverlag
date: 2024-05-01
lof: true
lot: true
EOF
  {
    printf '# %s {#kap}\n\n%s [](#kap) [](#fig-bild) [](#tbl-daten "page")[^1]\n\n' "$h1" "$quote"
    [ "$cjk" != - ] && printf '%b\n\n' "$cjk"
    printf '## %s\n\n![%s](../images/bild.png)\n\n| 1 | 2 |\n|---|---|\n| 3 | 4 |\n\n' "$h2" "$caption"
    printf 'Table: %s {#tbl-daten}\n\n[^1]: %s\n' "$tcap" "$note"
  } >"$d/book/kap.md"
  (cd "$d" && "$HANJI" build . -o out --pdf --epub >"$d/log" 2>&1)
  check "$lang: builds (exit 0)" test $? = 0
  pdf=$(ls "$d"/out/*.pdf 2>/dev/null | head -1)
  epub=$(ls "$d"/out/*.epub 2>/dev/null | head -1)
  [ -n "$pdf" ] && [ -n "$epub" ] || { echo "FAIL: $lang: no outputs"; cat "$d/log"; fail=$((fail + 1)); continue; }
  if [[ $nohyph == *" $lang "* ]] || ls /usr/share/hyphen/hyph_"$lang"*.dic >/dev/null 2>&1; then
    check "$lang: no hyphenation warning" hasnt "$d/log" "hyphenation patterns"
  fi
  check "$lang: no missing glyph" hasnt "$d/log" "no font has these characters"
  # the faces that draw the book's script: one made for its language (a Chinese or Japanese
  # book's Han characters not from the bundled Korean face; Arabic in Naskh)
  pdffonts "$pdf" >"$d/fonts" 2>/dev/null
  case $lang in
    ja) check "ja: Han and kana from Noto Serif CJK JP, not the Korean face" \
      bash -c "grep -q NotoSerifCJKjp '$d/fonts' && ! grep -q Nanum '$d/fonts'" ;;
    zh) check "zh: Han from Noto Serif CJK SC, not the Korean face" \
      bash -c "grep -q NotoSerifCJKsc '$d/fonts' && ! grep -q Nanum '$d/fonts'" ;;
    ar) check "ar: Arabic from Noto Naskh Arabic" grep -q NotoNaskhArabic "$d/fonts" ;;
  esac
  # pdftotext marks right-to-left runs with embedding controls (U+202A-U+202E): drop them
  pdftotext -enc UTF-8 "$pdf" - | perl -CSD -pe 's/[\x{202A}-\x{202E}]//g' >"$d/pdf.txt"
  mutool show "$pdf" outline >>"$d/pdf.txt" 2>/dev/null
  python3 "$tmp/epubtext.py" "$epub" >"$d/epub.txt"
  own="$contents $chlabel $figlabel $tbllabel $published $lof"
  for w in "${forbidden[@]}"; do
    [[ $own == *"$w"* ]] && continue
    check "$lang: no '$w' in the PDF" hasnt "$d/pdf.txt" "$w"
    check "$lang: no '$w' in the EPUB" hasnt "$d/epub.txt" "$w"
  done
  for w in "$contents" "$chlabel" "$figlabel" "$tbllabel" "$published" "$lof"; do
    check "$lang: '$w' in the EPUB" has "$d/epub.txt" "$w"
    case $lang in
      # poppler rebuilds a line that mixes directions in visual order ("1.1 איור"): each word
      ar | he) for part in ${w//[:.]/ }; do check "$lang: '$part' of '$w' in the PDF" has "$d/pdf.txt" "$part"; done ;;
      *) check "$lang: '$w' in the PDF" has "$d/pdf.txt" "$w" ;;
    esac
  done
  check "$lang: the quotation opens with '$qopen' in the EPUB" has "$d/epub.txt" "$qopen"
  check "$lang: the quotation closes with '$qclose' in the EPUB" has "$d/epub.txt" "$qclose"
  if [ "$joined" != - ]; then
    check "$lang: no space for a line break between CJK characters (EPUB)" has "$d/epub.txt" "$joined"
    check "$lang: no space for a line break between CJK characters (PDF)" has "$d/pdf.txt" "$joined"
  fi
  if [[ $epubchecked == *" $lang "* ]] && command -v java >/dev/null 2>&1 && [ -r "$EPUBCHECK" ]; then
    java -jar "$EPUBCHECK" "$epub" >"$d/epubcheck.log" 2>&1
    rc=$?
    if [ $rc -ne 0 ] || grep -qE '^(ERROR|WARNING|FATAL)' "$d/epubcheck.log"; then
      echo "FAIL: $lang: epubcheck (exit $rc)"
      grep -E '^(ERROR|WARNING|FATAL)' "$d/epubcheck.log" | head -n 10
      fail=$((fail + 1))
    else
      pass=$((pass + 1))
    fi
  fi
  if [ "${LANGUAGES_KEEP:-}" ]; then
    mkdir -p "$LANGUAGES_KEEP" && cp -r "$d" "$LANGUAGES_KEEP/"
  fi
done <"$tmp/langs"
check_done languages
