#!/usr/bin/env bash
# pdf_check.sh: builds the sample book (the repository) and the fixture book
# tests/fixtures/books/all as PDF and judges them with tools hanji did not write:
#   qpdf --check clean; pdffonts: every font embedded and subset; pdftotext: every word of the
#   Markdown is there, nearly all in reading order (floats and footnotes may move a few); no word
#   past the margins (pdf-margin-check.py when present); an outline entry for every chapter and
#   level-2 section; page labels roman then decimal; two builds byte-identical. Then characters
#   beyond the BMP from fallback faces: drawn by their glyphs, extracted as themselves.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
say() { echo "pdf_check: $*"; }
bad() { echo "FAIL $*"; fail=1; }

check_book() {
  local name=$1 proj=$2
  local out1=$tmp/$name-1 out2=$tmp/$name-2
  if ! "$HANJI" build "$proj" -o "$out1" --pdf -q >"$tmp/$name.log" 2>&1; then
    bad "$name: build failed"; cat "$tmp/$name.log"; return
  fi
  local pdf
  pdf=$(ls "$out1"/*.pdf 2>/dev/null | head -1)
  [ -n "$pdf" ] || { bad "$name: no PDF written"; return; }
  "$HANJI" build "$proj" -o "$out2" --pdf -q >/dev/null 2>&1
  cmp -s "$pdf" "$out2/$(basename "$pdf")" || bad "$name: two builds differ"

  qpdf --check "$pdf" >"$tmp/$name.qpdf" 2>&1 || { bad "$name: qpdf --check"; tail -5 "$tmp/$name.qpdf"; }

  pdffonts "$pdf" 2>/dev/null | awk 'NR>2 { n++; if ($(NF-4) != "yes" || $(NF-3) != "yes") print }
      END { if (n == 0) print "no fonts" }' >"$tmp/$name.fonts"
  [ -s "$tmp/$name.fonts" ] && { bad "$name: fonts not embedded+subset:"; cat "$tmp/$name.fonts"; }

  pdftotext "$pdf" "$tmp/$name.txt" 2>/dev/null
  python3 - "$tmp/$name.txt" "$proj" <<'PY' || bad "$name: text check"
import re, sys, glob, os
txt, proj = sys.argv[1], sys.argv[2]
pdf = open(txt, encoding="utf-8").read()
pdf = re.sub(r"-\n(?=\w)", "", pdf)           # words hyphenated at line ends
def words(s):
    s = s.replace("-", "").replace("\u2011", "").lower()
    s = re.sub(r"([\uac00-\ud7a3])", r" \1 ", s)      # Hangul may break between syllables
    return re.findall(r"[^\W\d_]+|\d+", s)
pw = words(pdf)
files = sorted(glob.glob(os.path.join(proj, "book", "*.md")))
yaml = open(os.path.join(proj, "book", "book.yaml"), encoding="utf-8").read()
m = re.search(r"^chapters:\n((?:\s+- .*\n)+)", yaml, re.M)
if m:
    files = [os.path.join(proj, "book", l.strip()[2:].strip()) for l in m.group(1).splitlines()]
src = []   # every word, checked for presence
flow = []  # the running text without captions, footnotes and table captions, checked for order
def clean(t):
    t = re.sub(r"^(```|~~~).*$", "", t, flags=re.M)       # fences and their info strings
    t = re.sub(r"\{#[^}]*\}", "", t)                     # attributes
    t = re.sub(r"\]\([^)]*\)", "]", t)                   # link and image targets
    t = re.sub(r"\[\^[^\]]*\]:?", "", t)                 # footnote labels
    t = re.sub(r"^Table:", "", t, flags=re.M)
    t = re.sub(r"^(\s*[-*+]\s+)\[[ xX]\]", r"\1", t, flags=re.M)  # task markers
    return t
for f in files:
    t = open(f, encoding="utf-8").read()
    src += words(clean(t))
    body = re.sub(r"^\[\^[^\]]*\]:.*(\n(    |\t).*)*", "", t, flags=re.M)  # footnotes
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", body)                # figures
    body = re.sub(r"^Table:.*$", "", body, flags=re.M)                # table captions
    body = re.sub(r"^\|.*$", "", body, flags=re.M)                     # tables (they float)
    flow += words(clean(body))
have = set(pw)
missing = [w for w in src if w not in have]
if missing:
    print("words missing from the PDF:", " ".join(sorted(set(missing))[:30]))
    sys.exit(1)
# in order: the longest common subsequence-like matching of the two word sequences (floats and
# footnotes move a few words; running heads and the contents add words, which is fine)
import difflib
sm = difflib.SequenceMatcher(None, flow, pw, autojunk=False)
hit = sum(b.size for b in sm.get_matching_blocks())
if os.environ.get("PDF_CHECK_DEBUG"):
    i = 0
    for blk in sm.get_matching_blocks():
        if blk.a > i:
            print("unmatched:", " ".join(flow[i:blk.a])[:120])
        i = blk.a + blk.size
ratio = hit / max(1, len(flow))
print(f"{len(flow)} words, {ratio:.1%} in order")
sys.exit(0 if ratio >= 0.995 else 1)
PY

  # outline: every chapter title and level-2 heading
  qpdf --json "$pdf" >"$tmp/$name.json" 2>/dev/null
  python3 - "$tmp/$name.json" "$proj" <<'PY' || bad "$name: outline or page labels"
import json, re, sys, glob, os
j = json.load(open(sys.argv[1]))
objs = j.get("qpdf", [{}, {}])[1] if "qpdf" in j else j.get("objects", {})
def get(ref):
    if not isinstance(ref, str):
        return ref
    o = objs.get("obj:" + ref) or objs.get(ref)
    if isinstance(o, dict) and "value" in o:
        return o["value"]
    return o
def dec(s):
    if isinstance(s, str) and s.startswith("u:"):
        return s[2:]
    if isinstance(s, str) and s.startswith("b:"):
        b = bytes.fromhex(s[2:])
        return b[2:].decode("utf-16-be") if b[:2] == b"\xfe\xff" else b.decode("latin-1")
    return s
trailer = objs.get("trailer", {}).get("value", {})
root = get(trailer["/Root"])
titles = []
def walk(ref):
    while ref:
        o = get(ref)
        titles.append(dec(o.get("/Title", "")))
        if "/First" in o:
            walk(o["/First"])
        ref = o.get("/Next")
if "/Outlines" in root:
    walk(get(root["/Outlines"]).get("/First"))
proj = sys.argv[2]
want = []
for f in sorted(glob.glob(os.path.join(proj, "book", "*.md"))):
    for line in open(f, encoding="utf-8"):
        m = re.match(r"^(#{1,2}) (.*?)\s*(\{#.*\})?\s*$", line)
        if m:
            want.append(re.sub(r"[*_`]", "", m.group(2)))
flat = " | ".join(titles)
miss = [w for w in want if not any(t.endswith(w) for t in titles)]
if miss:
    print("outline lacks:", miss, "outline:", flat[:300]); sys.exit(1)
labels = get(root["/PageLabels"]) if "/PageLabels" in root else None
nums = labels.get("/Nums", []) if labels else []
styles = [get(x).get("/S") for x in nums[1::2]]
if not styles or styles[0] != "/r" or "/D" not in styles:
    print("page labels:", nums); sys.exit(1)
print(f"{len(titles)} outline entries, labels {styles}")
PY

  # mirrored margins, exactly: rectos (odd pages) have the inner margin on the left
  pdftotext -bbox "$pdf" "$tmp/$name.bbox.html" 2>/dev/null
  python3 - "$tmp/$name.bbox.html" <<'PY' || bad "$name: words outside the text block's width"
import re, sys
inner, outer, slack = 63.0, 45.0, 0.6
page, width, bad = 0, 0, []
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r'<page width="([\d.]+)"', line)
    if m:
        page += 1; width = float(m.group(1)); continue
    m = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
    if m:
        x0, x1, w = float(m.group(1)), float(m.group(2)), m.group(3)
        left, right = (inner, outer) if page % 2 == 1 else (outer, inner)
        if x0 < left - slack or x1 > width - right + slack:
            bad.append(f"p{page}: {w!r} x {x0:.1f}-{x1:.1f}")
if bad:
    print("\n".join(bad[:20])); sys.exit(1)
PY

  local mc=/work/shared/tools/pdf-margin-check.py
  if [ -f "$mc" ]; then
    # both books use the default margins (top 54, bottom 63, inner 63, outer 45, mirrored):
    # check the outer one on both sides, and leave room for running heads and folios
    python3 "$mc" "$pdf" --margins 12,45,20,45 >"$tmp/$name.margins" 2>&1 \
      || { bad "$name: words past the margins"; head -20 "$tmp/$name.margins"; }
  fi
}

check_book sample "$SRC"
if [ -d "$SRC/tests/fixtures/books/all" ]; then
  check_book all "$SRC/tests/fixtures/books/all"
else
  say "tests/fixtures/books/all missing; skipped"
fi
# Characters beyond the BMP from fallback faces (a TrueType face's codes are two bytes): each is
# drawn by its own glyph, not .notdef (ink over a fifth of its box: the .notdef box is an
# outline), laid out at its width, and extracts as itself
mkdir -p "$tmp/astral/book"
printf 'title: Astral\nlang: en\n' >"$tmp/astral/book/book.yaml"
printf '# Astral\n\nGlobe \xf0\x9f\x8c\x8d clef \xf0\x9d\x84\x9e smile \xf0\x9f\x98\x80 bold \xf0\x9d\x90\x80 end.\n' \
  >"$tmp/astral/book/a.md"
if "$HANJI" build "$tmp/astral" -o "$tmp/astral/out" --pdf -q 2>"$tmp/astral.err"; then
  pdftotext "$tmp/astral/out/astral.pdf" "$tmp/astral.txt"
  grep -q 'Globe 🌍 clef 𝄞 smile 😀 bold 𝐀 end.' "$tmp/astral.txt" ||
    { bad "astral: the characters beyond the BMP do not extract:"; grep Globe "$tmp/astral.txt"; }
  python3 - "$tmp/astral/out/astral.pdf" <<'PY' || bad "astral: a character beyond the BMP is not drawn"
import re, subprocess, sys
pdf = sys.argv[1]
bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
words, page = {}, 0
for line in bbox.splitlines():
    page += "<page " in line
    m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
    if m:
        words[m.group(5)] = (page, *map(float, m.groups()[:4]))
r, ok = 300 / 72, True
for ch in "🌍𝄞😀𝐀":
    if ch not in words:
        print(ch, "not in the text"); ok = False; continue
    p, x0, y0, x1, y1 = words[ch]
    img = subprocess.run(["pdftoppm", "-r", "300", "-gray", "-f", str(p), "-l", str(p),
                          "-x", str(int(x0 * r)), "-y", str(int(y0 * r)),
                          "-W", str(int((x1 - x0) * r)), "-H", str(int((y1 - y0) * r)), pdf],
                         capture_output=True).stdout
    head = img.split(maxsplit=4)
    w, h = int(head[1]), int(head[2])
    ink = sum(1 for b in head[4][-w * h:] if b < 128) / (w * h)
    if ink < 0.18 or x1 - x0 < 5:
        print(f"{ch}: ink {ink:.2f}, width {x1 - x0:.1f} pt"); ok = False
sys.exit(0 if ok else 1)
PY
else
  bad "astral: build failed"; cat "$tmp/astral.err"
fi

[ $fail = 0 ] && say "ok"
exit $fail
