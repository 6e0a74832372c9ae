#!/usr/bin/env bash
# spacing.sh: the word spacing of justified lines (issue 13, point 4), hanji against pdflatex and
# Typst on the same Markdown. Prints a table; never run as a test.
#
# Books: the sample book (this repository) and the Debian Administrator's Handbook (Debian's
# debian-handbook package, converted by bench/handbook.py into bench/work/handbook). Each is set
# by `hanji build`, by pdflatex (pandoc's LaTeX of the same chapters, 6x9in with hanji's margins,
# 10pt Latin Modern, run once in nonstopmode so that a character LaTeX cannot set is skipped,
# not fatal) and by Typst (bench/md2typst.py, @myriaddreamin/typst-ts-node-compiler, 10.5pt Noto
# Serif as hanji's). bench/wordgap.py measures each PDF: justified lines, their median word gap,
# p95 and p05 over the median (TeX-quality setting: about 1.35), the longest run of hyphenated
# lines, and words past the margin.
#
# Installs what is missing when run as root: debian-handbook, pandoc, poppler-utils, nodejs,
# npm, texlive-latex-recommended, texlive-fonts-recommended, lmodern; the npm package into
# bench/work/node_modules (as bench/run.sh). Everything it makes goes to bench/work/.
#
# usage: bench/spacing.sh [path/to/hanji] [BOOK...]   (books: sample handbook; default both)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
HANJI=$(realpath "${1:-$here/build/hanji}")
shift $(($# > 0 ? 1 : 0))
books=("$@")
[ ${#books[@]} -gt 0 ] || books=(sample handbook)
W=$here/bench/work
mkdir -p "$W"

need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v pandoc >/dev/null || need+=(pandoc)
command -v pdflatex >/dev/null || need+=(texlive-latex-recommended texlive-fonts-recommended lmodern)
[ -d /usr/share/doc/debian-handbook/html/en-US ] || need+=(debian-handbook)
command -v npm >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2 || true
fi
. "$here/bench/typst.sh"
typst_setup "$W"

row() { # row BOOK TOOL PDF
  local m
  if [ -s "$3" ] && m=$(python3 "$here/bench/wordgap.py" "$3" --tsv); then
    IFS=$'\t' read -r lines med p95 p05 hy past <<<"$m"
    printf '%-9s %-8s %6s %6s %8s %8s %8s %9s %8s\n' "$1" "$2" \
      "$(pdfinfo "$3" 2>/dev/null | awk '/^Pages:/ {print $2}')" "$lines" "$med" "$p95" "$p05" \
      "$past" "$hy"
  else
    printf '%-9s %-8s failed\n' "$1" "$2"
  fi
}

printf '%-9s %-8s %6s %6s %8s %8s %8s %9s %8s\n' book tool pages lines median p95/med p05/med \
  past_marg hyph_row
for b in "${books[@]}"; do
  case $b in
  sample) # a copy: md2typst.py writes its main.typ into book/
    P=$W/sample
    rm -rf "$P" && mkdir -p "$P" && cp -r "$here/book" "$here/images" "$here/fonts" "$P/" ;;
  handbook)
    P=$W/handbook
    [ -f "$P/book/book.yaml" ] || python3 "$here/bench/handbook.py" "$P" >&2 || continue
    ;;
  *) echo "unknown book $b" >&2; continue ;;
  esac
  O=$W/spacing-$b
  rm -rf "$O"
  mkdir -p "$O"
  "$HANJI" build "$P" -o "$O/hanji" --pdf -q
  row "$b" hanji "$(ls "$O"/hanji/*.pdf 2>/dev/null | head -1)"

  chapters=$(awk '/^  - .*\.md/ {print $2}' "$P/book/book.yaml")
  [ -n "$chapters" ] || chapters=$(cd "$P/book" && ls -- *.md)
  if command -v pdflatex >/dev/null; then
    # from book/, where the chapters' image paths (../images/x.png) start
    (cd "$P/book" && pandoc -f gfm+footnotes -s -t latex $chapters -o "$O/latex.tex" \
      -V documentclass=book -V classoption=oneside -V fontsize=10pt -V lmodern \
      -V geometry:paperwidth=6in,paperheight=9in,inner=0.875in,outer=0.625in,top=0.75in,bottom=0.875in &&
      TEXINPUTS=.:"$P/book": pdflatex -interaction=nonstopmode -halt-on-error=0 \
        -output-directory "$O" "$O/latex.tex" >"$O/latex.log" 2>&1)
    row "" pdflatex "$O/latex.pdf"
  fi
  if [ "$TYPST_OK" = 1 ]; then
    python3 "$here/bench/md2typst.py" "$P" "$P/book/main.typ" &&
      node "$W/typst-pdf.cjs" "$P/book/main.typ" "$O/typst.pdf" "$here/fonts" "$P" 2>"$O/typst.log"
    row "" Typst "$O/typst.pdf"
  fi
done
