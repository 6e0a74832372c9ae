#!/usr/bin/env bash
# golden.sh: runs every case in tests/cases/ and compares what hanji prints with the golden files.
# A case is a folder holding a book project (book/book.yaml, book/*.md, ...) and:
#   args             extra arguments for `hanji build` (optional; default: --dump=tree)
#   expected.out     the expected standard output (the dump), optional
#   expected.err     the expected diagnostics (standard error)
#   expected.status  the expected exit status
# HANJI_UPDATE_GOLDEN=1 rewrites the expected files from the current output instead.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0
for case in "$SRC"/tests/cases/*/; do
  case=${case%/}
  name=$(basename "$case")
  args="--dump=tree"
  [ -f "$case/args" ] && args=$(cat "$case/args")
  # run from the case folder so paths in messages are the project's own
  (cd "$case" && "$HANJI" build . -o "$tmp/out-$name" $args >"$tmp/$name.out" 2>"$tmp/$name.err")
  echo $? >"$tmp/$name.status"
  if [ "${HANJI_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/$name.err" "$case/expected.err"
    cp "$tmp/$name.status" "$case/expected.status"
    if [ -s "$tmp/$name.out" ] || [ -f "$case/expected.out" ]; then
      cp "$tmp/$name.out" "$case/expected.out"
    fi
    echo "updated $name"
    continue
  fi
  ok=1
  for kind in status err out; do
    want="$case/expected.$kind"
    [ "$kind" = out ] && [ ! -f "$want" ] && continue
    if ! diff -u "$want" "$tmp/$name.$kind" >"$tmp/$name.$kind.diff"; then
      echo "FAIL $name: $kind differs from $want"
      head -40 "$tmp/$name.$kind.diff"
      ok=0
    fi
  done
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
