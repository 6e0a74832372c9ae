# common.sh: sourced by tests/e2e/reader_*.sh. Builds the books the reader tests use -- the
# sample book (the repository itself), tests/fixtures/books/all and tests/fixtures/books/screens
# (long words and URLs, a tall image: small screens) -- EPUB and PDF in one run, so the EPUB
# carries the print page-list, and says clearly when a tool is missing: outside
# CI a missing tool skips the test (exit 0 after "SKIP: ..."), in CI (CI=true) it fails, since
# setup.sh installs everything there.
# Expects HANJI and SRC; sets READERS (this folder), TMP (removed on exit), BOOKS ("name epub
# pdf" lines) and fail=0.
READERS="$SRC/tests/readers"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

# missing WHAT HOW: a tool is not there
missing() {
    if [ "${CI:-}" = true ]; then
        echo "FAIL: missing tool: $1 ($2); CI must have it (setup.sh installs it)"
        exit 1
    fi
    echo "SKIP: missing tool: $1 ($2)"
    exit 0
}
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing "$1" "$2"; }
need_node_modules() {
    need_cmd node "apt-get install nodejs"
    [ -d "$READERS/node_modules/playwright-core" ] ||
        missing "node modules in tests/readers" \
            "cd tests/readers && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund"
}

# build_books [NAME...]: builds the books (default: all three) into $TMP/NAME/ and lists them
# in $TMP/books
build_books() {
    : >"$TMP/books"
    local name project
    [ $# -eq 0 ] && set -- sample all screens
    for name in "$@"; do
        project=$SRC
        [ $name != sample ] && project=$SRC/tests/fixtures/books/$name
        mkdir -p "$TMP/$name"
        if ! SOURCE_DATE_EPOCH=1700000000 "$HANJI" build "$project" -o "$TMP/$name" -q \
                >"$TMP/$name/build.log" 2>&1; then
            die "$name: hanji build failed:"
            cat "$TMP/$name/build.log"
            continue
        fi
        echo "$name $(ls "$TMP/$name"/*.epub) $(ls "$TMP/$name"/*.pdf)" >>"$TMP/books"
    done
}
