#!/usr/bin/env bash
# robust_hostile.sh: a project written by someone else (issue 12, SECURITY.md). hanji reads
# only regular files inside the project (symbolic links to outside, FIFOs and devices are
# errors at the place that names them, and a FIFO never blocks), never makes a live PDF link of
# a javascript:/file:/data:/vbscript: or relative URL, never leaves a damaged mix of outputs,
# says where libharu failed and what TMPDIR it could not use, escapes control characters in
# messages, ends out of memory with a message and status 1, survives noncharacters, and
# fails a dump it cannot write. A German book runs clean under the sanitizers (libhyphen).
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib/check.sh"
export SOURCE_DATE_EPOCH=1700000000
IMG=$SRC/tests/fixtures/images
asan=0
if ldd "$HANJI" 2>/dev/null | grep -q libasan || nm "$HANJI" 2>/dev/null | grep -q ' __asan_init'; then
  asan=1
fi
# project DIR: a small good project
project() {
  mkdir -p "$1/book" "$1/images" "$1/fonts"
  printf 'title: Hostile\n' >"$1/book/book.yaml"
  printf '# A\n\nText.\n' >"$1/book/a.md"
}
# run NAME ARGS...: builds with a time limit; sets st, leaves $tmp/NAME.err
run() {
  local name=$1
  shift
  timeout 60 "$HANJI" build "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  st=$?
}
secret=$tmp/secret.txt
echo "SECRET-OUTSIDE-THE-PROJECT" >"$secret"

# ---- inputs: regular files inside the project only ---------------------------------------------
p=$tmp/fifo
project "$p"
mkfifo "$p/book/b.md"
run fifo "$p" -o "$p/out"
check "a FIFO chapter: does not block, status 1 (got $st)" test $st = 1
check "a FIFO chapter: located message" grep -q "^book/b.md: error: 'book/b.md' cannot be read: not a regular file" "$tmp/fifo.err"

p=$tmp/devzero
project "$p"
ln -s /dev/zero "$p/book/b.md"
run devzero "$p" -o "$p/out"
check "a chapter linked to /dev/zero: status 1 (got $st)" test $st = 1
check "a chapter linked to /dev/zero: refused, not read" grep -q "^book/b.md: error: 'book/b.md' cannot be read: not a regular file" "$tmp/devzero.err"

p=$tmp/chlink
project "$p"
ln -s "$secret" "$p/book/b.md"
run chlink "$p" -o "$p/out"
check "a chapter linked outside: status 1 (got $st)" test $st = 1
check "a chapter linked outside: not read" sh -c "! grep -rq SECRET '$p/out' 2>/dev/null"

p=$tmp/chinside
project "$p"
mkdir -p "$p/drafts"
printf '# B\n\nInside.\n' >"$p/drafts/b.md"
ln -s ../drafts/b.md "$p/book/b.md"
run chinside "$p" -o "$p/out"
check "a chapter linked inside the project: builds (status $st)" test $st = 0

p=$tmp/imgdir
project "$p"
rmdir "$p/images"
mkdir -p "$tmp/elsewhere"
cp "$IMG/rgb.png" "$tmp/elsewhere/x.png"
ln -s "$tmp/elsewhere" "$p/images"
printf '# A\n\n![X](../images/x.png)\n' >"$p/book/a.md"
run imgdir "$p" -o "$p/out"
check "images/ linked outside: status 1 (got $st)" test $st = 1
check "images/ linked outside: error at the reference" grep -q "^book/a.md:3:1: error: '../images/x.png' is a symbolic link that leads outside the project" "$tmp/imgdir.err"

p=$tmp/imgfifo
project "$p"
mkfifo "$p/images/x.png"
printf '# A\n\n![X](../images/x.png)\n' >"$p/book/a.md"
run imgfifo "$p" -o "$p/out"
check "a FIFO image: does not block, status 1 (got $st)" test $st = 1
check "a FIFO image: located message" grep -q "^book/a.md:3:1: error: '../images/x.png' cannot be read: not a regular file" "$tmp/imgfifo.err"

p=$tmp/font
project "$p"
ln -s "$(cd "$SRC" && pwd)/fonts/NotoSerif-Regular.ttf" "$p/fonts/body.ttf"
mkfifo "$p/fonts/fifo.ttf"
printf 'title: Fonts\nfonts: {body: body.ttf, italic: fifo.ttf, bold: ../../x.ttf}\n' >"$p/book/book.yaml"
run font "$p" -o "$p/out"
check "fonts linked outside, a FIFO font, ../../x.ttf: status 1 (got $st)" test $st = 1
check "... the link" grep -q "book.yaml:2:15: error: 'fonts/body.ttf' is a symbolic link that leads outside the project" "$tmp/font.err"
check "... the FIFO" grep -q "book.yaml:2:33: error: font 'fonts/fifo.ttf' cannot be used: not a regular file" "$tmp/font.err"
check "... the path" grep -q "book.yaml:2:49: error: path '../../x.ttf' leaves the project" "$tmp/font.err"

