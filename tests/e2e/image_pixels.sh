#!/usr/bin/env bash
# image_pixels.sh: the PDF's images have the source images' pixels, by readers we did not write.
# A book with one figure per kind of image (PNG RGB, gray, 2-bit gray, 4-bit palette — embedded
# as they are —, RGBA and gray+alpha — read by image.c itself —, palette+tRNS, 16-bit RGB and
# interlaced RGB — read by libpng —, each with rows under every PNG filter, and a JPEG): poppler's
# pdfimages gives back each image's samples (and soft mask), compared with the source PNG decoded
# by the small decoder below (zlib and the PNG filters, apart from hanji and libpng), exactly but
# for 16-bit (to 8 bits: off by one at most); the JPEG is the file itself. Then pdftoppm draws the
# page of an RGBA figure of flat blocks at the figure's resolution, and the middle of each block
# is the source's colour composited over the white page. qpdf --check passes.
set -u
HANJI=$1
SRC=$2
tmp=$(mktemp -d)
if [ -n "${KEEP:-}" ]; then echo "kept: $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi
. "$SRC/tests/e2e/lib/check.sh"
need_tools qpdf pdfimages pdftoppm python3

mkdir -p "$tmp/book/book" "$tmp/book/images"
cp "$SRC/tests/fixtures/images/baseline.jpg" "$tmp/book/images/photo.jpg"
cat >"$tmp/png.py" <<'PY'
"""png.py: a small PNG writer and reader for image_pixels.sh (zlib and the five filters)."""
import random, struct, sys, zlib

CH = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def filt(rows, bpp):
    """rows of bytes -> filtered stream, the filter type cycling 0..4 row by row."""
    out, prev = bytearray(), bytes(len(rows[0])) if rows else b""
    for y, r in enumerate(rows):
        t = y % 5
        f = bytearray()
        for x in range(len(r)):
            a = r[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][t]
            f.append((r[x] - pred) & 255)
        out += bytes([t]) + f
        prev = r
    return bytes(out)


