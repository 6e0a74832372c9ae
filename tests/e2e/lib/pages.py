#!/usr/bin/env python3
"""pages.py: what a book designer checks on a layout dump (hanji build --dump=layout): where the
pages' last baselines fall, how far figures go from their references, how short chapters end.

    python3 tests/e2e/lib/pages.py DUMP [--check] [--verbose]

A body page's last baseline is the lowest text on it that is not its running head or folio (the
text at the folio's height). A page is *full* when it is not the last of its chapter (the page
before an opening, a blank page or the end). Prints one line per spread of two body pages
(verso, recto: last baselines) with --verbose, then a summary:
  full pages, the bottom (the most common last baseline of full pages), full pages ending
  above it, spreads whose pages end on different baselines, the largest distance (pages) from a
  reference to its figure, chapters whose last page holds two lines or fewer.
With --check exits 1 (and says why) when a spread's pages end on different baselines, a full
page ends above the bottom, a figure is more than one page from a reference to it, a chapter
ends with a page of two lines or fewer (lines of text, tables and captions; not notes, which sit
at the page foot), a section heading (set larger than the text) is less than 1.3 lines above
the next line or has fewer than two lines under it on its page. Also counted: pages that seem
to begin with a paragraph's last line (widow) or end with its first (orphan; plain paragraphs,
told by their first-line indent; a one-line paragraph that is not indented looks the same)."""
import collections
import re
import sys

TOL = 0.05  # pt: baselines within this are the same


def parse(path):
    pages = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("page "):
            m = re.match(r"page (\d+) folio (\S+) label (\S+) (-?\d+) ?(\S*)", line)
            pages.append({"n": int(m.group(1)), "folio": m.group(2), "role": m.group(5),
                          "opener": " starts chapter " in line, "texts": [], "images": [],
                          "links": []})
        elif not pages:
            continue
        elif line.startswith("  text "):
            m = re.match(r'  text f(\d+) (\S+) (\S+) (\S+) "(.*)"', line)
            pages[-1]["texts"].append((float(m.group(2)), float(m.group(3)), float(m.group(4)),
                                       m.group(5)))
        elif line.startswith("  image "):
            v = line.split()
            pages[-1]["images"].append((float(v[2]), float(v[4])))
        elif line.startswith("  link ") and " uri " not in line:
            m = re.search(r"page (\d+) y (\S+)", line)
            pages[-1]["links"].append((int(m.group(1)), float(m.group(2))))
    return pages


def analyse(pages):
    body = [p for p in pages if p["role"] == "body"]
    # the body size: the most common text size; the leading: the most common step between lines
    sizes = collections.Counter(t[0] for p in body for t in p["texts"])
    bsize = sizes.most_common(1)[0][0] if sizes else 0
    steps = collections.Counter()
    for p in body:
        p["folio_y"] = None
        for t in p["texts"]:
            if t[3] == p["folio"]:
                p["folio_y"] = t[2]
        ys = sorted({t[2] for t in p["texts"] if t[0] == bsize and t[2] != p["folio_y"]})
        p["lines"] = ys
        # lines of any text but notes (set at 82 %) and the folio: tables and captions count
        p["rows"] = sorted({t[2] for t in p["texts"] if t[0] >= bsize * 0.85 and t[2] != p["folio_y"]})
        for a, b in zip(ys, ys[1:]):
            steps[round(b - a, 2)] += 1
        flow = [t[2] for t in p["texts"] if t[2] != p["folio_y"]]
        p["last"] = max(flow) if flow else None
    lead = steps.most_common(1)[0][0] if steps else 0
    for i, p in enumerate(body):
        nxt = body[i + 1] if i + 1 < len(body) else None
        p["full"] = bool(p["texts"]) and p["last"] is not None and nxt is not None and \
            not nxt["opener"] and nxt["last"] is not None and nxt["n"] == p["n"] + 1
    bottoms = collections.Counter(round(p["last"], 2) for p in body if p["full"])
    bottom = bottoms.most_common(1)[0][0] if bottoms else None
    return body, bsize, lead, bottom


