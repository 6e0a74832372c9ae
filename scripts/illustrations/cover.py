#!/usr/bin/python3
"""cover.py: the cover of the sample book, images/cover.png (1600 x 2400, 2:3 like 6x9in; the
EPUB's), and the same drawing at 1860 x 2790 for the print cover's front (cover-print.png:
6.125 x 9.25 in with the bleed, at 300 dpi).

A flat drawing: title lettering in the bundled fonts over mountains, the theatre's columned
front in silhouette and the sea. Uses scenes.py's helpers; no photographs or outside data.
"""
from PIL import ImageDraw

import common as C
import scenes

W, H = 1600, 2400
S = C.SS


def centred(d, y, text, font, fill):
    x0, _, x1, _ = d.textbbox((0, 0), text, font=font)
    d.text(((W * S - (x1 - x0)) / 2 - x0, y), text, font=font, fill=fill)


def main():
    im, d = C.canvas(W, H, (20, 44, 72))
    w, h = W * S, H * S
    scenes.sky(d, w, h, int(h * 0.72), (18, 40, 68), (196, 140, 110))
    scenes.hills(d, w, int(h * 0.72), (70, 78, 98), 520 * S, 31)
    scenes.hills(d, w, int(h * 0.72), (52, 60, 82), 300 * S, 32)
    base = int(h * 0.72)
    # the theatre front in silhouette
    sil = (34, 40, 58)
    cx = w / 2
    d.rectangle([cx - 620 * S, base - 260 * S, cx + 620 * S, base], fill=sil)
    d.rectangle([cx - 340 * S, base - 420 * S, cx + 340 * S, base], fill=sil)
    d.rectangle([cx - 260 * S, base - 480 * S, cx + 260 * S, base - 410 * S], fill=sil)
    for k in range(10):
        x = cx - 290 * S + k * (580 * S / 9)
        d.rectangle([x - 9 * S, base - 360 * S, x + 9 * S, base - 20 * S], fill=(230, 170, 120))
    for side in (-1, 1):
        for k in range(5):
            x = cx + side * (400 + k * 46) * S
            d.rectangle([x - 10 * S, base - 200 * S, x + 10 * S, base - 140 * S],
                        fill=(230, 170, 120))
    # the sea
    d.rectangle([0, base, w, h], fill=(24, 52, 84))
    for i in range(26):
        y = base + 30 * S + i * 48 * S
        for j in range(-1, 12):
            x = j * 160 * S + (i % 2) * 80 * S
            d.arc([x, y, x + 140 * S, y + 40 * S], 200, 340, fill=(60, 96, 132), width=3 * S)
    # lettering
    ink = (244, 236, 220)
    centred(d, 230 * S, "HAMHUNG", C.serif(210 * S, bold=True), ink)
    centred(d, 520 * S, "함흥", C.hangul(170 * S), (236, 196, 150))
    centred(d, 790 * S, "A Short Guide to the City", C.serif(72 * S, italic=True), ink)
    centred(d, 880 * S, "and Its Surroundings", C.serif(72 * S, italic=True), ink)
    d.line([(cx - 300 * S, 1010 * S), (cx + 300 * S, 1010 * S)], fill=(236, 196, 150), width=3 * S)
    centred(d, 2180 * S, "The hanji project", C.serif(60 * S), ink)
    C.save(im, "cover.png", colours=128)
    # the print cover's front panel with its bleed, 6.125 x 9.25 in, at 300 dpi or more
    C.save(im, "cover-print.png", colours=128, size=(1860, 2790))


if __name__ == "__main__":
    main()