def unfilt(data, nrows, rowlen, bpp):
    rows, prev, at = [], bytearray(rowlen), 0
    for _ in range(nrows):
        t, r = data[at], bytearray(data[at + 1:at + 1 + rowlen])
        at += 1 + rowlen
        for x in range(rowlen):
            a = r[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            r[x] = (r[x] + [0, a, b, (a + b) // 2, paeth(a, b, c)][t]) & 255
        rows.append(bytes(r))
        prev = r
    return rows, at


def pack(samples, depth):
    """a row's samples (ints) at depth bits -> bytes"""
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if depth == 8:
        return bytes(samples)
    out, acc, n = bytearray(), 0, 0
    for s in samples:
        acc = acc << depth | s
        n += depth
        if n == 8:
            out.append(acc)
            acc = n = 0
    if n:
        out.append(acc << (8 - n))
    return bytes(out)


def unpack(row, depth, count):
    if depth == 16:
        return [struct.unpack(">H", row[i:i + 2])[0] for i in range(0, 2 * count, 2)]
    if depth == 8:
        return list(row[:count])
    per = 8 // depth
    return [(row[i // per] >> (8 - depth * (i % per + 1))) & ((1 << depth) - 1)
            for i in range(count)]


def write(path, w, h, ctype, depth, px, plte=None, trns=None, interlace=False):
    """px[y][x]: a tuple of samples"""
    ch = CH[ctype]
    bpp = max(1, ch * depth // 8)
    raw = b""
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        rows = [pack([s for x in range(x0, w, dx) for s in px[y][x]], depth)
                for y in range(y0, h, dy)]
        if rows and rows[0]:
            raw += filt(rows, bpp)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0,
                                                            0, 1 if interlace else 0))
    if plte:
        out += chunk(b"PLTE", bytes(c for rgb in plte for c in rgb))
    if trns:
        out += chunk(b"tRNS", bytes(trns))
    z = zlib.compress(raw, 9)
    third = len(z) // 3 + 1
    for i in range(0, len(z), third):  # several IDAT chunks
        out += chunk(b"IDAT", z[i:i + third])
    open(path, "wb").write(out + chunk(b"IEND", b""))


def read(path):
    """-> (w, h, ctype, depth, px, plte, trns), px[y][x] a tuple of samples (not interlaced)"""
    d = open(path, "rb").read()
    pos, z, plte, trns = 8, b"", None, None
    while pos < len(d):
        n, kind = struct.unpack(">I4s", d[pos:pos + 8])
        body = d[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, il = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            plte = [tuple(body[i:i + 3]) for i in range(0, n, 3)]
        elif kind == b"tRNS":
            trns = body
        elif kind == b"IDAT":
            z += body
        pos += 12 + n
    ch = CH[ctype]
    bpp = max(1, ch * depth // 8)
    data, at = zlib.decompress(z), 0
    px = [[None] * w for _ in range(h)]
    for x0, y0, dx, dy in ADAM7 if il else [(0, 0, 1, 1)]:
        pw, ph = len(range(x0, w, dx)), len(range(y0, h, dy))
        if pw == 0 or ph == 0:
            continue
        rows, used = unfilt(data[at:], ph, (pw * ch * depth + 7) // 8, bpp)
        at += used
        for j, r in enumerate(rows):
            s = unpack(r, depth, pw * ch)
            for i in range(pw):
                px[y0 + j * dy][x0 + i * dx] = tuple(s[i * ch:(i + 1) * ch])
    return w, h, ctype, depth, px, plte, trns


def rgba(img):
    """the 8-bit RGBA of every pixel (16-bit: the high byte, rounded)"""
    w, h, ctype, depth, px, plte, trns = img
    out = []
    for row in px:
        o = []
        for p in row:
            if ctype == 3:
                r, g, b = plte[p[0]]
                a = trns[p[0]] if trns and p[0] < len(trns) else 255
            else:
                s = [(v * 255 + 32767) // 65535 if depth == 16 else
                     v * 255 // ((1 << depth) - 1) for v in p]
                if ctype in (0, 4):
                    r = g = b = s[0]
                else:
                    r, g, b = s[:3]
                a = s[-1] if ctype in (4, 6) else 255
            o.append((r, g, b, a))
        out.append(o)
    return out


def make(d):
    rnd = random.Random(16)
    W, H = 37, 23

    def noise(f):
        return [[f(x, y) for x in range(W)] for y in range(H)]

    def v(x, y, k):  # smooth with noise: every filter has work to do
        return (x * 7 + y * 11 + k * 50 + rnd.randrange(9)) % 256
    write(d + "/rgb.png", W, H, 2, 8, noise(lambda x, y: (v(x, y, 0), v(x, y, 1), v(x, y, 2))))
    write(d + "/gray.png", W, H, 0, 8, noise(lambda x, y: (v(x, y, 0),)))
    write(d + "/gray2.png", W, H, 0, 2, noise(lambda x, y: ((x + y) % 4,)))
    pal = [(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(16)]
    write(d + "/palette.png", W, H, 3, 4, noise(lambda x, y: ((x * y + x) % 16,)), plte=pal)
    write(d + "/rgba.png", W, H, 6, 8,
          noise(lambda x, y: (v(x, y, 0), v(x, y, 1), v(x, y, 2), (x * 255) // (W - 1))))
    write(d + "/graya.png", W, H, 4, 8, noise(lambda x, y: (v(x, y, 0), (y * 255) // (H - 1))))
    write(d + "/palette-trns.png", W, H, 3, 8, noise(lambda x, y: ((x + 2 * y) % 16,)),
          plte=pal, trns=[0, 64, 128, 255] * 4)
    write(d + "/rgb16.png", W, H, 2, 16,
          noise(lambda x, y: (v(x, y, 0) * 256 + x, v(x, y, 1) * 250, 65535 - v(x, y, 2) * 257)))
    write(d + "/interlaced.png", W, H, 2, 8,
          noise(lambda x, y: (v(x, y, 0), v(x, y, 1), v(x, y, 2))), interlace=True)
    cols = [(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256), a)
            for a in (255, 200, 128, 60, 0) for _ in range(3)]
    write(d + "/blocks.png", 40, 24, 6, 8,
          [[cols[(y // 8) * 5 + x // 8] for x in range(40)] for y in range(24)])


def ppm(path):
    d = open(path, "rb").read()
    parts = d.split(maxsplit=4)
    assert parts[0] == b"P6" and parts[3] == b"255"
    return int(parts[1]), int(parts[2]), parts[4]


def compare(src, got, mask=None, tol=0):
    """src: a PNG we wrote (read with our decoder once de-interlaced by 'flat'); got: pdfimages'
    PNG of the image (and of its soft mask). Prints what differs; exit status 1 then."""
    a = rgba(read(src))
    g = read(got)
    gw, gh = g[0], g[1]
    if (gw, gh) != (len(a[0]), len(a)):
        sys.exit("%s: %dx%d, the source is %dx%d" % (src, gw, gh, len(a[0]), len(a)))
    b = rgba(g)
    m = rgba(read(mask)) if mask else None
    bad = 0
    for y in range(gh):
        for x in range(gw):
            want = a[y][x]
            have = b[y][x][:3] + ((m[y][x][0],) if m else (255,))
            if any(abs(p - q) > tol for p, q in zip(want, have)):
                if bad < 5:
                    print("%s (%d,%d): want %s, got %s" % (src, x, y, want, have))
                bad += 1
    sys.exit(1 if bad else 0)


def over_white(src, page):
    """page: the blocks figure drawn at its own resolution. The middle pixel of each 8 x 8 block
    has the source's colour over white, within 3, somewhere on the page (the figure is found by
    its first block, which is opaque)."""
    a = rgba(read(src))
    w, h, data = ppm(page)
    want = {}
    for by in range(0, len(a), 8):
        for bx in range(0, len(a[0]), 8):
            r, g, b, al = a[by + 4][bx + 4]
            want[(bx + 4, by + 4)] = [(c * al + 255 * (255 - al) + 127) // 255 for c in (r, g, b)]

    def near(o, rgb):
        return all(abs(data[o + i] - rgb[i]) <= 3 for i in range(3))
    best = None
    for y in range(h - len(a)):
        for x in range(w - len(a[0])):
            if not near(((y + 4) * w + x + 4) * 3, want[(4, 4)]):
                continue
            bad = [k for k, rgb in want.items() if not near(((y + k[1]) * w + x + k[0]) * 3, rgb)]
            if best is None or len(bad) < len(best[2]):
                best = (x, y, bad)
    if best is None:
        sys.exit("the first block's colour is nowhere on the page")
    for k in best[2]:
        o = ((best[1] + k[1]) * w + best[0] + k[0]) * 3
        print("block at %s: want %s, got %s" % (k, want[k], list(data[o:o + 3])))
    sys.exit(1 if best[2] else 0)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None,
                int(sys.argv[5]) if len(sys.argv) > 5 else 0)
    elif sys.argv[1] == "over":
        over_white(sys.argv[2], sys.argv[3])
PY
python3 "$tmp/png.py" make "$tmp/book/images"
kinds=(rgb gray gray2 palette rgba graya palette-trns rgb16 interlaced photo blocks)
printf 'title: Pixels\nauthor: T\nlang: en\nchapters:\n  - a.md\n  - b.md\n' \
    >"$tmp/book/book/book.yaml"
{
    printf '# Pixels\n\n'
    for k in "${kinds[@]}"; do
        ext=png
        [ $k = photo ] && ext=jpg
        [ $k = blocks ] || printf '![The %s image.](../images/%s.%s)\n\n' "$k" "$k" "$ext"
    done
} >"$tmp/book/book/a.md"
printf '# Blocks\n\n![Flat blocks.](../images/blocks.png)\n' >"$tmp/book/book/b.md"
check "hanji builds the figures" "$HANJI" build "$tmp/book" -o "$tmp/out" -q
pdf=$tmp/out/pixels.pdf
check "qpdf --check" bash -c "qpdf --check '$pdf' >/dev/null"

# pdfimages: images in the order they are drawn, each soft mask right after its image
pdfimages -list "$pdf" 2>/dev/null | awk 'NR > 2 {print $1, $2, $3, $4}' >"$tmp/list"
pdfimages -png "$pdf" "$tmp/x"
pdfimages -j "$pdf" "$tmp/j"
n=0
for k in "${kinds[@]}"; do
    read -r page num type w <<<"$(sed -n "$((n + 1))p" "$tmp/list")"
    if [ "$k" = photo ]; then
        check "the JPEG is the file itself" cmp -s "$(printf '%s/j-%03d.jpg' "$tmp" "$n")" \
            "$tmp/book/images/photo.jpg"
        n=$((n + 1))
        continue
    fi
    img=$(printf '%s/x-%03d.png' "$tmp" "$n")
    mask=
    n=$((n + 1))
    read -r _ _ type2 _ <<<"$(sed -n "$((n + 1))p" "$tmp/list")"
    if [ "$type2" = smask ]; then
        mask=$(printf '%s/x-%03d.png' "$tmp" "$n")
        n=$((n + 1))
    fi
    tol=0
    [ $k = rgb16 ] && tol=1
    src=$tmp/book/images/$k.png
    [ $k = blocks ] && bpage=$page
    check "$k: pdfimages gives the source's pixels${mask:+ and alpha}" \
        python3 "$tmp/png.py" compare "$src" "$img" "$mask" "$tol"
done
check "every image was found ($n: 11 and 4 masks)" test "$n" = 15
pdftoppm -r 150 -f "${bpage:-1}" -l "${bpage:-1}" "$pdf" "$tmp/page"
check "the RGBA blocks drawn over the page" python3 "$tmp/png.py" over \
    "$tmp/book/images/blocks.png" "$(ls "$tmp"/page*.ppm | head -1)"
check_done image_pixels
