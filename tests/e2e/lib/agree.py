#!/usr/bin/env python3
"""agree.py EPUB PDF: the two outputs of one build show the reader the same words.

Compares, with tools hanji does not use itself (pdftotext, qpdf's JSON):
  - the labels the outputs add (Figure 1.1, Table 2.1, Chapter 3, Section 1.2.1, Note 1): the
    same set in the PDF's text and the EPUB's (case aside: the PDF sets "CHAPTER 1" in capitals
    at an opening, as the EPUB's stylesheet does with text-transform);
  - the contents: the PDF outline's entries from the first chapter on against the EPUB nav's,
    title and depth alike (the outline's first entries are its own front matter pages:
    Contents, List of Figures, List of Tables);
  - the lists of figures and tables, the title page, the copyright page (line by line, in
    order), section numbers in headings and block-quote attributions.
Prints what differs; exits 1 when anything does. "on page N" is the PDF's alone (the EPUB has
no pages: its page-list carries them)."""
import html
import json
import re
import subprocess
import sys
import zipfile

LABEL = re.compile(r'\b(Figure|Table|Chapter|Section|Note|CHAPTER) (\d+(?:\.\d+)*)')


def norm(s):
    return ' '.join(s.split())


INLINE = re.compile(r'</?(?:span|em|strong|a|i|b|code|sup|sub|kbd|small|bdi)\b[^>]*>')


def strip_tags(s):
    """Text of markup: inline tags vanish (a <span lang> inside a word adds no space), other
    tags separate."""
    return re.sub(r'<[^>]+>', ' ', INLINE.sub('', s))


def text_of(xhtml):
    body = xhtml.split('<body', 1)[-1]
    body = re.sub(r'<span[^>]*epub:type="pagebreak"[^>]*></span>', '', body)
    return html.unescape(strip_tags(body))


def elements(xhtml, tag, cls=None):
    """Texts of the <tag> elements (with class cls) of a document, in order."""
    pat = r'<%s\b([^>]*)>(.*?)</%s>' % (tag, tag)
    out = []
    for m in re.finditer(pat, xhtml, re.S):
        if cls and ('class="%s' % cls) not in m.group(1):
            continue
        out.append(norm(html.unescape(strip_tags(m.group(2)))))
    return out


def pdf_pages(pdf):
    out = subprocess.run(['pdftotext', '-layout', pdf, '-'], check=True, capture_output=True,
                         text=True).stdout
    return [[norm(ln) for ln in pg.split('\n') if ln.strip()] for pg in out.split('\f')]


def outline(pdf):
    js = json.loads(subprocess.run(['qpdf', '--json=2', '--json-key=outlines', pdf], check=True,
                                   capture_output=True, text=True).stdout)
    flat = []

    def walk(items, depth):
        for it in items:
            flat.append((depth, norm(it['title'])))
            walk(it.get('kids', []), depth + 1)
    walk(js['outlines'], 1)
    return flat


def nav_entries(nav, navtype):
    nav = re.sub(r'<span[^>]*epub:type="pagebreak"[^>]*></span>', '', nav)
    m = re.search(r'<nav epub:type="%s"[^>]*>(.*?)</nav>' % navtype, nav, re.S)
    if not m:
        return []
    out, depth = [], 0
    for t in re.finditer(r'<(/?)(ol|li|a)\b[^>]*>(.*?)(?=<)', m.group(1), re.S):
        close, tag, rest = t.group(1), t.group(2), t.group(3)
        if tag == 'ol':
            depth += -1 if close else 1
        elif tag == 'a' and not close:
            out.append((depth, norm(html.unescape(rest))))
    return out


def main():
    epub, pdf = sys.argv[1], sys.argv[2]
    problems = []
    z = zipfile.ZipFile(epub)
    docs = {n: z.read(n).decode('utf-8') for n in z.namelist() if n.endswith('.xhtml')}
    chapters = [docs[n] for n in sorted(docs) if '/chapter-' in n]
    nav = next(d for n, d in docs.items() if n.endswith('nav.xhtml'))
    pages = pdf_pages(pdf)
    pdf_text = norm(' '.join(' '.join(p) for p in pages))
    pdf_lines = {ln for p in pages for ln in p}

    # labels
    ours = {(w.lower(), n) for c in chapters for w, n in LABEL.findall(norm(text_of(c)))}
    theirs = {(w.lower(), n) for w, n in LABEL.findall(pdf_text)}
    for w, n in sorted(ours - theirs):
        problems.append(f'label {w} {n}: in the EPUB, not in the PDF')
    for w, n in sorted(theirs - ours):
        problems.append(f'label {w} {n}: in the PDF, not in the EPUB')

    # contents: the outline after its front entries against the nav
    words = {'Contents', 'List of Figures', 'List of Tables'}
    out = outline(pdf)
    while out and out[0][1] in words:
        out.pop(0)
    toc = nav_entries(nav, 'toc')
    if out != toc:
        problems.append(f'contents: PDF outline {out} but EPUB nav {toc}')
    for depth, title in toc:
        if not any(ln.startswith(title) for ln in pdf_lines):
            problems.append(f'contents: {title!r} is not a line of the PDF contents')

    # lists of figures and tables
    for kind in ('lof', 'lot'):
        for _, entry in nav_entries(nav, kind):
            if not any(ln.startswith(entry) for ln in pdf_lines):
                problems.append(f'{kind}: {entry!r} is not a line of the PDF')

    # the title page: every line of the EPUB's, as a line of the PDF
    title = next(d for n, d in docs.items() if n.endswith('title.xhtml'))
    for t in elements(title, 'h1') + elements(title, 'p'):
        if t not in pdf_lines:
            problems.append(f'title page: {t!r} is not a line of the PDF')

    # the copyright page: the same lines in the same order (a long one wraps in the PDF)
    cr = next(d for n, d in docs.items() if n.endswith('copyright.xhtml'))
    ours_cr = ' | '.join(elements(cr, 'p'))
    page = next((p for p in pages if any(ln.startswith('Typeset with hanji') for ln in p)), [])
    if ' '.join(ours_cr.split(' | ')) != ' '.join(page) or not all(
            any(ln.startswith(t[:30]) for ln in page) for t in ours_cr.split(' | ')):
        problems.append(f'copyright page: EPUB {ours_cr!r} but PDF {" | ".join(page)!r}')

    # section numbers and attributions
    for c in chapters:
        for h in elements(c, 'h2') + elements(c, 'h3'):
            if h not in pdf_lines:
                problems.append(f'heading {h!r} is not a line of the PDF')
        for a in elements(c, 'p', 'attribution'):
            if a not in pdf_lines:
                problems.append(f'attribution {a!r} is not a line of the PDF')
        if '<blockquote>' in c and not elements(c, 'p', 'attribution'):
            problems.append('a block quote with an attribution has none in the EPUB')

    for p in problems:
        print(p)
    print(f'agree: {len(ours)} labels, {len(toc)} contents entries compared, '
          f'{len(problems)} problem(s)')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
