#!/usr/bin/env bash
# epub_fonts.sh: fonts embedded in the EPUB (epub-fonts: embed in book.yaml), on the fixture book
# tests/fixtures/books/all, built as EPUB alone (the PDF path has not loaded the fonts) and with
# the PDF. Checks with tools hanji did not write (zipfile, fc-query, a maxp reader, epubcheck):
# every embedded face is in the zip and in the manifest with a font media type; it is a real
# subset (fewer glyphs than the bundled file it comes from); every character of the chapters'
# text is drawn by some embedded face (the task boxes aside: the stylesheet sets them in the
# reader's sans-serif); the stylesheet has an @font-face for each file under the font's own
# family name, and its body and code font lists name them and end in the generic family;
# epubcheck reports no error and no warning.
# Without the key the EPUB has no fonts, and the key leaves the PDF byte-identical.
# Usage: bash epub_fonts.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
EPUBCHECK=${EPUBCHECK:-/usr/bin/epubcheck}
BOOK=$SRC/tests/fixtures/books/all
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
die() { echo "FAIL: $*"; fail=1; }

for tool in python3 fc-query java; do
    command -v $tool >/dev/null 2>&1 || {
        echo "FAIL: $tool is not installed (apt-get install python3 fontconfig default-jre-headless)"
        exit 1
    }
done
[ -r "$EPUBCHECK" ] || { echo "FAIL: epubcheck not found at $EPUBCHECK"; exit 1; }
grep -q '^epub-fonts: *embed' "$BOOK/book/book.yaml" ||
    { echo "FAIL: $BOOK/book/book.yaml does not ask for epub-fonts: embed"; exit 1; }

# fonts_check.py EPUB FONTDIR: the checks on one EPUB's fonts
cat >"$tmp/fonts_check.py" <<'EOF'
import html.parser, os, re, struct, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

epub, fontdir, work = sys.argv[1], sys.argv[2], sys.argv[3]
problems = []
z = zipfile.ZipFile(epub)
names = z.namelist()
OPF = '{http://www.idpf.org/2007/opf}'
opf_path = 'EPUB/package.opf'
opf = ET.fromstring(z.read(opf_path))
manifest = {'EPUB/' + i.get('href'): i.get('media-type') for i in opf.iter(OPF + 'item')}
fonts = [n for n in names if n.startswith('EPUB/fonts/')]
if not fonts:
    print('no EPUB/fonts/ entries in the zip')
    sys.exit(1)

def num_glyphs(data):
    """maxp.numGlyphs, read from the table directory."""
    ntables = struct.unpack('>H', data[4:6])[0]
    for i in range(ntables):
        tag, _, off, _ = struct.unpack('>4sIII', data[12 + 16 * i:28 + 16 * i])
        if tag == b'maxp':
            return struct.unpack('>H', data[off + 4:off + 6])[0]
    return None

def query(path, what):
    return subprocess.run(['fc-query', '-f', what, path], capture_output=True, text=True,
                          check=True).stdout

def charset(path):
    out = set()
    for r in query(path, '%{charset}').split():
        a, _, b = r.partition('-')
        out.update(range(int(a, 16), int(b or a, 16) + 1))
    return out

originals = {}
for f in sorted(os.listdir(fontdir)):
    if f.endswith('.ttf'):
        p = os.path.join(fontdir, f)
        originals[query(p, '%{postscriptname}')] = p

