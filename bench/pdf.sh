#!/usr/bin/env bash
# pdf.sh: times `hanji build --pdf` on the sample book (the repository) and on generated books
# of 100, 250 and 500 pages (bench/genbook.py), and prints wall time, user time and peak RSS
# from /usr/bin/time -v. Target: 500 pages in <= 0.5 s and <= 64 MB, growing linearly.
# usage: bench/pdf.sh [path/to/hanji]   (default: build/hanji under the repository)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
HANJI=${1:-$here/build/hanji}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in 100 250 500; do
  python3 "$here/bench/genbook.py" "$tmp/gen$n" "$n"
done
printf '%-14s %6s %8s %8s %9s\n' book pages wall_s user_s peak_MB
run() {
  local name=$1 proj=$2
  /usr/bin/time -v "$HANJI" build "$proj" -o "$tmp/out-$name" --pdf -q 2>"$tmp/$name.time" >/dev/null || {
    echo "$name: build failed"; cat "$tmp/$name.time"; return; }
  local pdf pages wall user rss
  pdf=$(ls "$tmp/out-$name"/*.pdf | head -1)
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
         for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s}' "$tmp/$name.time")
  user=$(awk -F': ' '/User time/ {print $2}' "$tmp/$name.time")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.1f", $2 / 1024}' "$tmp/$name.time")
  printf '%-14s %6s %8s %8s %9s\n' "$name" "$pages" "$wall" "$user" "$rss"
}
run sample "$here"
for n in 100 250 500; do
  run "generated-$n" "$tmp/gen$n"
done
