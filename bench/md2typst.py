#!/usr/bin/env python3
"""md2typst.py: the benchmark's Typst input: a hanji project's Markdown chapters as one Typst
document, for timing Typst's PDF against hanji's on the same text (bench/run.sh).

usage: md2typst.py PROJECT OUT.typ

Debian 12's pandoc (2.17) has no Typst writer, so this walks pandoc's JSON AST (`pandoc -f gfm
-t json`, pandoc-types 1.22) and writes the Typst equivalent of each element: headings
(numbered), paragraphs, emphasis, code, links, lists, block quotes, tables, figures, footnotes;
page size, margins, font and justification set like hanji's defaults (6x9in, Noto Serif). Typst
markup is escaped character by character; every embedded expression ends with ';' so that text
after it is never taken for more arguments. Image paths are relative to the book/ folder, where
OUT.typ should be written (with the project as the Typst workspace).
"""
import json
import re
import subprocess
import sys

SPECIAL = set('\\*_`$#[]<>@~=-+/\'"{}()')


def esc(s):
    return "".join("\\" + c if c in SPECIAL else c for c in s)


def tstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
        "\r", "\\r").replace("\t", "\\t") + '"'


def inl(xs):
    out = []
    for x in xs:
        t, c = x["t"], x.get("c")
        if t == "Str":
            out.append(esc(c))
        elif t in ("Space", "SoftBreak"):
            out.append(" ")
        elif t == "LineBreak":
            out.append("#linebreak();")
        elif t == "Emph":
            out.append("#emph[" + inl(c) + "];")
        elif t == "Strong":
            out.append("#strong[" + inl(c) + "];")
        elif t == "Strikeout":
            out.append("#strike[" + inl(c) + "];")
        elif t == "Underline":
            out.append("#underline[" + inl(c) + "];")
        elif t == "Superscript":
            out.append("#super[" + inl(c) + "];")
        elif t == "Subscript":
            out.append("#sub[" + inl(c) + "];")
        elif t == "SmallCaps":
            out.append("#smallcaps[" + inl(c) + "];")
        elif t == "Quoted":
            q = ("\u201c", "\u201d") if c[0]["t"] == "DoubleQuote" else ("\u2018", "\u2019")
            out.append(q[0] + inl(c[1]) + q[1])
        elif t == "Cite":
            out.append(inl(c[1]))
        elif t == "Code":
            out.append("#raw(" + tstr(c[1]) + ");")
        elif t == "Math":
            out.append(esc(c[1]))
        elif t == "RawInline":
            pass
        elif t == "Link":
            url = c[2][0]
            if re.match(r"(https?|mailto|ftp):", url):
                out.append("#link(" + tstr(url) + ")[" + inl(c[1]) + "];")
            else:
                out.append(inl(c[1]))
        elif t == "Image":
            out.append("#box(image(" + tstr(c[2][0]) + ", height: 1em));")
        elif t == "Note":
            out.append("#footnote[" + blocks(c) + "];")
        elif t == "Span":
            out.append(inl(c[1]))
    return "".join(out)


def cell(c):
    return "[" + blocks(c[4]) + "]"


def blocks(bs):
    out = []
    for b in bs:
        t, c = b["t"], b.get("c")
        if t in ("Para", "Plain"):
            if t == "Para" and len(c) == 1 and c[0]["t"] == "Image":
                img = c[0]["c"]
                out.append("#figure(image(" + tstr(img[2][0]) + ", width: 80%), caption: [" +
                           inl(img[1]) + "]);")
            else:
                out.append(inl(c))
        elif t == "Header":
            out.append("=" * c[0] + " " + inl(c[2]))
        elif t == "CodeBlock":
            lang = c[0][1][0] if c[0][1] else None
            out.append("#raw(" + tstr(c[1]) + ", block: true" +
                       (", lang: " + tstr(lang) if lang else "") + ");")
        elif t == "BlockQuote":
            out.append("#quote(block: true)[" + blocks(c) + "];")
        elif t == "BulletList":
            out.append("#list(" + ", ".join("[" + blocks(i) + "]" for i in c) + ");")
        elif t == "OrderedList":
            out.append("#enum(start: %d, " % c[0][0] +
                       ", ".join("[" + blocks(i) + "]" for i in c[1]) + ");")
        elif t == "DefinitionList":
            for term, defs in c:
                out.append("#strong[" + inl(term) + "];")
                out.extend(blocks(d) for d in defs)
        elif t == "HorizontalRule":
            out.append("#line(length: 100%);")
        elif t == "Table":
            ncols = len(c[2])
            cells = []
            for row in c[3][1]:
                cells.extend("table.header(" + cell(x) + ")" if False else cell(x)
                             for x in row[1])
            for body in c[4]:
                for row in body[3]:
                    cells.extend(cell(x) for x in row[1])
            out.append("#table(columns: %d, %s);" % (max(ncols, 1), ", ".join(cells)))
        elif t == "Div":
            out.append(blocks(c[1]))
        elif t == "LineBlock":
            out.append("#linebreak();".join(inl(line) for line in c))
    return "\n\n".join(o for o in out if o)


def main():
    project, outfile = sys.argv[1], sys.argv[2]
    with open(project + "/book/book.yaml", encoding="utf-8") as f:
        yaml = f.read()
    m = re.search(r"^title: *(.*)$", yaml, re.M)
    title = m.group(1).strip().strip("\"'") if m else "Book"
    chapters = re.findall(r"^  - (.*\.md)\s*$", yaml, re.M)
    if not chapters:
        import glob
        chapters = sorted(p.split("/")[-1] for p in glob.glob(project + "/book/*.md"))
    doc = json.loads(subprocess.run(
        ["pandoc", "-f", "gfm+footnotes", "-t", "json"] +
        [project + "/book/" + c for c in chapters], capture_output=True, check=True).stdout)
    with open(outfile, "w", encoding="utf-8") as f:
        f.write("#set document(title: " + tstr(title) + ")\n"
                "#set page(width: 6in, height: 9in, margin: (inside: 0.875in, "
                "outside: 0.625in, top: 0.75in, bottom: 0.875in), numbering: \"1\")\n"
                "#set text(font: \"Noto Serif\", size: 10.5pt, lang: \"en\")\n"
                "#set par(justify: true)\n"
                "#set heading(numbering: \"1.1\")\n"
                "#show heading.where(level: 1): it => { pagebreak(weak: true); it }\n"
                "#show raw: set text(font: \"Noto Sans Mono\")\n\n"
                "#align(center)[#text(size: 24pt)[" + esc(title) + "]];\n\n"
                "#pagebreak();\n#outline();\n\n")
        f.write(blocks(doc["blocks"]))
        f.write("\n")


if __name__ == "__main__":
    main()
