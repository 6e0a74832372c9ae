#!/usr/bin/python3
"""scenes.py: the four drawn scenes of the sample book, in a flat illustration style.

Writes images/theatre.png, images/city-centre.png, images/skyline.png and images/flags.png.
These are drawings made for the guide, not photographs and not copies of photographs: the
forms are generic (a columned theatre front, blocks of flats, chimneys, flags on a facade) and
the captions in the book say so.
"""
import math
import random

from PIL import ImageDraw

import common as C

W, H = 1500, 1000
S = C.SS
SKY_TOP, SKY_BOTTOM = (150, 190, 222), (226, 236, 242)
PAVING = (206, 200, 188)
INK = (52, 56, 64)


def sky(d, w, h, horizon, top=SKY_TOP, bottom=SKY_BOTTOM):
    for y in range(0, horizon):
        t = y / max(1, horizon - 1)
        c = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        d.line([(0, y), (w, y)], fill=c)


def hills(d, w, horizon, colour, amp, seed, base=0):
    rnd = random.Random(seed)
    phase = [rnd.uniform(0, 6.28) for _ in range(3)]
    pts = []
    for x in range(0, w + 8 * S, 8 * S):
        y = horizon - base - amp * (0.6 + 0.25 * math.sin(x / (310 * S) + phase[0])
                                    + 0.15 * math.sin(x / (97 * S) + phase[1]))
        pts.append((x, y))
    d.polygon(pts + [(w, horizon), (0, horizon)], fill=colour)


def tree(d, x, y, r, colour=(92, 128, 92)):
    d.rectangle([x - r * 0.12, y - r * 0.3, x + r * 0.12, y + r * 0.9], fill=(110, 88, 70))
    d.ellipse([x - r, y - 2 * r, x + r, y], fill=colour)


def person(d, x, y, h, colour=(70, 70, 80)):
    d.ellipse([x - h * 0.09, y - h, x + h * 0.09, y - h * 0.82], fill=colour)
    d.rounded_rectangle([x - h * 0.13, y - h * 0.8, x + h * 0.13, y - h * 0.35], h * 0.05,
                        fill=colour)
    d.rectangle([x - h * 0.1, y - h * 0.36, x + h * 0.1, y], fill=colour)


def block(d, x0, y1, w, h, wall, win, floors, cols, roof=None):
    """A block of flats: bottom-left at (x0, y1), w x h, with a grid of windows."""
    d.rectangle([x0, y1 - h, x0 + w, y1], fill=wall)
    if roof:
        d.rectangle([x0 - 4 * S, y1 - h - 8 * S, x0 + w + 4 * S, y1 - h], fill=roof)
    fh = h / (floors + 0.6)
    cw = w / cols
    for f in range(floors):
        for c in range(cols):
            wx = x0 + c * cw + cw * 0.28
            wy = y1 - h + fh * 0.5 + f * fh
            d.rectangle([wx, wy, wx + cw * 0.44, wy + fh * 0.5], fill=win)


