#!/usr/bin/env bash
# make-corpus.sh: fills CORPUS/{markdown,config,image,font,summary,html,highlight} with seed inputs taken from the
# test fixtures, the golden cases and the sample book (see fuzz/README.md).
# Usage: fuzz/make-corpus.sh CORPUS
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: make-corpus.sh CORPUS}
mkdir -p "$out"/{markdown,config,image,font,summary,html,highlight}
n=0
seed() { # seed KIND FILE: copies FILE under a name that keeps where it came from
  local rel=${2#"$src"/}
  cp "$2" "$out/$1/${rel//\//_}"
  n=$((n + 1))
}
for f in "$src"/book/*.md "$src"/tests/cases/*/book/*.md "$src"/tests/fixtures/books/*/book/*.md \
         "$src"/tests/fixtures/robust/*/book/*.md; do
  [ -f "$f" ] && seed markdown "$f"
done
for f in "$src"/book/book.yaml "$src"/tests/cases/*/book/book.yaml \
         "$src"/tests/fixtures/books/*/book/book.yaml; do
  [ -f "$f" ] && seed config "$f"
done
for f in "$src"/tests/fixtures/images/*.png "$src"/tests/fixtures/images/*.jpg \
         "$src"/tests/fixtures/images/*.gif "$src"/tests/fixtures/images/*.webp \
         "$src"/tests/fixtures/images/*.svg \
         "$src"/tests/cases/*/images/*; do
  [ -f "$f" ] && seed image "$f"
done
# font seeds: small subsets of the bundled fonts (fuzz/seeds/font, cut from a PDF of the
# sample book by `mutool extract`), plus the broken fonts of the unit tests
for f in "$src"/fuzz/seeds/font/* "$src"/tests/fixtures/fonts/*; do
  [ -f "$f" ] && seed font "$f"
done
for f in "$src"/tests/cases/*/book/SUMMARY.md; do
  [ -f "$f" ] && seed summary "$f"
done
# HTML seeds: the HTML sampler, and every chapter that holds a tag
for f in "$src"/tests/fixtures/books/*/book/*.md "$src"/tests/cases/*/book/*.md; do
  [ -f "$f" ] && grep -q '<[a-z]' "$f" && seed html "$f"
done
# highlight seeds: each fenced block of the code sampler as "LANGUAGE\nCODE"
awk -v dir="$out/highlight" '
  /^```/ && !inside { inside = 1; k++; f = dir "/sampler-" k; print substr($0, 4) > f; next }
  /^```/ && inside { inside = 0; close(f); next }
  inside { print > f }' "$src"/tests/fixtures/books/highlight/book/*.md
n=$((n + $(find "$out/highlight" -type f | wc -l)))
# regression inputs: every crasher the fuzzers found stays in the corpus
for kind in markdown config image font summary html highlight; do
  for f in "$src"/tests/fixtures/robust/crashers/"$kind"-*; do
    [ -f "$f" ] && seed "$kind" "$f"
  done
done
echo "make-corpus: $n seeds in $out"
