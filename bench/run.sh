#!/usr/bin/env bash
# run.sh: the benchmark (issues 6 and 16). Prints a table; never run as a test.
#
# Books: generated books of 100, 300, 1,000 and 1,500 pages (bench/genbook.py), an image-heavy
# manual (bench/genimages.py: 2,000 PNG and JPEG images, 48 MB, 3,000 placements) and the Debian
# Administrator's Handbook (Debian's debian-handbook package, converted to Markdown chapters by
# bench/handbook.py with pandoc). For each: `hanji build` (PDF + EPUB), and when installed
# pandoc -> EPUB (same Markdown) and Typst -> PDF (@myriaddreamin/typst-ts-node-compiler fed
# with bench/md2typst.py's translation of the same Markdown; the translation is not timed).
# Figures: wall and user seconds, peak RSS (/usr/bin/time -v), pages (pdfinfo), output size.
# Then the ratios against the targets, and a one-paragraph edit in `hanji watch` on the
# 300-page book (build time and edit-to-outputs-written time, as the status line reports them).
#
# Installs what it needs when missing (when run as root): Debian packages debian-handbook,
# pandoc, poppler-utils, time, nodejs, npm; the npm package
# @myriaddreamin/typst-ts-node-compiler into bench/work/node_modules. Everything it makes goes
# to bench/work/ (gitignored).
#
# usage: bench/run.sh [path/to/hanji]   (default: build/hanji; use a Release build)
#   RUNS=N   runs per measurement (every tool), the median kept (default 3)
#   QUICK=1  skip the Handbook, the 1,000- and 1,500-page books and the image-heavy manual
#   WATCH_ONLY=1  only the watch measurement
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
HANJI=$(realpath "${1:-$here/build/hanji}")
RUNS=${RUNS:-3}
W=$here/bench/work
mkdir -p "$W"

# ---- tools ----------------------------------------------------------------------------------
need_pkgs=()
[ -x /usr/bin/time ] || need_pkgs+=(time)
command -v pdfinfo >/dev/null || need_pkgs+=(poppler-utils)
command -v pandoc >/dev/null || need_pkgs+=(pandoc)
[ -d /usr/share/doc/debian-handbook/html/en-US ] || need_pkgs+=(debian-handbook)
command -v npm >/dev/null || need_pkgs+=(nodejs npm)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: ${need_pkgs[*]}" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_pkgs[@]}" >&2 ||
      echo "apt-get failed; measuring what is installed" >&2
  else
    echo "missing (install as root): ${need_pkgs[*]}" >&2
  fi
fi
. "$here/bench/typst.sh"
typst_setup "$W"

# ---- books ----------------------------------------------------------------------------------
books=(gen100 gen300)
[ "${QUICK:-0}" = 1 ] || books+=(gen1000 gen1500)
for b in "${books[@]}"; do
  n=${b#gen}
  [ -f "$W/$b/book/book.yaml" ] || python3 "$here/bench/genbook.py" "$W/$b" "$n" >/dev/null
done
if [ "${QUICK:-0}" != 1 ]; then
  [ -f "$W/images/book/book.yaml" ] || python3 "$here/bench/genimages.py" "$W/images" >&2
  books+=(images)
fi
if [ "${QUICK:-0}" != 1 ] && [ -d /usr/share/doc/debian-handbook/html/en-US ] &&
  command -v pandoc >/dev/null; then
  [ -f "$W/handbook/book/book.yaml" ] || python3 "$here/bench/handbook.py" "$W/handbook" >&2
  books+=(handbook)
fi

# ---- measuring ------------------------------------------------------------------------------
# timed OUTFILE CMD...: runs CMD under /usr/bin/time -v; sets WALL USER RSS (s, s, MB), RC
timed() {
  local tf=$W/time.txt
  /usr/bin/time -v -o "$tf" "$@" >/dev/null 2>"$W/last.err"
  RC=$?
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
         for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s}' "$tf")
  USER=$(awk -F': ' '/User time/ {printf "%.2f", $2}' "$tf")
  RSS=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$tf")
}
# measure CMD...: runs CMD RUNS times (timed); sets WALL USER RSS of the run with the median
# wall time, RC of the last run
measure() {
  local runs=() r
  for ((r = 0; r < RUNS; r++)); do
    timed "$@"
    [ "$RC" = 0 ] || return
    runs+=("$WALL $USER $RSS")
  done
  read -r WALL USER RSS < <(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
}
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }
kb() { [ -f "$1" ] && echo $(( ($(stat -c %s "$1") + 1023) / 1024 )) || echo -; }

