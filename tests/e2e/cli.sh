#!/usr/bin/env bash
# cli.sh: the command-line contract: usage errors exit 2, --help/--version, `hanji init` makes a
# project that builds, output names, -o, --pdf/--epub, and a failed build leaving the previous
# outputs byte-for-byte intact with no temporary files behind.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/check.sh"
status() { "$@" >/dev/null 2>&1; echo $?; }

check "no arguments is a usage error" test "$(status "$HANJI")" = 2
check "unknown command is a usage error" test "$(status "$HANJI" frobnicate)" = 2
check "unknown option is a usage error" test "$(status "$HANJI" build --frob)" = 2
check "bad --dump is a usage error" test "$(status "$HANJI" build --dump=x)" = 2
check "missing project folder is a usage error" test "$(status "$HANJI" build "$tmp/nope")" = 2
check "--help exits 0" test "$(status "$HANJI" --help)" = 0
check "--help prints usage" sh -c "'$HANJI' --help | grep -q 'hanji build'"
check "--version" sh -c "'$HANJI' --version | grep -q '^hanji [0-9]'"

# init makes a project that builds as it is
check "init exits 0" test "$(status "$HANJI" init "$tmp/new")" = 0
check "init writes book.yaml" test -f "$tmp/new/book/book.yaml"
"$HANJI" build "$tmp/new" 2>"$tmp/new.err"
check "the new project builds" test $? = 0
check "the new project builds without warnings" test -z "$(grep -E ': (warning|error): ' "$tmp/new.err")"
check "output name is a slug of the title" test -f "$tmp/new/out/my-book.epub"
check "the PDF is there too" test -f "$tmp/new/out/my-book.pdf"
check "init refuses nothing but never overwrites" sh -c "'$HANJI' init '$tmp/new' 2>&1 | grep -q 'not overwritten'"

# the dumps print and write nothing; --dump=xhtml prints each chapter after its file's name
for dump in tree layout xhtml; do
  "$HANJI" build "$tmp/new" -o "$tmp/dump-$dump" --dump=$dump >"$tmp/dump-$dump.txt" 2>/dev/null
  check "--dump=$dump exits 0" test $? = 0
  check "--dump=$dump prints" test -s "$tmp/dump-$dump.txt"
  check "--dump=$dump writes nothing" test ! -e "$tmp/dump-$dump"
done
check "--dump=xhtml names the chapters" \
  test "$(grep -c '^=== chapter-0[12]\.xhtml$' "$tmp/dump-xhtml.txt")" = 2

# -o and format flags
"$HANJI" build "$tmp/new" -o "$tmp/only-epub" --epub 2>/dev/null
check "--epub writes only the EPUB" test -f "$tmp/only-epub/my-book.epub" -a ! -e "$tmp/only-epub/my-book.pdf"

# a failed build leaves the previous outputs untouched
cp "$tmp/new/out/my-book.epub" "$tmp/good.epub"
cp "$tmp/new/out/my-book.pdf" "$tmp/good.pdf"
printf '\n![Missing](../images/missing.png)\n' >>"$tmp/new/book/02-next.md"
"$HANJI" build "$tmp/new" 2>"$tmp/fail.err"
check "a build with errors exits 1" test $? = 1
check "the error names file, line and column" grep -q "^book/02-next.md:[0-9]*:1: error: image '../images/missing.png' not found" "$tmp/fail.err"
check "the EPUB is untouched" cmp -s "$tmp/good.epub" "$tmp/new/out/my-book.epub"
check "the PDF is untouched" cmp -s "$tmp/good.pdf" "$tmp/new/out/my-book.pdf"
check "no temporary files are left" test "$(ls -A "$tmp/new/out" | wc -l)" = 2

# an output folder that is a file
: >"$tmp/afile"
"$HANJI" build "$tmp/new" -o "$tmp/afile" 2>/dev/null
check "an output path that is a file is an error" test $? != 0

check_done
