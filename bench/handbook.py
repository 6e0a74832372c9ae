#!/usr/bin/env python3
"""handbook.py: turns the Debian Administrator's Handbook, as Debian's `debian-handbook` package
ships it (XHTML pages under /usr/share/doc/debian-handbook/html/en-US), into a hanji project of
Markdown chapters for the benchmark (bench/run.sh). Not committed: it is made at benchmark time.

usage: handbook.py OUTDIR [HTMLDIR]

Pages are read in reading order (following each page's rel="next" link from index.html); every
page that is not a section page (sect.*.html) starts a chapter, and the section pages after it
are appended to it. Each chapter's XHTML (page furniture removed: banner, navigation, index
anchors; links between pages reduced to their text, since the pages' ids are not hanji's) goes
through `pandoc -f html -t gfm-raw_html`. PNG and JPEG images are copied into images/; images
in other formats (the XPM icons) are left out.
"""
import os
import re
import shutil
import subprocess
import sys

HTMLDIR = "/usr/share/doc/debian-handbook/html/en-US"


def reading_order(htmldir):
    order, seen, page = [], set(), "index.html"
    while page and page not in seen:
        seen.add(page)
        order.append(page)
        with open(os.path.join(htmldir, page), encoding="utf-8") as f:
            head = f.read(4000)
        m = re.search(r'<link rel="next" href="([^"#]+)"', head)
        page = m.group(1) if m else None
    return order[1:]  # index.html is the title page and contents


def body_of(html):
    # the content sits between the top navigation list and the bottom one
    start = html.find('<ul class="docnav top">')
    start = html.find("</ul>", start) + len("</ul>") if start >= 0 else html.find("<body>") + 6
    end = html.rfind('<ul class="docnav">')
    if end < 0:
        end = html.rfind("</body>")
    body = html[start:end]
    body = re.sub(r'<a [^>]*class="indexterm"[^>]*></a>', "", body)
    body = re.sub(r'<a xmlns="" id="[^"]*"></a>', "", body)
    body = re.sub(r'<a id="[^"]*"></a>', "", body)
    # links to other pages: keep the text (hanji's ids are its own)
    body = re.sub(r'<a [^>]*href="(?!https?:|mailto:|ftp:)[^"]*"[^>]*>(.*?)</a>', r"\1", body,
                  flags=re.S)
    # the table of contents of each chapter page repeats the section titles
    body = re.sub(r'<div class="toc">.*?</div></div>', "", body, flags=re.S)
    return body


def main():
    out = sys.argv[1]
    htmldir = sys.argv[2] if len(sys.argv) > 2 else HTMLDIR
    book = os.path.join(out, "book")
    images = os.path.join(out, "images")
    os.makedirs(book, exist_ok=True)
    os.makedirs(images, exist_ok=True)
    chapters = []  # [ [page, ...], ... ]
    for page in reading_order(htmldir):
        if not page.startswith("sect.") or not chapters:
            chapters.append([])
        chapters[-1].append(page)
    names = []
    for i, pages in enumerate(chapters, 1):
        html = ""
        for page in pages:
            with open(os.path.join(htmldir, page), encoding="utf-8") as f:
                html += body_of(f.read())
        for src in re.findall(r'<img [^>]*src="(images/[^"]+)"', html):
            if re.search(r"\.(png|jpe?g)$", src, re.I):
                shutil.copy(os.path.join(htmldir, src), images)
        html = re.sub(r'<img [^>]*src="images/[^"]+\.(?!png|jpe?g)[a-z]+"[^>]*/?>', "", html)
        html = html.replace('src="images/', 'src="../images/')
        md = subprocess.run(["pandoc", "-f", "html-native_divs-native_spans", "-t", "gfm-raw_html",
                             "--wrap=none"],
                            input=html.encode(), capture_output=True, check=True).stdout.decode()
        # a chapter starts with its level-1 heading: the first heading becomes one
        md = re.sub(r"^#+ ", "# ", md, count=1, flags=re.M)
        name = "%02d-%s.md" % (i, re.sub(r"\.html$", "", pages[0]))
        with open(os.path.join(book, name), "w", encoding="utf-8") as f:
            f.write(md)
        names.append(name)
    with open(os.path.join(book, "book.yaml"), "w", encoding="utf-8") as f:
        f.write("title: The Debian Administrator's Handbook\n"
                "author: Raphaël Hertzog and Roland Mas\n"
                "lang: en\n"
                'date: "2022"\n'
                "rights: CC BY-SA 3.0 or GPL 2+\n"
                "output-name: debian-handbook\n"
                "chapters:\n" + "".join("  - %s\n" % n for n in names))
    print("%s: %d chapters, %d images" % (out, len(names), len(os.listdir(images))))


if __name__ == "__main__":
    main()
