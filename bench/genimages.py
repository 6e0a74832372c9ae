#!/usr/bin/env python3
"""genimages.py: writes an image-heavy book project (a manual) for the benchmarks (issue 16).

usage: genimages.py OUTDIR [IMAGES]   (default 2,000 images: about 47 MB, 1,700 pages)

Deterministic (fixed seeds). The prose comes from genbook.py's grammar (about 95 words per
placement); the images are of mixed kinds and sizes, like a software manual's screenshots and
diagrams: PNG RGB (embedded in the PDF as they are), PNG with a palette, PNG RGBA (decoded and
deflated again for the PDF: samples and soft mask) and JPEG (made with cjpeg from Debian's
libjpeg-turbo-progs when it is installed; PNG otherwise). Each image is placed once, and one in
two a second time further on (about 3,000 placements). No PIL: PNGs are written with zlib,
their rows made by the Up filter over small random steps (so they compress like real
screenshots: flat areas and noisy ones).
"""
import os
import random
import shutil
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genbook  # noqa: E402

WORDS_PER_IMAGE = 60
IMAGES_PER_CHAPTER = 50
TARGET_MEAN_BYTES = 28000  # the mean file size aimed at


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def noise_tables():
    # byte -> a small step (Up filter differences): amplitude 2, 8, 32
    return [bytes((b % a) for b in range(256)) for a in (2, 8, 32)]


TABLES = noise_tables()


def png_bytes(r, w, h, ctype, target):
    """A PNG of w x h (colour type 2 RGB, 3 palette, 6 RGBA) of about target bytes."""
    bpp = {2: 3, 3: 1, 6: 4}[ctype]
    rowlen = w * bpp
    tab = TABLES[r.randrange(3)]
    # noisy rows compress to about 0.2 (amplitude 2) .. 0.7 (32) of their size
    ratio = {0: 0.2, 1: 0.42, 2: 0.7}[TABLES.index(tab)]
    frac = min(1.0, target / max(1.0, h * rowlen * ratio))
    flat = b"\x02" + bytes(rowlen)  # Up filter, no change: the row above again
    raw = bytearray()
    first = bytes(r.randrange(256) for _ in range(bpp)) * w
    raw += b"\x00" + first
    for _ in range(h - 1):
        if r.random() < frac:
            raw += b"\x02" + r.randbytes(rowlen).translate(tab)
        else:
            raw += flat
    out = [b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, 0))]
    if ctype == 3:
        out.append(chunk(b"PLTE", r.randbytes(768)))
    out.append(chunk(b"IDAT", zlib.compress(bytes(raw), 6)))
    out.append(chunk(b"IEND", b""))
    return b"".join(out)


def ppm_bytes(r, w, h):
    """Pixels for a JPEG: diagonal bands of a random row, some rows noisy."""
    steps = r.randbytes(w * 3).translate(TABLES[0])
    acc, vals = r.randrange(256), []
    for s in steps:  # a smooth walk: JPEG keeps it small
        acc = (acc + s) & 0xFF
        vals.append(acc)
    base = bytes(vals)
    rows = []
    for y in range(h):
        k = (y * 3) % len(base)
        row = base[k:] + base[:k]
        rows.append(row)
    return b"P6\n%d %d\n255\n" % (w, h) + b"".join(rows)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    outdir = sys.argv[1]
    nimages = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    r = random.Random(20261203)
    text_r = random.Random(20260115)
    os.makedirs(os.path.join(outdir, "book"), exist_ok=True)
    imgdir = os.path.join(outdir, "images")
    os.makedirs(imgdir, exist_ok=True)
    cjpeg = shutil.which("cjpeg")
    sizes = [(160, 120), (240, 160), (320, 200), (400, 250), (480, 300), (560, 350),
             (640, 400), (800, 500), (1024, 640)]
    names = []
    total = 0
    for i in range(nimages):
        w, h = r.choice(sizes)
        kind = r.random()
        target = int(r.lognormvariate(0, 0.8) * TARGET_MEAN_BYTES / 1.377)
        if kind < 0.2 and cjpeg:
            name = f"shot{i:04d}.jpg"
            path = os.path.join(imgdir, name)
            q = r.randrange(25, 60)
            ppm = ppm_bytes(r, w, h)
            with open(path, "wb") as f:
                subprocess.run([cjpeg, "-quality", str(q)], input=ppm, stdout=f, check=True)
        else:
            ctype = 6 if kind < 0.3 else 3 if kind < 0.4 else 2
            name = f"fig{i:04d}.png"
            path = os.path.join(imgdir, name)
            data = png_bytes(r, w, h, ctype, target)
            with open(path, "wb") as f:
                f.write(data)
        names.append(name)
        total += os.path.getsize(path)

    nch = max(1, nimages // IMAGES_PER_CHAPTER)
    chapters = []
    later = []  # (chapter index, image) placed a second time
    for c in range(nch):
        fname = f"{c + 1:02d}-chapter.md"
        chapters.append(fname)
        title = f"The {text_r.choice(genbook.ADJS).title()} {text_r.choice(genbook.NOUNS).title()}"
        parts = [f"# {title}\n"]
        mine = names[c * IMAGES_PER_CHAPTER:(c + 1) * IMAGES_PER_CHAPTER]
        if c == nch - 1:
            mine = names[c * IMAGES_PER_CHAPTER:]
        again = [n for (k, n) in later if k == c]
        for j, n in enumerate(mine + again):
            if j % 12 == 0 and j:
                parts.append(f"## The {text_r.choice(genbook.NOUNS)} and the "
                             f"{text_r.choice(genbook.NOUNS)}\n")
            words = 0
            while words < WORDS_PER_IMAGE:
                p = genbook.paragraph(text_r, text_r.randint(3, 7))
                parts.append(p + "\n")
                words += len(p.split())
            parts.append(f"![Figure: {genbook.sentence(text_r)}](../images/{n})\n")
            if j < len(mine) and r.random() < 0.5:
                later.append((min(nch - 1, c + 1 + r.randrange(3)), n))
        with open(os.path.join(outdir, "book", fname), "w") as f:
            f.write("\n".join(parts))
    with open(os.path.join(outdir, "book", "book.yaml"), "w") as f:
        f.write("title: An Illustrated Manual\nauthor: The Benchmark\nlang: en\ndate: \"2026\"\n")
        f.write("chapters:\n" + "".join(f"  - {n}\n" for n in chapters))
    print(f"{nimages} images, {total / 1e6:.1f} MB, {nch} chapters", file=sys.stderr)


if __name__ == "__main__":
    main()
