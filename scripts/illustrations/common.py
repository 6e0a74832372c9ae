"""common.py: shared helpers for the illustration scripts (fonts, supersampled canvas, saving).

Each script draws at SS times the final size and scales down, which gives smooth edges, then
saves a palette PNG with a 300 dpi pHYs chunk so the files stay small.
"""
import os

from PIL import Image, ImageDraw, ImageFont

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FONTS = os.path.join(ROOT, "fonts")
IMAGES = os.path.join(ROOT, "images")
SS = 2  # supersampling factor


def font(name, size):
    """A bundled font from fonts/ at size pixels (of the supersampled canvas)."""
    return ImageFont.truetype(os.path.join(FONTS, name), size)


def serif(size, bold=False, italic=False):
    name = "NotoSerif-" + ("Bold" if bold else "") + ("Italic" if italic else "")
    if name.endswith("-"):
        name += "Regular"
    return font(name + ".ttf", size)


def hangul(size):
    return font("NanumMyeongjo.ttf", size)


def canvas(w, h, colour):
    """A supersampled RGB canvas for a w x h pixel result, and its ImageDraw."""
    im = Image.new("RGB", (w * SS, h * SS), colour)
    return im, ImageDraw.Draw(im)


def save(im, name, colours=96, size=None):
    """Scales the supersampled image down (to size, a (w, h) pair, when given), quantises it
    and writes images/<name> at 300 dpi."""
    w, h = size if size else (im.size[0] // SS, im.size[1] // SS)
    small = im.resize((w, h), Image.LANCZOS)
    pal = small.quantize(colors=colours, method=Image.MEDIANCUT, dither=Image.NONE)
    os.makedirs(IMAGES, exist_ok=True)
    path = os.path.join(IMAGES, name)
    pal.save(path, optimize=True, dpi=(300, 300))
    print("wrote", path, w, "x", h, os.path.getsize(path), "bytes")
