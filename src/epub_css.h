/* epub_css.h: the default EPUB stylesheet (included by epub.c only). It must read well on a
 * phone and on an e-ink reader, so it sets proportions rather than sizes: relative units, no
 * fixed widths, no floats, no positioning, nothing Kindle (KF8) or Kobo ignore badly. Rules
 * that style the same element come in order of rising specificity (Calibre's stylelint check).
 * The reader's own font size and margins stay in charge; book/style.css is appended after it.
 * Small screens (a 360 px phone): long words and URLs wrap (overflow-wrap; hyphens: auto with
 * the lang on <html>), a figure's image is at most 60% of the page tall (FIGURE_MAX_VH;
 * important, since epub.js caps images at the page height with an !important rule of its own,
 * which the more specific figure img beats), and no chapter asks for a page break, since each is
 * its own file (foliate-js showed a blank page for it). */
#ifndef HANJI_EPUB_CSS_H
#define HANJI_EPUB_CSS_H

#include "xhtml.h" /* FIGURE_MAX_VH */

_Static_assert(FIGURE_MAX_VH == 60, "figure img's max-height below says 60vh");

static const char epub_default_css[] =
    "/* hanji default stylesheet */\n"
    "body { font-family: serif; line-height: 1.4; margin: 0; padding: 0 1%; widows: 2; "
    "orphans: 2; word-wrap: break-word; overflow-wrap: break-word; }\n"
    "p { margin: 0; text-indent: 1.2em; text-align: justify; -webkit-hyphens: auto; "
    "-epub-hyphens: auto; hyphens: auto; }\n"
    "h1 + p, h2 + p, h3 + p, h4 + p, h5 + p, h6 + p, hr + p, figure + p, table + p, pre + p,\n"
    "ul + p, ol + p, blockquote + p, li p, td p, th p, aside p, blockquote p "
    "{ text-indent: 0; }\n"
    "li p + p, blockquote p + p, aside p + p { margin-top: 0.5em; }\n"
    "h1, h2, h3, h4, h5, h6 { font-weight: bold; line-height: 1.2; text-align: left; "
    "text-indent: 0; -webkit-hyphens: none; hyphens: none; page-break-after: avoid; "
    "page-break-inside: avoid; }\n"
    "h1 { font-size: 1.6em; margin: 2em 0 1.2em 0; }\n"
    "h2 { font-size: 1.3em; margin: 1.5em 0 0.6em 0; }\n"
    "h3 { font-size: 1.1em; margin: 1.2em 0 0.4em 0; }\n"
    "h4, h5, h6 { font-size: 1em; margin: 1em 0 0.3em 0; }\n"
    "h4 { font-style: italic; }\n"
    ".chapter-number { display: block; font-size: 0.6em; font-weight: normal; "
    "text-transform: uppercase; letter-spacing: 0.1em; margin-bottom: 0.5em; }\n"
    ".section-number { font-weight: bold; }\n"
    "blockquote { margin: 1em 1.5em; font-size: 0.95em; }\n"
    "blockquote p.attribution { text-align: right; text-indent: 0; margin-top: 0.25em; }\n"
    "dl { margin: 0.6em 0; }\n"
    "dd { margin: 0 0 0.4em 1.6em; }\n"
    "kbd { font-family: monospace; font-size: 0.9em; border: 1px solid #999; "
    "padding: 0 0.2em; }\n"
    "ul, ol { margin: 0.6em 0; padding-left: 1.6em; }\n"
    "li { margin: 0.2em 0; }\n"
    "ul.tasks { list-style-type: none; padding-left: 0.6em; }\n"
    ".task-box { font-family: sans-serif; }\n"
    "hr { border: 0; border-top: 1px solid #888; width: 30%; margin: 1.5em auto; }\n"
    "pre { font-family: monospace; font-size: 0.85em; line-height: 1.3; margin: 1em 0; "
    "padding: 0.4em; border-left: 2px solid #999; white-space: pre-wrap; "
    "word-wrap: break-word; text-align: left; }\n"
    "code { font-family: monospace; font-size: 0.9em; }\n"
    "pre code { font-size: 1em; }\n"
    /* highlighted code (highlight.c's classes): mid-tone colours, at least 4.5:1 on white and
       3.7:1 on black, so that one palette reads in a reader's day and night themes (a second
       palette under prefers-color-scheme: dark would be light on white where a reader follows
       the system's dark mode but shows a white page); keywords bold and comments italic, which
       e-ink greys keep */
    ".tok-kw { color: #9c4fd6; font-weight: bold; }\n"
    ".tok-str, .tok-add { color: #237a4a; }\n"
    ".tok-esc { color: #a0541a; }\n"
    ".tok-com { color: #6b6b6b; font-style: italic; }\n"
    ".tok-num, .tok-del { color: #c4402f; }\n"
    ".tok-con { color: #b04c24; }\n"
    ".tok-typ { color: #13777d; }\n"
    ".tok-fn, .tok-tag { color: #3a72d8; }\n"
    ".tok-prop { color: #776a18; }\n"
    ".tok-attr { color: #b04f8f; }\n"
    ".tok-head { font-weight: bold; }\n"
    "figure { margin: 1.2em 0; text-align: center; text-indent: 0; "
    "page-break-inside: avoid; }\n"
    "img { max-width: 100%; }\n"
    "figure img { max-width: 100%; max-height: 60vh !important; height: auto; "
    "object-fit: contain; }\n"
    "img.inline { max-height: 1.2em; vertical-align: middle; }\n"
    "figcaption, caption { font-size: 0.9em; text-align: center; margin: 0.5em 0; "
    "text-indent: 0; }\n"
    ".figure-label, .table-label { font-weight: bold; }\n"
    "table { border-collapse: collapse; margin: 1em auto; font-size: 0.9em; "
    "max-width: 100%; border-top: 1px solid #444; border-bottom: 1px solid #444; }\n"
    "th, td { padding: 0.2em 0.4em; vertical-align: top; text-align: left; "
    "word-wrap: break-word; overflow-wrap: anywhere; }\n"
    "th { font-weight: bold; }\n"
    "thead th { border-bottom: 1px solid #888; }\n"
    "th.align-left, td.align-left { text-align: left; }\n"
    "th.align-center, td.align-center { text-align: center; }\n"
    "th.align-right, td.align-right { text-align: right; }\n"
    ":lang(ko) { word-break: keep-all; }\n"
    "a.noteref { text-decoration: none; }\n"
    "sup { font-size: 0.75em; line-height: 0; vertical-align: super; }\n"
    "sub { font-size: 0.75em; line-height: 0; vertical-align: sub; }\n"
    "section.footnotes { margin-top: 2em; border-top: 1px solid #888; padding-top: 0.5em; "
    "font-size: 0.85em; }\n"
    "aside { margin: 0.4em 0; }\n"
    ".fn-back { font-weight: bold; text-decoration: none; }\n"
    "del { text-decoration: line-through; }\n"
    ".cover { margin: 0; padding: 0; text-align: center; }\n"
    ".cover img { max-width: 100%; max-height: 100%; }\n"
    ".titlepage { text-align: center; margin-top: 20%; }\n"
    ".titlepage p, .copyright p { text-align: center; text-indent: 0; }\n"
    ".titlepage h1 { font-size: 2em; margin: 0 0 0.5em 0; text-align: center; }\n"
    ".titlepage .subtitle { font-size: 1.3em; margin-bottom: 2em; }\n"
    ".titlepage .author { font-size: 1.2em; margin: 0.3em 0; }\n"
    ".titlepage .publisher { margin-top: 3em; }\n"
    ".copyright { font-size: 0.85em; margin-top: 30%; text-align: center; }\n"
    ".copyright p { margin: 0.25em 0; }\n"
    ".copyright p.space-before { margin-top: 1.25em; }\n"
    "div.callout { margin: 1em 0; padding: 0.4em 0.8em; border-left: 0.25em solid #555; "
    "background-color: #f3f3f3; page-break-inside: avoid; }\n"
    "div.callout p { text-indent: 0; }\n"
    "div.callout p + p { margin-top: 0.5em; }\n"
    "div.note { border-left-color: #0969da; }\n"
    "div.tip { border-left-color: #1a7f37; }\n"
    "div.important { border-left-color: #8250df; }\n"
    "div.warning { border-left-color: #9a6700; }\n"
    "div.caution { border-left-color: #cf222e; }\n"
    "div.callout p.callout-title { font-weight: bold; margin: 0 0 0.3em 0; }\n"
    "nav ol { list-style-type: none; padding-left: 0; }\n"
    "nav ol ol { padding-left: 1.5em; }\n"
    "nav li { margin: 0.3em 0; }\n";

#endif
