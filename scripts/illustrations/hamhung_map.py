#!/usr/bin/python3
"""hamhung_map.py: the locator map images/hamhung-map.png (Hamhung on the Korean peninsula).

Coastlines, lakes and national boundaries come from GSHHG 2.3.7 in GMT's binned netCDF form,
as shipped by the Debian package gmt-gshhg-low (/usr/share/gmt-gshhg/binned_*_i.nc, the
"intermediate" resolution; LGPL-3+). The projection is plain equirectangular with the
longitude scaled by cos(38 deg), which is adequate for a locator map of this size.

GMT's binned format: the world is cut into square bins (here 10 degrees); each bin lists
segments, each segment a run of points (its point count and level packed into one
integer in the shoreline files, separate arrays in the border files) stored as unsigned 16-bit offsets from the bin's
south-west corner in units of bin_size/65535. Segments are pieces of polygons clipped at bin
edges, so we draw them as lines and then flood-fill the sea from known sea points: the
coastline is continuous across bin edges, so the fill stops at it.
"""
import math

import netCDF4
import numpy as np
from PIL import Image, ImageDraw

import common as C

SHORE = "/usr/share/gmt-gshhg/binned_GSHHS_i.nc"
BORDER = "/usr/share/gmt-gshhg/binned_border_i.nc"

W, H = 1260, 1690
LON0, LON1 = 123.0, 132.0
LAT0, LAT1 = 33.5, 43.0
KX = math.cos(math.radians(38.0))

SEA = (203, 223, 236)
LAND = (244, 239, 226)
COAST = (92, 110, 128)
BORDERC = (150, 120, 140)
INK = (40, 40, 45)
RED = (176, 40, 40)


