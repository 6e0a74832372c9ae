/* html.h: raw HTML in a chapter, read with an HTML5 parser (gumbo) into the document tree.
 *
 * cmark-gfm hands raw HTML over in pieces: an inline tag at a time (`<sup>`, then the text as
 * Markdown, then `</sup>`) and HTML blocks that may stop at a blank line and go on after
 * Markdown blocks (`<details>`, a paragraph, `</details>`). md.c puts each piece into the tree
 * as a TEXT node flagged DOC_F_HTML. html_rebuild then parses the pieces of one parent together
 * with its other children, which stand in the HTML as placeholders, so that open and close
 * tags pair across them and the Markdown between them lands inside the element it is in.
 *
 * Understood (what a book's HTML is mostly made of):
 *   <br> a line break; <sup> <sub> <kbd> <em> <i> <strong> <b> <code> <del> <s> <a href>;
 *   <img src alt width title> an inline image, or a figure when it is alone in a paragraph
 *   (`<p align="center"><img ...></p>`, a lone <img> block); <figure> with <img> and
 *   <figcaption>; <details> (kept) with <summary> (a bold lead paragraph); <dl> <dt> <dd>;
 *   <p> <h1>..<h6> <blockquote> <ul> <ol> <li> <hr> <pre>; <div> and <span> are transparent;
 *   comments are silent.
 * Anything else: one warning per element name and chapter (at its first place), its text kept
 * (<script>, <style>, <template> and <title> lose their text too). */
#ifndef HANJI_HTML_H
#define HANJI_HTML_H

#include "diag.h"
#include "doc.h"

/* Element names warned about in one chapter (so each is named once). */
typedef struct html_seen {
    const char **names;
    int n, cap;
} html_seen;

/* Parses the DOC_F_HTML children of parent together with its other children and puts the
 * result in their place. parent is an inline container (PARA, HEADING, TABLE_CELL, FIGURE,
 * EMPH...) or a block container (CHAPTER, BLOCKQUOTE, ITEM, FOOTNOTE). Warnings go to d, at
 * the place in the chapter (the HTML node's file, line and column plus the offset inside it).
 * Never fails: past HTML_MAX_TAGS tags in one parent, the HTML is left out with a warning. */
#define HTML_MAX_TAGS 20000
void html_rebuild(arena *a, diag_ctx *d, html_seen *seen, doc_node *parent);

#endif