p=$tmp/css
project "$p"
head -c $((4 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$p/book/style.css"
run css "$p" -o "$p/out" --epub
check "a style.css over 4 MB: builds (status $st)" test $st = 0
check "a style.css over 4 MB: a warning" grep -q "^book/style.css: warning: style sheet is larger than 4 MB; left out of the EPUB" "$tmp/css.err"

p=$tmp/outlink
project "$p"
mkdir -p "$tmp/outside-out"
ln -s "$tmp/outside-out" "$p/out"
run outlink "$p"
check "out/ linked outside: status 1 (got $st)" test $st = 1
check "out/ linked outside: nothing written there" test -z "$(ls -A "$tmp/outside-out")"
run outlink-o "$p" -o "$p/out"
check "-o through that link (the user's word): builds (status $st)" test $st = 0

# ---- control characters in names cannot forge a message --------------------------------------
p=$tmp/names
project "$p"
bad=$(printf 'b\n\033[31mz.md:1:1: error: forged.md')
printf '\001# B\n' >"$p/book/$bad"
run names "$p" -o "$p/out" --dump=tree
check "a file name with a newline: one line, no forged one" test "$(wc -l <"$tmp/names.err")" = 1
check "a file name with a newline: escaped" grep -q '^book/b\\u000A\\u001B\[31mz.md:1:1: error: forged.md:1:1: warning: control character U+0001 removed' "$tmp/names.err"
check "messages are valid UTF-8" iconv -f UTF-8 -t UTF-8 "$tmp/names.err" -o /dev/null

# ---- links: one policy for both outputs -------------------------------------------------------
p=$tmp/links
project "$p"
cat >"$p/book/a.md" <<'EOF'
# Links

[ok](https://example.com/ok) [js](javascript:alert(1)) [file](file:///etc/passwd)
[data](data:text/html,x) [vb](VBScript:x) [rel](nope.md) [net](//example.com/x)
EOF
run links "$p" -o "$p/out"
check "links: builds (status $st)" test $st = 0
qpdf --qdf --object-streams=disable "$p/out/hostile.pdf" "$tmp/links.qdf" 2>/dev/null
check "links: the PDF has the https link" grep -aq "/URI (https://example.com/ok)" "$tmp/links.qdf"
check "links: and no other URI" test "$(grep -ac '/URI (' "$tmp/links.qdf")" = 1
(cd "$tmp" && rm -rf links-epub && mkdir links-epub && cd links-epub && unzip -q "$p/out/hostile.epub")
check "links: the EPUB links only https too" \
  test "$(grep -ho 'href="[a-zA-Z]*:[^"]*"' "$tmp"/links-epub/EPUB/*.xhtml | sort -u)" = 'href="https://example.com/ok"'

# ---- outputs: a failed build replaces nothing ---------------------------------------------------
p=$tmp/outdir
project "$p"
run first "$p" -o "$p/out"
cp "$p/out/hostile.epub" "$tmp/old.epub"
rm "$p/out/hostile.pdf"
mkdir "$p/out/hostile.pdf"
printf '\nMore.\n' >>"$p/book/a.md"
run pdfdir "$p" -o "$p/out"
check "a folder where the PDF goes: status 1 (got $st)" test $st = 1
check "... the message" grep -q "error: cannot write '.*/out/hostile.pdf': Is a directory" "$tmp/pdfdir.err"
check "... the EPUB is the previous one" cmp -s "$tmp/old.epub" "$p/out/hostile.epub"
check "... and hanji says nothing was written" grep -q "nothing written" "$tmp/pdfdir.err"

# ---- dumps, TMPDIR, libharu's limits -------------------------------------------------------------
if [ -w /dev/full ]; then
  "$HANJI" build "$p" --dump=tree >/dev/full 2>"$tmp/full.err"
  check "--dump=tree > /dev/full: status 1 (got $?)" test $? = 1
  check "--dump=tree > /dev/full: a message" grep -q "error: cannot write 'standard output'" "$tmp/full.err"
fi
TMPDIR=$tmp/no/such/dir "$HANJI" build "$p" -o "$tmp/tmpdir-out" 2>"$tmp/tmpdir.err"
check "an unusable TMPDIR: status 1 (got $?)" test $? = 1
check "an unusable TMPDIR: named in the message" grep -q "error: cannot write a temporary file in '$tmp/no/such/dir' (TMPDIR): No such file or directory" "$tmp/tmpdir.err"

p=$tmp/longurl
project "$p"
python3 -c "print('# U\n\n[long](https://example.com/' + 'a' * 70000 + ')\n\n## ' + 'word ' * 300)" >"$p/book/a.md"
run longurl "$p" -o "$p/out"
check "a 70 kB URL and a 1,500-byte heading: build (status $st)" test $st = 0
check "... the URL is text, with a warning" grep -q "^book/a.md:3:1: warning: link 'https://example.com/aaa" "$tmp/longurl.err"
qpdf --qdf --object-streams=disable "$p/out/hostile.pdf" "$tmp/longurl.qdf" 2>/dev/null
check "... and no link in the PDF" sh -c "! grep -aq '/URI (' '$tmp/longurl.qdf'"
check "... the message is cut short" test "$(wc -c <"$tmp/longurl.err")" -lt 5000

p=$tmp/longtitle
project "$p"
python3 -c "print('# ' + 'Word ' * 20000 + '\n\nText.')" >"$p/book/a.md"
run longtitle "$p" -o "$p/out" --pdf
check "a 100 kB chapter title (its contents entry taller than a page): builds (status $st)" test $st = 0
check "... a PDF that passes qpdf --check" qpdf --check "$p/out/hostile.pdf" >/dev/null

# ---- noncharacters, and a German book (libhyphen) under the sanitizers ---------------------------
p=$tmp/nonchar
project "$p"
printf '# T \xef\xbf\xbf\n\nA \xef\xbf\xbf B \xef\xb7\x90 C \xf0\x9f\xbf\xbf D.\n' >"$p/book/a.md"
run nonchar "$p" -o "$p/out"
check "noncharacters: build (status $st)" test $st = 0
check "noncharacters: no abort, no sanitizer report" sh -c "! grep -qE 'Assertion|AddressSanitizer|runtime error' '$tmp/nonchar.err'"

p=$tmp/german
project "$p"
printf 'title: Deutsch\nlang: de\n' >"$p/book/book.yaml"
printf '# Deutsch\n\nDie Donaudampfschifffahrtsgesellschaft, Zuckerb\xc3\xa4ckerei, Br\xc3\xbccke, Dackel und Fr\xc3\xbchst\xc3\xbcck.\n' >"$p/book/a.md"
run german "$p" -o "$p/out"
check "a German book: builds (status $st)" test $st = 0
check "a German book: no sanitizer report" sh -c "! grep -qE 'Sanitizer|runtime error' '$tmp/german.err'"

# ---- out of memory: a message and status 1 -------------------------------------------------------
if [ $asan = 0 ]; then
  p=$tmp/oom
  project "$p"
  python3 -c "print('# Big\n\n' + ('word ' * 2000000))" >"$p/book/a.md"
  (ulimit -v 200000; "$HANJI" build "$p" -o "$p/out" 2>"$tmp/oom.err")
  st=$?
  check "out of memory (ulimit -v 200 MB): status 1, not an abort (got $st)" test $st = 1
  check "out of memory: a message" grep -qE "out of memory|can't allocate" "$tmp/oom.err"
  # a 40-megapixel RGBA PNG (the pixel limit; about 320 MB decoded) with 250 MB of memory
  p=$tmp/bigpng
  project "$p"
  python3 - "$p/images/big.png" <<'PY'
import struct, sys, zlib
def chunk(k, d): return struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d))
w = h = 6300
z = zlib.compressobj(9)
row = b"\0" + bytes([200, 100, 50, 128]) * w
data = b"".join(z.compress(row) for _ in range(h)) + z.flush()
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
                              + chunk(b"IDAT", data) + chunk(b"IEND", b""))
PY
  printf '# A\n\n![Big](../images/big.png)\n' >"$p/book/a.md"
  (ulimit -v 250000; "$HANJI" build "$p" -o "$p/out" 2>"$tmp/bigpng.err")
  st=$?
  check "a 40-megapixel PNG in 250 MB: status 1, not an abort (got $st)" test $st = 1
  check "a 40-megapixel PNG in 250 MB: a message" grep -qE "out of memory|can't allocate" "$tmp/bigpng.err"
  check "a 40-megapixel PNG in 250 MB: nothing written" test ! -e "$p/out"
fi

check_done