def segments(path, want_level=None):
    """Yields (level, lon array, lat array) for every segment in bins touching the window."""
    d = netCDF4.Dataset(path)
    size = int(d["Bin_size_in_minutes"][0]) / 60.0
    nx = int(d["N_bins_in_360_longitude_range"][0])
    first_seg = d["Id_of_first_segment_in_a_bin"][:]
    nseg = d["N_segments_in_a_bin"][:]
    if "Embedded_npts_levels_exit_entry_for_a_segment" in d.variables:  # shorelines
        info = d["Embedded_npts_levels_exit_entry_for_a_segment"][:].astype(np.int64)
        npts_of = info >> 9
        level_of = (info >> 6) & 7
    else:  # borders and rivers keep the two in separate arrays
        npts_of = d["N_points_for_a_segment"][:]
        level_of = d["Hierarchial_level_of_a_segment"][:]
    first_pt = d["Id_of_first_point_in_a_segment"][:]
    dx = d["Relative_longitude_from_SW_corner_of_bin"][:].astype(np.int64) & 0xFFFF
    dy = d["Relative_latitude_from_SW_corner_of_bin"][:].astype(np.int64) & 0xFFFF
    for b in range(len(first_seg)):
        lon_sw = (b % nx) * size
        lat_sw = 90.0 - (b // nx + 1) * size
        if lon_sw > LON1 or lon_sw + size < LON0 or lat_sw > LAT1 or lat_sw + size < LAT0:
            continue
        for s in range(first_seg[b], first_seg[b] + nseg[b]):
            npts = int(npts_of[s])
            level = int(level_of[s])
            if want_level is not None and level != want_level:
                continue
            p = first_pt[s]
            lon = lon_sw + dx[p:p + npts] * size / 65535.0
            lat = lat_sw + dy[p:p + npts] * size / 65535.0
            yield level, lon, lat


def xy(lon, lat):
    """Map coordinates on the supersampled canvas."""
    sx = W * C.SS / ((LON1 - LON0) * KX)
    sy = H * C.SS / (LAT1 - LAT0)
    return (lon - LON0) * KX * sx, (LAT1 - lat) * sy


def main():
    ss = C.SS
    # 1. Land mask: coastlines as barriers, then flood the sea from known sea points.
    mask = Image.new("L", (W * ss, H * ss), 255)
    md = ImageDraw.Draw(mask)
    shore = list(segments(SHORE))
    for level, lon, lat in shore:
        if level == 1:
            md.line(list(zip(*xy(lon, lat))), fill=0, width=2)
    for lon, lat in [(130.5, 37.0), (124.0, 36.0), (128.0, 33.8), (131.5, 42.0), (124.5, 39.0)]:
        x, y = xy(lon, lat)
        if mask.getpixel((int(x), int(y))) == 255:
            ImageDraw.floodfill(mask, (int(x), int(y)), 128)
    land = np.array(mask) != 128

    im = Image.new("RGB", (W * ss, H * ss), SEA)
    arr = np.array(im)
    arr[land] = LAND
    im = Image.fromarray(arr)
    d = ImageDraw.Draw(im)

    # 2. Graticule, lakes, coastline, borders.
    for lon in range(124, 132, 2):
        d.line([xy(lon, LAT0), xy(lon, LAT1)], fill=(185, 200, 212), width=ss)
    for lat in range(34, 44, 2):
        d.line([xy(LON0, lat), xy(LON1, lat)], fill=(185, 200, 212), width=ss)
    for level, lon, lat in shore:
        pts = list(zip(*xy(lon, lat)))
        d.line(pts, fill=COAST, width=2 * ss if level == 1 else ss)
    for level, lon, lat in segments(BORDER, 1):
        pts = list(zip(*xy(lon, lat)))
        d.line(pts, fill=BORDERC, width=2 * ss)

    # 3. Places (approximate city-centre coordinates).
    f = C.serif(30 * ss)
    fb = C.serif(36 * ss, bold=True)
    fh = C.hangul(28 * ss)
    fhb = C.hangul(34 * ss)
    fi = C.serif(30 * ss, italic=True)

    def place(lon, lat, name, kname, font, kfont, dx=14, dy=-22, colour=INK, r=7):
        x, y = xy(lon, lat)
        d.ellipse([x - r * ss, y - r * ss, x + r * ss, y + r * ss], fill=colour,
                  outline=(255, 255, 255), width=2 * ss)
        tx, ty = x + dx * ss, y + dy * ss
        d.text((tx, ty), name, font=font, fill=colour)
        d.text((tx, ty + font.size * 1.15), kname, font=kfont, fill=colour)

    place(127.54, 39.92, "Hamhung", "함흥", fb, fhb, dx=16, dy=-30, colour=RED, r=11)
    place(125.75, 39.02, "Pyongyang", "평양", f, fh, dx=12, dy=4)
    place(126.98, 37.57, "Seoul", "서울", f, fh, dx=12, dy=6)
    place(130.30, 42.25, "Rajin", "라진", f, fh, dx=-110, dy=6)

    def sea(lon, lat, lines):
        x, y = xy(lon, lat)
        for i, t in enumerate(lines):
            d.text((x, y + i * 36 * ss), t, font=fi, fill=(70, 100, 130))

    sea(129.3, 38.6, ["East Sea", "(Sea of Japan)"])
    sea(123.4, 35.6, ["Yellow Sea"])
    # 4. Frame, scale bar and credit.
    sx0, sy0 = 70 * ss, H * ss - 150 * ss
    km100 = 100.0 / (111.32 * KX) * (W * ss / ((LON1 - LON0)))  # pixels for 100 km at 38N
    d.rectangle([sx0, sy0, sx0 + km100, sy0 + 10 * ss], fill=INK)
    d.rectangle([sx0 + km100 / 2, sy0 + 2 * ss, sx0 + km100 - 2 * ss, sy0 + 8 * ss], fill=LAND)
    d.text((sx0, sy0 + 18 * ss), "0     50    100 km", font=C.serif(24 * ss), fill=INK)
    d.text((sx0, sy0 + 58 * ss), "Coastline and border data: GSHHG 2.3.7 (LGPL)",
           font=C.serif(22 * ss, italic=True), fill=(90, 90, 95))
    d.rectangle([0, 0, W * ss - 1, H * ss - 1], outline=INK, width=3 * ss)
    C.save(im, "hamhung-map.png", colours=48)


if __name__ == "__main__":
    main()
