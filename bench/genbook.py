#!/usr/bin/env python3
"""genbook.py: writes a book project of plausible English prose for the benchmarks.

usage: genbook.py OUTDIR [PAGES]   (default 500 pages of 6x9in at the default settings)

The text is deterministic (a fixed seed): chapters of paragraphs built from a small grammar,
with level-2 sections, some emphasis, a list now and then and a footnote per chapter, so the
paragraph engine, the page breaker and the PDF writer all see ordinary book material.
"""
import os
import random
import sys

WORDS_PER_PAGE = 300

NOUNS = ("city river harbour railway station market theatre square street factory village "
         "mountain valley road bridge garden museum library school hospital district coast "
         "island forest plain winter summer morning evening journey traveller guide visitor "
         "history century building window door courtyard family friend letter story map "
         "season harvest field border province reservoir plateau canal tower gate wall").split()
ADJS = ("old new quiet busy narrow wide northern southern eastern western long short early "
        "late small large distant nearby familiar curious modest grand simple careful steady "
        "open hidden bright grey green").split()
VERBS = ("crosses follows reaches joins leaves enters passes describes shows recalls marks "
         "faces serves divides surrounds connects overlooks shelters remembers names").split()
ADVS = ("slowly often rarely usually still already always once later quietly gradually").split()
PREPS = "across along beyond towards behind beside under above near through".split()
CONJ = ["and", "but", "while", "although", "because", "so that", "whereas"]


def sentence(r):
    def np():
        s = r.choice(["the", "the", "a", "this", "that", "each"])
        if r.random() < 0.5:
            s += " " + r.choice(ADJS)
        return s + " " + r.choice(NOUNS)

    s = f"{np()} {r.choice(VERBS)} {np()}"
    if r.random() < 0.5:
        s += f" {r.choice(PREPS)} {np()}"
    if r.random() < 0.35:
        s += f", {r.choice(CONJ)} {np()} {r.choice(ADVS)} {r.choice(VERBS)} {np()}"
    if r.random() < 0.08:
        words = s.split()
        i = r.randrange(1, len(words))
        words[i] = f"*{words[i]}*"
        s = " ".join(words)
    return s[0].upper() + s[1:] + r.choice([".", ".", ".", ";", "."])


def paragraph(r, n):
    text = " ".join(sentence(r) for _ in range(n))
    if text.endswith(";"):
        text = text[:-1] + "."
    # wrap at about 90 columns, as authors do
    out, line = [], ""
    for w in text.split():
        if len(line) + len(w) + 1 > 90:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    out.append(line)
    return "\n".join(out)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    outdir = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    r = random.Random(20260115)
    os.makedirs(os.path.join(outdir, "book"), exist_ok=True)
    words_total = pages * WORDS_PER_PAGE
    nch = max(1, pages // 20)
    per_ch = words_total // nch
    names = []
    for c in range(1, nch + 1):
        name = f"{c:02d}-chapter.md"
        names.append(name)
        title = f"The {r.choice(ADJS).title()} {r.choice(NOUNS).title()}"
        parts = [f"# {title}\n"]
        words = 0
        sec = 0
        note = False
        while words < per_ch:
            if words > 0 and r.random() < 0.12:
                sec += 1
                parts.append(f"## The {r.choice(NOUNS)} and the {r.choice(NOUNS)}\n")
            p = paragraph(r, r.randint(3, 9))
            if not note and words > per_ch // 3:
                p += "[^n]"
                note = True
            if r.random() < 0.04:
                items = "\n".join(f"- {sentence(r)}" for _ in range(r.randint(2, 5)))
                p += "\n\n" + items
            parts.append(p + "\n")
            words += len(p.split())
        if note:
            parts.append(f"[^n]: {sentence(r)} {sentence(r)}\n")
        with open(os.path.join(outdir, "book", name), "w") as f:
            f.write("\n".join(parts))
    with open(os.path.join(outdir, "book", "book.yaml"), "w") as f:
        f.write("title: A Generated Book\nauthor: The Benchmark\nlang: en\ndate: \"2026\"\n")
        f.write("chapters:\n" + "".join(f"  - {n}\n" for n in names))


if __name__ == "__main__":
    main()