covered = set()
sizes = []
own_family = {}
for n in fonts:
    # core media types of a TrueType-outline font (EPUB 3.3 section 3.2; Calibre's check wants
    # application/vnd.ms-opentype in a version 3.0 package)
    if manifest.get(n) not in ('font/ttf', 'application/font-sfnt', 'application/vnd.ms-opentype'):
        problems.append(f'{n}: manifest media type {manifest.get(n)!r} is not a font type')
    data = z.read(n)
    path = os.path.join(work, os.path.basename(n))
    with open(path, 'wb') as fh:
        fh.write(data)
    ps = query(path, '%{postscriptname}')
    orig = originals.get(ps)
    if not orig:
        problems.append(f'{n}: PostScript name {ps!r} is none of the bundled fonts\'')
        continue
    with open(orig, 'rb') as fh:
        odata = fh.read()
    g, og = num_glyphs(data), num_glyphs(odata)
    if g is None or og is None or g >= og:
        problems.append(f'{n}: {g} glyphs, not fewer than {os.path.basename(orig)}\'s {og}')
    if len(data) >= len(odata):
        problems.append(f'{n}: {len(data)} bytes, not smaller than {os.path.basename(orig)}')
    cs = charset(path)
    covered |= cs
    own_family[n] = [x.strip() for x in query(path, '%{family}').split(',')]
    sizes.append(f'{os.path.basename(n)} {len(data)} bytes {g}/{og} glyphs ({ps})')

class Text(html.parser.HTMLParser):
    """The text of a content document: the body only, task boxes left out."""
    def __init__(self):
        super().__init__()
        self.body = self.skip = 0
        self.chars = set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'body':
            self.body = 1
        if self.skip or (tag == 'span' and a.get('class') == 'task-box'):
            self.skip += 1
    def handle_endtag(self, tag):
        if self.skip and tag == 'span':
            self.skip -= 1
    def handle_data(self, d):
        if self.body and not self.skip:
            self.chars.update(ord(c) for c in d if ord(c) > 0x20)

text = Text()
chapters = [n for n in names if re.match(r'EPUB/chapter-\d+\.xhtml$', n)]
for n in chapters:
    text.feed(z.read(n).decode('utf-8'))
missing = sorted(text.chars - covered)
if missing:
    problems.append('characters of the chapters no embedded face draws: ' +
                    ' '.join(f'U+{c:04X}' for c in missing))
for c in (0xAE40, 0xBBFC, 0xC900):  # the fixture's Hangul (김민준) must be among them
    if c not in covered:
        problems.append(f'U+{c:04X} (Hangul in the fixture) is in no embedded face')

css = z.read('EPUB/style.css').decode('utf-8')
faces = re.findall(r'@font-face\s*\{([^}]*)\}', css)
srcs = {}
for f in faces:
    fam = re.search(r'font-family:\s*"([^"]+)"', f)
    src = re.search(r'src:\s*url\("?([^")]+)"?\)', f)
    if not fam or not src:
        problems.append(f'@font-face without family or src: {f.strip()}')
        continue
    srcs['EPUB/' + src.group(1)] = fam.group(1)
for n in fonts:
    if n not in srcs:
        problems.append(f'{n}: no @font-face names it')
    elif n in own_family and srcs[n] not in own_family[n]:
        problems.append(f'{n}: @font-face family {srcs[n]!r} is not the font\'s own '
                        f'{own_family[n]} (readers and Calibre warn)')
for s in srcs:
    if s not in names:
        problems.append(f'@font-face src {s} is not in the zip')
def prop(rule, name):
    m = re.search(name + r':\s*(\w+)', rule)
    return m.group(1) if m else None
styles = [(prop(f, 'font-style'), prop(f, 'font-weight')) for f in faces]
for want in (('normal', 'normal'), ('italic', 'normal'), ('normal', 'bold'), ('italic', 'bold')):
    if want not in styles:
        problems.append(f'no @font-face with font-style {want[0]} and font-weight {want[1]}')
families = set(srcs.values())
for sel, generic in (('body', 'serif'), ('code', 'monospace'), ('pre', 'monospace')):
    m = re.search(r'(?m)^' + sel + r'\s*\{[^}]*font-family:\s*([^;]+);', css)
    if not m:
        problems.append(f'{sel}: no font-family')
        continue
    stack = [s.strip().strip('"') for s in m.group(1).split(',')]
    if stack[-1] != generic:
        problems.append(f'{sel}: font list {m.group(1)!r} does not end in {generic}')
    if not any(s in families for s in stack[:-1]):
        problems.append(f'{sel}: font list {m.group(1)!r} names no embedded face')

