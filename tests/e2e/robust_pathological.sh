#!/usr/bin/env bash
# robust_pathological.sh: pathological books finish, with time and memory growing no faster
# than linearly: 10,000 nested block quotes, 10,000 nested lists, a 5 MB paragraph, a
# 10,000-character word, a 200-column table, 5,000 footnotes and 100,000 headings. Each is built
# at the issue's size and at a quarter of it (tests/fixtures/robust/gen.py); the larger may take
# at most 8 times the CPU time and memory of the smaller (4 times is linear; noise needs the
# rest), and every build stays under an absolute memory cap. A 20,000 x 20,000 pixel image is refused
# with a message, in little memory. Then the inputs of issue 12 (see below).
# Under a sanitizer build the sizes are divided by 4 (ASan is slow and memory-hungry);
# HANJI_ROBUST_SCALE=0.1 (say) overrides the scale.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/check.sh"
export SOURCE_DATE_EPOCH=1700000000
GEN=$SRC/tests/fixtures/robust/gen.py

scale=1
cap_kb=$((2560 * 1024)) # 2.5 GB: 100,000 headings need about 1.4 GB (9,400 pages)
if ldd "$HANJI" 2>/dev/null | grep -q libasan || nm "$HANJI" 2>/dev/null | grep -q ' __asan_init'; then
  scale=0.25
  cap_kb=$((3072 * 1024))
fi
scale=${HANJI_ROBUST_SCALE:-$scale}
small=$(awk -v s="$scale" 'BEGIN {print s / 4}')

# run KIND SCALE: builds the generated book; sets st, secs, kb
run() {
  local d=$tmp/$1-$2
  python3 "$GEN" "$1" "$2" "$d"
  # CPU time (user + system), not wall time: other work on the machine barely changes it
  /usr/bin/time -f "%U %S %M" -o "$d.time" "$HANJI" build "$d" -o "$d/out" -q >/dev/null \
    2>"$d.err"
  st=$?
  local u=999 sy=0
  read -r u sy kb <"$d.time" 2>/dev/null || { u=999; kb=999999999; }
  # /usr/bin/time writes "Command exited with non-zero status N" first when N != 0
  if [ "$st" != 0 ]; then read -r u sy kb < <(tail -n 1 "$d.time"); fi
  secs=$(awk -v u="$u" -v s="$sy" 'BEGIN {printf "%.2f", u + s}')
}

printf '%-14s %10s %10s %10s %10s\n' kind "s (1/4)" "s (full)" "MB (1/4)" "MB (full)"
for kind in nested-quotes nested-lists paragraph long-word wide-table footnotes headings; do
  run "$kind" "$small"
  st1=$st s1=$secs k1=$kb
  run "$kind" "$scale"
  st2=$st s2=$secs k2=$kb
  printf '%-14s %10s %10s %10d %10d\n' "$kind" "$s1" "$s2" $((k1 / 1024)) $((k2 / 1024))
  check "$kind: builds at a quarter size (status $st1)" test "$st1" = 0
  check "$kind: builds at full size (status $st2)" test "$st2" = 0
  check "$kind: no sanitizer report" \
    sh -c "! grep -qE 'AddressSanitizer|runtime error:' '$tmp/$kind-$small.err' '$tmp/$kind-$scale.err'"
  # time: 4x the input may take at most 8x as long (small times floored at 0.5 s: start-up)
  check "$kind: time grows linearly (${s1} s -> ${s2} s)" \
    awk -v a="$s1" -v b="$s2" 'BEGIN {if (a < 0.5) a = 0.5; exit !(b <= 8 * a && b < 300)}'
  check "$kind: memory grows linearly (${k1} kB -> ${k2} kB)" \
    awk -v a="$k1" -v b="$k2" 'BEGIN {if (a < 50000) a = 50000; exit !(b <= 8 * a)}'
  check "$kind: memory under $((cap_kb / 1024)) MB (${k2} kB)" test "$k2" -le "$cap_kb"
done

# Inputs that were super-linear (issue 12) and now have a bound or a linear algorithm: a
# 300 kB line of code and 200,000 "![[]()" build (the empty images are errors: status 1, but
# never slow); 2,000 aliases of a 10 kB value, 20,000 keywords and authors, 100,000 nested
# flow sequences in book.yaml and a JPEG of 2,600 scans are refused with a located message.
# Each at its size and a quarter of it, with the same growth bounds as above.
for kind in code-line brackets yaml-aliases keywords yaml-nesting jpeg-scans; do
  run "$kind" "$small"
  st1=$st s1=$secs k1=$kb
  run "$kind" "$scale"
  st2=$st s2=$secs k2=$kb
  printf '%-14s %10s %10s %10d %10d\n' "$kind" "$s1" "$s2" $((k1 / 1024)) $((k2 / 1024))
  case $kind in
    code-line) want=0 msg="" ;;
    brackets) want=1 msg="book/a.md:3:1: error: image '' not found" ;;
    yaml-aliases) want=1 msg="book/book.yaml:2:4: error: the text values, aliases repeated, have too many bytes in all" ;;
    keywords) want=1 msg="book/book.yaml:2:11: error: 'keywords' has too many entries (at most 1000)" ;;
    yaml-nesting) want=1 msg="book/book.yaml:2:26: error: maps and lists nest too deep (at most 16)" ;;
    jpeg-scans) want=1 msg="book/a.md:3:1: error: image 'images/scans.jpg' cannot be used: the JPEG file has more than 100 scans" ;;
  esac
  check "$kind: status $want at full size (got $st2)" test "$st2" = "$want"
  if [ -n "$msg" ]; then
    check "$kind: the message" grep -q "$msg" "$tmp/$kind-$scale.err"
  fi
  check "$kind: no sanitizer report" \
    sh -c "! grep -qE 'AddressSanitizer|runtime error:' '$tmp/$kind-$small.err' '$tmp/$kind-$scale.err'"
  check "$kind: time grows linearly (${s1} s -> ${s2} s)" \
    awk -v a="$s1" -v b="$s2" 'BEGIN {if (a < 0.5) a = 0.5; exit !(b <= 8 * a && b < 60)}'
  check "$kind: memory grows linearly (${k1} kB -> ${k2} kB)" \
    awk -v a="$k1" -v b="$k2" 'BEGIN {if (a < 50000) a = 50000; exit !(b <= 8 * a)}'
  check "$kind: memory under 1 GB (${k2} kB)" test "$k2" -le $((1024 * 1024))
done

# the 20,000 x 20,000 image (a real 1-bit PNG: 50 kB of file, 1.2 GB as RGB pixels)
run huge-image 1
check "huge image: refused, status 1 (got $st)" test "$st" = 1
check "huge image: the message gives the size and the limit" \
  grep -q "book/a.md:3:1: error: image '.*huge.png' is [0-9]*x[0-9]* pixels; the limit is" \
  "$tmp/huge-image-1.err"
check "huge image: under 300 MB of memory (${kb} kB)" test "$kb" -le $((300 * 1024))
check "huge image: no output written" test ! -e "$tmp/huge-image-1/out"

check_done
