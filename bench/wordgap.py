#!/usr/bin/env python3
"""wordgap.py: the word-spacing spread of a PDF's justified lines (issue 13).

    python3 bench/wordgap.py BOOK.pdf [WORST]

Reads the words' boxes with `pdftotext -bbox-layout` (poppler-utils). A justified line is one of
six words or more whose right edge is the page side's most common right edge (within 1.5 pt);
its gap is the mean white space between its words. Prints the number of such lines, the median
gap (pt), the 95th percentile over the median (TeX-quality setting: about 1.35), the 5th
percentile over the median, the longest run of lines ending in a hyphen, the words past the
margin (past the side's right edge by more than 1.5 pt, 3 pt for a word ending in punctuation or a
hyphen, which may protrude: as /work/shared/tools/pdfjudge.py counts them), and with WORST the
loosest lines. With --tsv one line: lines, median, p95/median, p05/median, hyphens in a row,
words past the margin. Nothing here is a test."""
import collections
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {"x": "http://www.w3.org/1999/xhtml"}


def main():
    args = [a for a in sys.argv[1:] if a != "--tsv"]
    tsv = "--tsv" in sys.argv
    pdf = args[0]
    worst = int(args[1]) if len(args) > 1 else 0
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    book, edges = [], {0: collections.Counter(), 1: collections.Counter()}
    for pi, page in enumerate(root.findall(".//x:page", NS), 1):
        lines = []
        for line in page.findall(".//x:line", NS):
            ws = [(float(w.get("xMin")), float(w.get("xMax")), w.text or "")
                  for w in line.findall("x:word", NS)]
            if ws:
                lines.append(ws)
                if len(ws) >= 6:
                    edges[pi % 2][round(ws[-1][1] * 2) / 2] += 1
        book.append(lines)
    right = {p: (c.most_common(1)[0][0] if c else None) for p, c in edges.items()}
    gaps, run, most, past = [], 0, 0, 0
    for pi, lines in enumerate(book, 1):
        r = right[pi % 2]
        for ws in lines:
            for _, x1, t in ws:
                tol = 3.0 if re.search(r"[.,;:!?'\"\u2019\u201d)\u2014\u2013\u00ad\u2010-]$", t) else 1.5
                past += r is not None and x1 > r + tol
            if r is not None and len(ws) >= 6 and abs(ws[-1][1] - r) <= 1.5:
                g = sum(ws[i + 1][0] - ws[i][1] for i in range(len(ws) - 1)) / (len(ws) - 1)
                gaps.append((g, pi, " ".join(w[2] for w in ws)))
            last = ws[-1][2]
            run = run + 1 if len(last) > 1 and last[-1] in "-\u2010\u00ad" and last[-2].isalpha() else 0
            most = max(most, run)
    if not gaps:
        print("no justified lines")
        return
    gaps.sort()
    med = gaps[len(gaps) // 2][0]
    if tsv:
        print(f"{len(gaps)}\t{med:.2f}\t{gaps[int(len(gaps) * .95)][0] / med:.3f}\t"
              f"{gaps[int(len(gaps) * .05)][0] / med:.3f}\t{most}\t{past}")
        return
    print(f"lines {len(gaps)}  median {med:.2f} pt  p95/median {gaps[int(len(gaps) * .95)][0] / med:.3f}"
          f"  p05/median {gaps[int(len(gaps) * .05)][0] / med:.3f}  hyphens in a row {most}"
          f"  past the margin {past}")
    for g, pi, text in gaps[len(gaps) - worst:] if worst else []:
        print(f"  {g / med:.2f}  p{pi}  {text[:80]}")


if __name__ == "__main__":
    main()