for p in problems:
    print(p)
for s in sizes:
    print('  ' + s)
print(f'fonts_check: {len(fonts)} faces, {len(text.chars)} characters in the chapters, '
      f'{len(problems)} problem(s)')
sys.exit(1 if problems else 0)
EOF

check() { # check NAME EPUB
    mkdir -p "$tmp/$1.work"
    if python3 "$tmp/fonts_check.py" "$2" "$SRC/fonts" "$tmp/$1.work" >"$tmp/$1.log" 2>&1; then
        echo "ok: $1: $(tail -n 1 "$tmp/$1.log")"
        grep '^  ' "$tmp/$1.log"
    else
        die "$1:"
        cat "$tmp/$1.log"
    fi
    java -jar "$EPUBCHECK" "$2" >"$tmp/$1.epubcheck" 2>&1
    local rc=$?
    if [ $rc -ne 0 ] || grep -qE '^(ERROR|WARNING|FATAL)' "$tmp/$1.epubcheck" ||
            ! grep -q 'No errors or warnings detected' "$tmp/$1.epubcheck"; then
        die "$1: epubcheck (exit $rc):"
        grep -E '^(ERROR|WARNING|FATAL)' "$tmp/$1.epubcheck" | head -n 30
    else
        echo "ok: $1: epubcheck 0 errors, 0 warnings"
    fi
}

build() { # build OUTDIR PROJECT [FLAGS]
    local out=$1 project=$2
    shift 2
    if ! SOURCE_DATE_EPOCH=1700000000 "$HANJI" build "$project" -o "$out" -q "$@" \
            >"$out.log" 2>&1; then
        die "hanji build $* of $project failed:"
        cat "$out.log"
        return 1
    fi
}

# EPUB alone: the fonts are loaded for the EPUB only
build "$tmp/epub" "$BOOK" --epub && check epub-only "$tmp/epub/all.epub"
# with the PDF
build "$tmp/both" "$BOOK" && check with-pdf "$tmp/both/all.epub"

# the check must notice a face left out (here the Hangul fallback)
if [ -f "$tmp/epub/all.epub" ]; then
    python3 - "$tmp/epub/all.epub" "$tmp/dropped.epub" <<'EOF'
import sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], 'w') as zout:
    for info in zin.infolist():
        if 'fallback' not in info.filename:
            zout.writestr(info, zin.read(info.filename))
EOF
    mkdir -p "$tmp/dropped.work"
    if python3 "$tmp/fonts_check.py" "$tmp/dropped.epub" "$SRC/fonts" "$tmp/dropped.work" \
            >"$tmp/dropped.log" 2>&1; then
        die "fonts_check.py did not notice the fallback face missing"
    else
        echo "ok: a missing face is caught: $(head -n 1 "$tmp/dropped.log")"
    fi
fi

# without the key: no fonts, the default stylesheet, and the PDF is unchanged
cp -r "$BOOK" "$tmp/nofonts"
sed -i '/^epub-fonts:/d' "$tmp/nofonts/book/book.yaml"
if build "$tmp/off" "$tmp/nofonts"; then
    python3 - "$tmp/off/all.epub" <<'EOF' || die "without epub-fonts the EPUB has fonts"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = [n for n in z.namelist() if n.startswith('EPUB/fonts/')]
css = z.read('EPUB/style.css').decode()
if bad or '@font-face' in css or 'hanji-' in css:
    print('fonts:', bad, '@font-face' in css)
    sys.exit(1)
EOF
    if [ -f "$tmp/both/all.pdf" ]; then
        cmp -s "$tmp/off/all.pdf" "$tmp/both/all.pdf" ||
            die "epub-fonts: embed changed the PDF"
    fi
    echo "ok: without epub-fonts: no fonts in the EPUB; the PDF is the same with and without"
fi
exit $fail