printf '%-9s %-14s %6s %7s %7s %8s %9s %9s\n' book tool pages wall_s user_s peak_MB pdf_KB epub_KB
declare -A HW HU HR PW TW
[ "${WATCH_ONLY:-0}" = 1 ] && books=()
for b in "${books[@]}"; do
  P=$W/$b
  out=$W/out-$b
  name=$(awk '/^output-name:/ {print $2}' "$P/book/book.yaml")
  [ -n "$name" ] || name=$(ls "$P"/book/*.md >/dev/null 2>&1 && echo book)
  rm -rf "$out"
  measure "$HANJI" build "$P" -o "$out" -q
  if [ "$RC" != 0 ]; then echo "$b: hanji failed:"; head -5 "$W/last.err"; continue; fi
  best=$WALL bu=$USER br=$RSS
  pdf=$(ls "$out"/*.pdf | head -1)
  epub=$(ls "$out"/*.epub | head -1)
  HW[$b]=$best HU[$b]=$bu HR[$b]=$br
  printf '%-9s %-14s %6s %7s %7s %8s %9s %9s\n' "$b" "hanji build" "$(pages "$pdf")" "$best" "$bu" \
    "$br" "$(kb "$pdf")" "$(kb "$epub")"

  if command -v pandoc >/dev/null; then
    chapters=$(awk '/^  - .*\.md/ {print "book/" $2}' "$P/book/book.yaml")
    [ -n "$chapters" ] || chapters=$(cd "$P" && ls book/*.md)
    title=$(awk -F': ' '/^title:/ {print $2; exit}' "$P/book/book.yaml")
    pushd "$P" >/dev/null
    measure pandoc -f gfm+footnotes --resource-path=book -M "title=$title" \
      -o "$W/pandoc-$b.epub" $chapters
    popd >/dev/null
    PW[$b]=$WALL
    printf '%-9s %-14s %6s %7s %7s %8s %9s %9s\n' "" "pandoc EPUB" - "$WALL" "$USER" "$RSS" - \
      "$(kb "$W/pandoc-$b.epub")"
  fi
  if [ "$TYPST_OK" = 1 ]; then
    python3 "$here/bench/md2typst.py" "$P" "$P/book/main.typ"
    measure node "$W/typst-pdf.cjs" "$P/book/main.typ" "$W/typst-$b.pdf" "$here/fonts" "$P"
    if [ "$RC" = 0 ]; then
      TW[$b]=$WALL
      printf '%-9s %-14s %6s %7s %7s %8s %9s %9s\n' "" "Typst PDF" "$(pages "$W/typst-$b.pdf")" \
        "$WALL" "$USER" "$RSS" "$(kb "$W/typst-$b.pdf")" -
    else
      echo "$b: typst failed:"; head -5 "$W/last.err"
    fi
  fi
done

# ---- ratios and targets ---------------------------------------------------------------------
echo
ratio() { awk "BEGIN {if ($2 > 0) printf \"%.3f\", $1 / $2; else print \"-\"}"; }
for b in "${books[@]}"; do
  [ -n "${HW[$b]:-}" ] || continue
  line="$b: hanji/Typst PDF wall"
  [ -n "${TW[$b]:-}" ] && line+=" $(ratio "${HW[$b]}" "${TW[$b]}")" || line+=" -"
  line+=", hanji/pandoc EPUB wall"
  [ -n "${PW[$b]:-}" ] && line+=" $(ratio "${HW[$b]}" "${PW[$b]}")" || line+=" -"
  echo "$line"
done
echo "targets: Handbook hanji/pandoc <= 0.100, hanji/Typst <= 0.150, peak <= 100 MB" \
  "(measured: ${HR[handbook]:--} MB); 1,500-page book and image-heavy manual hanji/Typst <= 0.200;" \
  "image-heavy manual peak <= 200 MB (measured: ${HR[images]:--} MB)"
if [ -n "${HW[gen1000]:-}" ] && [ -n "${HW[gen300]:-}" ]; then
  echo "linearity: 1,000 pages / 300 pages = $(ratio "${HW[gen1000]}" "${HW[gen300]}") (wall)," \
    "$(ratio "${HU[gen1000]}" "${HU[gen300]}") (user); target <= 3.5"
fi
if [ -n "${HW[gen1500]:-}" ] && [ -n "${HW[gen300]:-}" ]; then
  echo "linearity: 1,500 pages / 300 pages = $(ratio "${HW[gen1500]}" "${HW[gen300]}") (wall)," \
    "$(ratio "${HU[gen1500]}" "${HU[gen300]}") (user); target <= 5.25"
fi

# ---- watch: a one-paragraph edit on the 300-page book ---------------------------------------
WP=$W/watch300
rm -rf "$WP" "$W/out-watch"
cp -r "$W/gen300" "$WP"
rm -f "$WP/book/main.typ"
log=$W/watch.log
"$HANJI" watch "$WP" -o "$W/out-watch" >"$log" 2>&1 &
wpid=$!
wait_line() { # wait_line N: waits for build N's status line
  for ((i = 0; i < 600; i++)); do
    grep -q "^hanji: build $1[: ]" "$log" && return 0
    sleep 0.05
  done
  return 1
}
wait_line 1 && grep -q watching "$log" || sleep 1
ch=$(ls "$WP"/book/*.md | sed -n 5p)
for ((k = 2; k <= 8; k++)); do
  # one paragraph: change one word of the 5th chapter's first long paragraph
  python3 - "$ch" "$k" <<'EOF'
import sys
path, k = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
paras = text.split("\n\n")
i = next(i for i, p in enumerate(paras) if len(p) > 300 and not p.startswith(("#", "-", "[")))
paras[i] = paras[i].replace(" the ", " the edit%s " % k, 1)
open(path, "w", encoding="utf-8").write("\n\n".join(paras))
EOF
  wait_line "$k" || { echo "watch: no status line for build $k"; break; }
  sleep 0.3
done
kill -INT "$wpid"
wait "$wpid"
echo
echo "watch, one-paragraph edit on the 300-page book (builds 3-8; build 2 warms up):"
grep "^hanji: build [3-8]:" "$log" | sed 's/^hanji: /  /'
median() { sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]; else print "-"}'; }
st=$(grep "^hanji: build [3-8]:" "$log")
echo "  median: rebuild $(echo "$st" | sed -n 's/.*, \([0-9]*\) ms (.*/\1/p' | median) ms" \
  "($(echo "$st" | sed -n 's/.*(\([0-9]*\) ms CPU).*/\1/p' | median) ms CPU)," \
  "edit to outputs written $(echo "$st" | sed -n 's/.*; \([0-9]*\) ms after.*/\1/p' | median) ms" \
  "(targets: <= 30 ms CPU, <= 50 ms to both files)"
cmp -s "$W/out-watch/a-generated-book.pdf" <("$HANJI" build "$WP" -o "$W/out-watch-fresh" -q &&
  cat "$W/out-watch-fresh/a-generated-book.pdf") && echo "  (watch output identical to a fresh build)"