def theatre():
    im, d = C.canvas(W, H, SKY_BOTTOM)
    w, h = W * S, H * S
    horizon = int(h * 0.62)
    sky(d, w, h, horizon)
    hills(d, w, horizon, (172, 190, 180), 120 * S, 3)
    # flats behind, on both sides
    for i, x in enumerate(range(-40 * S, w, 190 * S)):
        if 300 * S < x < 1050 * S:
            continue
        block(d, x, horizon, 170 * S, (150 + 30 * (i % 3)) * S, (222, 214, 196),
              (150, 160, 172), 6 + (i % 3), 5)
    # the square
    d.rectangle([0, horizon, w, h], fill=PAVING)
    for i in range(1, 14):
        y = horizon + (h - horizon) * (i / 14) ** 1.6
        d.line([(0, y), (w, y)], fill=(192, 186, 174), width=S)
    for i in range(-12, 13):
        d.line([(w / 2 + i * 40 * S, horizon), (w / 2 + i * 260 * S, h)], fill=(192, 186, 174),
               width=S)
    # the theatre: wings, central colonnade, attic and roof
    cx = w / 2
    base = horizon + 30 * S
    wall, shade, col = (236, 226, 204), (206, 194, 170), (248, 242, 228)
    d.rectangle([cx - 560 * S, base - 250 * S, cx + 560 * S, base], fill=wall)
    for side in (-1, 1):  # wing windows
        for k in range(5):
            x = cx + side * (330 + k * 44) * S
            for fy in (base - 210 * S, base - 120 * S):
                d.rectangle([x - 12 * S, fy, x + 12 * S, fy + 60 * S], fill=(150, 150, 150))
    d.rectangle([cx - 300 * S, base - 330 * S, cx + 300 * S, base], fill=shade)
    d.rectangle([cx - 320 * S, base - 380 * S, cx + 320 * S, base - 320 * S], fill=wall)
    d.rectangle([cx - 240 * S, base - 430 * S, cx + 240 * S, base - 380 * S], fill=(226, 214, 190))
    d.rectangle([cx - 580 * S, base - 268 * S, cx + 580 * S, base - 250 * S], fill=(214, 202, 178))
    ncol = 10
    for k in range(ncol):
        x = cx - 270 * S + k * (540 * S / (ncol - 1))
        d.rectangle([x - 14 * S, base - 320 * S, x + 14 * S, base - 18 * S], fill=col)
        d.rectangle([x - 20 * S, base - 330 * S, x + 20 * S, base - 318 * S], fill=col)
        d.line([(x + 9 * S, base - 318 * S), (x + 9 * S, base - 18 * S)], fill=(226, 218, 200),
               width=3 * S)
    for k in range(4):  # steps
        d.rectangle([cx - (330 + 20 * k) * S, base - (18 - 6 * k) * S + k * 6 * S,
                     cx + (330 + 20 * k) * S, base + (6 * k) * S], fill=(222, 214, 198),
                    outline=(200, 192, 176))
    # trees and people on the square
    for x in (120, 260, 1240, 1380):
        tree(d, x * S, horizon + 60 * S, 42 * S)
    rnd = random.Random(7)
    for _ in range(14):
        x = rnd.uniform(150, 1350) * S
        y = rnd.uniform(horizon / S + 90, 960) * S
        person(d, x, y, (20 + (y / S - horizon / S) * 0.09) * S)
    C.save(im, "theatre.png")


