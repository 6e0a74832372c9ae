#!/usr/bin/env bash
# golden.sh: the golden cases. Each folder tests/cases/NAME/ is one run of `hanji build` whose
# standard output (a dump), diagnostics and exit status are compared with the files the case
# holds:
#   book/...         the project (book/book.yaml, book/*.md, images/, fonts/), or
#   project          one line: a project folder elsewhere in the repository, relative to its root
#                    (tests/fixtures/books/all), for a book that other tests use too
#   args             the arguments for `hanji build` (optional; default: --dump=tree), e.g.
#                    --dump=layout, --dump=xhtml, or --epub for a case about its diagnostics
#   expected.out     the expected standard output (the dump); when absent, not compared
#   expected.err     the expected diagnostics (standard error)
#   expected.status  the expected exit status
#   highlight        optional, empty: the case is about syntax highlighting; the others are run
#                    with --no-highlight (their dumps do not depend on the grammars a build has),
#                    and this one is skipped when hanji was built without the grammars
#                    (`hanji --version` says "no grammars"; ./setup.sh installs them)
#   check            optional: a bash script run as `bash check OUT ERR` on the run's output and
#                    diagnostics, for what the case is there to show (a construct that must be
#                    in the dump), so that a careless update cannot lose it; nonzero fails
# hanji runs from the project folder, so paths in messages are the project's own, and twice:
# the two runs must agree byte for byte (no addresses, no clock in a dump).
#
# Usage: bash tests/golden.sh HANJI SRC [NAME...]   (default: every case)
# HANJI_UPDATE_GOLDEN=1 rewrites the expected files of the cases run from their output (then
# still runs the checks); review the change with `git diff tests/cases`.
set -u
HANJI=$(realpath "$1")
SRC=$(realpath "$2")
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ $# -eq 0 ]; then
  for dir in "$SRC"/tests/cases/*/; do
    dir=${dir%/}
    set -- "$@" "${dir##*/}"
  done
fi

# run_case NAME CASE PROJECT RUN: runs hanji for the case into $tmp/NAME.RUN.{out,err,status}
run_case() {
  local args=(--dump=tree)
  if [ -f "$2/args" ]; then
    read -r -a args <"$2/args"
  fi
  [ -f "$2/highlight" ] || args+=(--no-highlight)
  (cd "$3" && "$HANJI" build . -o "$tmp/out-$1-$4" "${args[@]}" >"$tmp/$1.$4.out" \
    2>"$tmp/$1.$4.err")
  echo $? >"$tmp/$1.$4.status"
}

pass=0 fail=0
for name in "$@"; do
  case=$SRC/tests/cases/$name
  ok=1
  if [ ! -d "$case" ]; then
    echo "FAIL $name: no folder $case"
    fail=$((fail + 1))
    continue
  fi
  if [ -f "$case/highlight" ] && "$HANJI" --version | grep -q "no grammars"; then
    echo "skip $name: hanji was built without the tree-sitter grammars"
    pass=$((pass + 1))
    continue
  fi
  project=$case
  [ -f "$case/project" ] && project=$SRC/$(head -n1 "$case/project")
  if [ ! -d "$project" ]; then
    echo "FAIL $name: no project folder $project"
    fail=$((fail + 1))
    continue
  fi
  run_case "$name" "$case" "$project" 1
  run_case "$name" "$case" "$project" 2
  if [ "${HANJI_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/$name.1.err" "$case/expected.err"
    cp "$tmp/$name.1.status" "$case/expected.status"
    if [ -s "$tmp/$name.1.out" ] || [ -f "$case/expected.out" ]; then
      cp "$tmp/$name.1.out" "$case/expected.out"
    fi
    echo "updated $name"
  fi
  for kind in status err out; do
    want=$case/expected.$kind
    if [ ! -f "$want" ]; then
      [ "$kind" = out ] && continue
      echo "FAIL $name: $want missing (HANJI_UPDATE_GOLDEN=1 makes it)"
      ok=0
      continue
    fi
    if ! diff -u "$want" "$tmp/$name.1.$kind" >"$tmp/$name.$kind.diff"; then
      echo "FAIL $name: $kind differs from $want (HANJI_UPDATE_GOLDEN=1 to accept):"
      head -60 "$tmp/$name.$kind.diff"
      ok=0
    fi
    if ! cmp -s "$tmp/$name.1.$kind" "$tmp/$name.2.$kind"; then
      echo "FAIL $name: two runs differ in their $kind"
      diff -u "$tmp/$name.1.$kind" "$tmp/$name.2.$kind" | head -20
      ok=0
    fi
  done
  if [ -f "$case/check" ] && ! bash "$case/check" "$tmp/$name.1.out" "$tmp/$name.1.err"; then
    echo "FAIL $name: its check failed"
    ok=0
  fi
  if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