def para_lines(p, bsize):
    """A page's lines of body-size text as (baseline, "start" or "cont"): a line indented by
    about an em from the page's left margin starts a paragraph; one at the margin goes on with
    one (or starts one after a heading, which the checks above leave out); others (lists, code,
    quotes) are left out."""
    first = {}
    for t in p["texts"]:
        if t[2] != p["folio_y"] and (t[2] not in first or t[1] < first[t[2]][1]):
            first[t[2]] = t
    xs = [t[1] for t in first.values() if t[0] == bsize]
    if not xs:
        return []
    left = min(xs)
    out = []
    for y in sorted(first):
        t = first[y]
        if t[0] != bsize:
            out.append((y, "other"))
        elif abs(t[1] - left) < 0.05:
            out.append((y, "cont"))
        elif abs(t[1] - left - bsize) < 0.6:
            out.append((y, "start"))
        else:
            out.append((y, "other"))
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check, verbose = "--check" in sys.argv, "--verbose" in sys.argv
    pages = parse(args[0])
    body, bsize, lead, bottom = analyse(pages)
    byn = {p["n"]: p for p in pages}
    bad = []
    # spreads: a verso (even folio) and the recto after it, both with text
    spreads = []
    for p in body:
        q = byn.get(p["n"] + 1)
        if p["folio"].isdigit() and int(p["folio"]) % 2 == 0 and q and q.get("last") is not None \
                and p["last"] is not None:
            spreads.append((p, q))
    uneven = 0
    for p, q in spreads:
        both_full = p["full"] and q["full"]
        differ = abs(p["last"] - q["last"]) > TOL
        if verbose:
            print(f"spread {p['folio']:>4}-{q['folio']:<4} last baselines {p['last']:7.2f} "
                  f"{q['last']:7.2f}{'' if both_full else '  (a chapter ends)'}"
                  f"{'  DIFFER' if differ and both_full else ''}")
        if differ and both_full:
            uneven += 1
            bad.append(f"pages {p['folio']} and {q['folio']} end at {p['last']:.2f} and "
                       f"{q['last']:.2f}")
    full = [p for p in body if p["full"]]
    short = [p for p in full if bottom is not None and p["last"] < bottom - TOL]
    for p in short:
        bad.append(f"page {p['folio']} ends at {p['last']:.2f}, above the bottom {bottom:.2f}")
    # headings alone: a section heading with fewer than two lines under it on its page
    alone = []
    for p in body:
        heads = sorted({t[2] for t in p["texts"] if bsize * 1.05 < t[0] < bsize * 1.5})
        if heads and len([y for y in p["rows"] if y > heads[-1] + 0.01]) < 2:
            alone.append(p["folio"])
            bad.append(f"page {p['folio']}: the heading at {heads[-1]:.2f} ends the page")
    # widows and orphans of plain paragraphs (body-size lines at the left margin or indented
    # by the paragraph indent): a page that begins with a paragraph's last line (the next line
    # starts a paragraph) or ends with its first (the next page goes on with it). Counted, not
    # checked: a paragraph of one line not indented (after a list, a sidebar's title) looks
    # the same
    lone = []
    for i, p in enumerate(body):
        ls = para_lines(p, bsize)
        if not ls:
            continue
        if len(ls) > 1 and i > 0 and body[i - 1]["n"] == p["n"] - 1 and not p["opener"] and \
                ls[0][1] == "cont" and ls[1][1] == "start" and ls[1][0] - ls[0][0] < lead * 1.05:
            prev = para_lines(body[i - 1], bsize)
            if prev and prev[-1][0] == body[i - 1]["last"]:
                lone.append(p["folio"] + " (widow)")
        nxt = body[i + 1] if i + 1 < len(body) else None
        if nxt and p["full"] and ls[-1][1] == "start" and ls[-1][0] == p["last"]:
            nl = para_lines(nxt, bsize)
            if nl and nl[0][1] == "cont" and nl[0][0] == min(t[2] for t in nxt["texts"]):
                lone.append(p["folio"] + " (orphan)")
    # figures: a reference's page against its figure's page
    far = 0
    for p in pages:
        for dp, dy in p["links"]:
            d = byn.get(dp)
            if d and any(abs(iy - dy) < 0.05 for _, iy in d["images"]) and p["role"] == "body":
                dist = abs(dp - p["n"])
                far = max(far, dist)
                if dist > 1:
                    bad.append(f"page {p['folio']} refers to a figure on page {d['folio']}")
    # chapters' last pages
    tiny = []
    for i, p in enumerate(body):
        nxt = body[i + 1] if i + 1 < len(body) else None
        ends = nxt is None or nxt["opener"] or nxt["last"] is None
        if p["last"] is not None and ends and not p["opener"] and not p["images"] and \
                len(p["rows"]) <= 2:
            tiny.append(p["folio"])
            bad.append(f"page {p['folio']} ends its chapter with {len(p['rows'])} lines")
    # a section heading keeps its space below (also when its figure moved away): from its last
    # baseline to the next line's, at least 1.3 lines
    near = None
    for p in body:
        heads = sorted({t[2] for t in p["texts"] if bsize * 1.05 < t[0] < bsize * 1.5})
        for i, hy in enumerate(heads):
            if i + 1 < len(heads) and heads[i + 1] - hy < lead * 1.5:
                continue  # a heading of two lines: its last
            below = [y for y in p["lines"] if y > hy + 0.01]
            if below:
                d = min(below) - hy
                near = d if near is None else min(near, d)
                if d < lead * 1.3:
                    bad.append(f"page {p['folio']}: the heading at {hy:.2f} has {d:.2f} pt to "
                               f"the next line")
    print(f"body pages {len(body)}  full {len(full)}  bottom {bottom}  lead {lead}  "
          f"full pages above it {len(short)}"
          f"{' (' + ' '.join(p['folio'] + ':' + format(bottom - p['last'], '.1f') for p in short) + ')' if short else ''}"
          f"  uneven spreads {uneven} of {len(spreads)}  figure distance {far}  "
          f"short chapter ends {len(tiny)}  heading to text {near if near is None else round(near, 2)}  "
          f"headings alone {len(alone)}  widows and orphans {len(lone)}"
          f"{' (' + ' '.join(lone) + ')' if lone and verbose else ''}")
    if check and bad:
        for b in bad:
            print("  " + b)
        sys.exit(1)


if __name__ == "__main__":
    main()