def quad_point(q, u, v):
    """Bilinear point in quad q = (near-bottom, far-bottom, far-top, near-top); u along, v up."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = q
    bx, by = x0 + (x1 - x0) * u, y0 + (y1 - y0) * u
    tx, ty = x3 + (x2 - x3) * u, y3 + (y2 - y3) * u
    return bx + (tx - bx) * v, by + (ty - by) * v


def city_centre():
    im, d = C.canvas(W, H, SKY_BOTTOM)
    w, h = W * S, H * S
    vx, vy = w * 0.5, h * 0.44  # vanishing point
    sky(d, w, h, int(vy))
    hills(d, w, int(vy), (170, 188, 176), 50 * S, 11)
    d.rectangle([0, vy, w, h], fill=(196, 198, 192))
    # road converging to the vanishing point, with a dashed centre line
    d.polygon([(vx - 4 * S, vy), (vx + 4 * S, vy), (w * 0.9, h), (w * 0.1, h)],
              fill=(124, 128, 132))

    def on_ray(x_end, t):  # point at depth t (0 far, 1 near) on the ray from vp to (x_end, h)
        return vx + (x_end - vx) * t, vy + (h - vy) * t

    for i in range(14):
        t0, t1 = (i / 14) ** 1.5, ((i + 0.45) / 14) ** 1.5
        p0, p1 = on_ray(w * 0.5, t0), on_ray(w * 0.5, t1)
        d.polygon([(p0[0] - 2 * S * t0, p0[1]), (p0[0] + 2 * S * t0, p0[1]),
                   (p1[0] + 6 * S * t1, p1[1]), (p1[0] - 6 * S * t1, p1[1])],
                  fill=(236, 236, 230))
    # blocks of flats along both sides, facades in perspective, far ones first
    walls = [(226, 216, 196), (214, 222, 214), (232, 222, 204), (220, 210, 196)]
    for side in (-1, 1):
        edge = w * 0.5 + side * w * 0.95  # where the building line meets the bottom edge
        spans = [(0.06, 0.12), (0.13, 0.21), (0.22, 0.34), (0.36, 0.55), (0.58, 0.95)]
        for k, (ta, tb) in enumerate(spans):
            height = 0.62 * h  # building height at depth 1 (nearest)
            fa, fb = on_ray(edge, ta), on_ray(edge, tb)
            q = (fb, fa, (fa[0], fa[1] - height * ta), (fb[0], fb[1] - height * tb))
            wall = walls[(k + (side > 0)) % 4]
            d.polygon(q, fill=wall)
            # roof edge
            d.polygon([q[3], q[2], (q[2][0], q[2][1] - 10 * S * ta),
                       (q[3][0], q[3][1] - 10 * S * tb)], fill=(150, 124, 112))
            floors, cols = 6, 8
            for f in range(floors):
                for c in range(cols):
                    u0, u1 = (c + 0.3) / cols, (c + 0.7) / cols
                    v0, v1 = (f + 0.35) / (floors + 0.3), (f + 0.8) / (floors + 0.3)
                    d.polygon([quad_point(q, u0, v0), quad_point(q, u1, v0),
                               quad_point(q, u1, v1), quad_point(q, u0, v1)],
                              fill=(140, 152, 166))
        # street trees in front of the blocks
        for t in (0.12, 0.17, 0.24, 0.33, 0.45, 0.6, 0.8):
            x, y = on_ray(w * 0.5 + side * w * 0.55, t)
            tree(d, x, y, 70 * S * t)
    rnd = random.Random(5)
    for _ in range(8):
        side = rnd.choice((-1, 1))
        t = rnd.uniform(0.3, 0.9)
        x, y = on_ray(w * 0.5 + side * w * 0.72, t)
        person(d, x, y, 110 * S * t)
    C.save(im, "city-centre.png", colours=128)


def skyline():
    im, d = C.canvas(W, 700, SKY_BOTTOM)
    w, h = W * S, 700 * S
    horizon = int(h * 0.86)
    sky(d, w, h, horizon, (176, 200, 222), (236, 236, 230))
    hills(d, w, horizon, (176, 190, 186), 260 * S, 21)
    hills(d, w, horizon, (160, 178, 170), 150 * S, 22)
    rnd = random.Random(4)
    # chimneys and works halls towards the coast (right)
    for x in (1080, 1170, 1290, 1350):
        cx = x * S
        top = horizon - rnd.uniform(230, 300) * S
        d.polygon([(cx - 14 * S, horizon), (cx + 14 * S, horizon), (cx + 8 * S, top),
                   (cx - 8 * S, top)], fill=(120, 110, 104))
        d.rectangle([cx - 9 * S, top + 20 * S, cx + 9 * S, top + 32 * S], fill=(200, 80, 70))
        for j in range(5):  # smoke
            r = (16 + 9 * j) * S
            sx, sy = cx + (22 * j) * S, top - (20 + 26 * j) * S
            d.ellipse([sx - r, sy - r, sx + r, sy + r], fill=(226, 226, 224))
    for x, ww, hh in ((1030, 220, 90), (1230, 180, 110), (1380, 160, 80)):
        d.rectangle([x * S, horizon - hh * S, (x + ww) * S, horizon], fill=(150, 146, 140))
        d.polygon([(x * S, horizon - hh * S), ((x + ww / 2) * S, horizon - (hh + 30) * S),
                   ((x + ww) * S, horizon - hh * S)], fill=(136, 132, 128))
    # blocks of flats of similar height (left and centre), with one public building
    x = -20
    k = 0
    while x < 1040:
        bw = rnd.choice((110, 130, 150, 170))
        bh = rnd.choice((120, 135, 150, 165))
        wall = [(222, 214, 196), (212, 218, 210), (228, 218, 202), (208, 204, 196)][k % 4]
        block(d, x * S, horizon, bw * S, bh * S, wall, (140, 150, 160), 5, max(3, bw // 30))
        x += bw + rnd.choice((6, 12, 18))
        k += 1
    d.rectangle([430 * S, horizon - 200 * S, 610 * S, horizon], fill=(236, 228, 210))
    for k in range(7):
        cx = (445 + k * 25) * S
        d.rectangle([cx, horizon - 180 * S, cx + 10 * S, horizon], fill=(250, 246, 236))
    d.rectangle([420 * S, horizon - 214 * S, 620 * S, horizon - 196 * S], fill=(214, 204, 182))
    d.rectangle([0, horizon, w, h], fill=(150, 156, 150))
    C.save(im, "skyline.png")


def north_korean_flag(fw, fh):
    """The national flag as an image fw x fh (blue, white, red, white, blue; white disc with
    a red star towards the hoist)."""
    from PIL import Image
    f = Image.new("RGB", (fw, fh), (2, 79, 162))
    d = ImageDraw.Draw(f)
    u = fh / 36
    d.rectangle([0, 6 * u, fw, 30 * u], fill=(255, 255, 255))
    d.rectangle([0, 7 * u, fw, 29 * u], fill=(237, 28, 39))
    cx, cy, r = fw * 0.33, fh / 2, 8 * u
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 255, 255))
    star(d, cx, cy, r * 0.95, (237, 28, 39))
    return f


def star(d, cx, cy, r, colour):
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.382
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=colour)


def party_flag(fw, fh):
    """A red flag with a simplified hammer, writing brush and sickle in yellow."""
    from PIL import Image
    f = Image.new("RGB", (fw, fh), (206, 20, 30))
    d = ImageDraw.Draw(f)
    gold = (250, 210, 40)
    cx, cy, s = fw / 2, fh / 2, fh * 0.36
    # sickle: a thick arc
    d.arc([cx - s, cy - s, cx + s, cy + s], 200, 520, fill=gold, width=int(s * 0.18))
    # hammer on a diagonal, head up and to the right
    a = math.radians(40)
    dx, dy = math.sin(a), -math.cos(a)
    x0, y0 = cx - dx * s * 0.9, cy - dy * s * 0.9
    x1, y1 = cx + dx * s * 0.7, cy + dy * s * 0.7
    d.line([(x0, y0), (x1, y1)], fill=gold, width=int(s * 0.1))
    px, py = -dy, dx
    d.line([(x1 - px * s * 0.3, y1 - py * s * 0.3), (x1 + px * s * 0.3, y1 + py * s * 0.3)],
           fill=gold, width=int(s * 0.24))
    # writing brush upright in the middle, tip at the top
    d.line([(cx, cy + s * 0.85), (cx, cy - s * 0.45)], fill=gold, width=int(s * 0.08))
    d.polygon([(cx - s * 0.1, cy - s * 0.45), (cx + s * 0.1, cy - s * 0.45),
               (cx, cy - s * 0.95)], fill=gold)
    return f


def drape(im, flag, x, y, folds=7):
    """Pastes flag at (x, y) with soft vertical fold shading, as if hung from its top edge."""
    from PIL import Image
    shade = Image.new("L", flag.size, 0)
    sd = ImageDraw.Draw(shade)
    fw = flag.size[0]
    for xx in range(fw):
        v = 0.5 + 0.5 * math.sin(xx / fw * folds * 2 * math.pi)
        sd.line([(xx, 0), (xx, flag.size[1])], fill=int(70 * v))
    dark = Image.new("RGB", flag.size, (20, 10, 20))
    im.paste(Image.composite(dark, flag, shade), (int(x), int(y)))


def flags():
    im, d = C.canvas(W, H, SKY_BOTTOM)
    w, h = W * S, H * S
    sky(d, w, h, h)
    # a public building seen from the front
    x0, x1, top, base = 120 * S, 1380 * S, 150 * S, 930 * S
    d.rectangle([x0, top, x1, base], fill=(232, 224, 206))
    d.rectangle([x0 - 20 * S, top - 30 * S, x1 + 20 * S, top], fill=(206, 196, 174))
    for f in range(5):
        for c in range(14):
            wx = x0 + 40 * S + c * 86 * S
            wy = top + 60 * S + f * 140 * S
            d.rectangle([wx, wy, wx + 40 * S, wy + 80 * S], fill=(146, 156, 170))
    d.rectangle([600 * S, 780 * S, 900 * S, base], fill=(120, 104, 90))
    d.rectangle([0, base, w, h], fill=(190, 184, 172))
    # the two flags hung side by side across the facade
    fw, fh = 500 * S, 360 * S
    drape(im, north_korean_flag(fw, fh), 190 * S, 200 * S)
    drape(im, party_flag(fw, fh), 810 * S, 200 * S)
    d.rectangle([170 * S, 190 * S, 1330 * S, 202 * S], fill=(120, 110, 100))  # rail
    C.save(im, "flags.png")


if __name__ == "__main__":
    theatre()
    city_centre()
    skyline()
    flags()
