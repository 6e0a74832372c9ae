/* md.h: Markdown (CommonMark + GFM tables, strikethrough, autolinks, task lists, footnotes,
 * smart punctuation) -> a DOC_CHAPTER subtree. The only cmark-gfm user. */
#ifndef HANJI_MD_H
#define HANJI_MD_H

#include "diag.h"
#include "doc.h"

/* Where a line of a chapter's text came from, when it is not the chapter's own line (text that
 * mdBook's {{#include}} brought in, see mdbook.h). */
typedef struct md_origin {
    const char *file; /* project-relative */
    int line;         /* 1-based */
} md_origin;

/* Parses one chapter. text need not be valid UTF-8: invalid bytes become U+FFFD and control
 * characters are dropped, each with a located warning. file is the project-relative path used
 * in messages and on nodes. Always returns a chapter (possibly empty). */
doc_node *md_parse_chapter(arena *a, diag_ctx *d, const char *file, const char *text, size_t len);
/* The same, for a text whose line i (from 0) came from map[i] (nmap lines; NULL: the file's own
 * lines): nodes and messages carry those places. */
doc_node *md_parse_mapped(arena *a, diag_ctx *d, const char *file, const char *text, size_t len,
                          const md_origin *map, int nmap);

/* What the book's language changes in the parse: the quotation marks smart punctuation makes
 * of " and ' (open, close, and the pair inside a quotation; present_quotes), and a " that
 * cmark took for a closing mark but opens a quotation in text without spaces (CJK: 说"你好"
 * starts one). Marks the author typed are kept as typed. */
typedef struct md_opts {
    const char *quotes[4];
} md_opts;

/* The whole parse: text whose lines came from map (or NULL), with the language's choices o
 * (NULL: English, “ ” ‘ ’, as cmark makes them). The functions above are this with NULLs. */
doc_node *md_parse(arena *a, diag_ctx *d, const char *file, const char *text, size_t len,
                   const md_origin *map, int nmap, const md_opts *o);
/* md_parse_chapter with o (NULL: English, “ ” ‘ ’, as cmark makes them). */
doc_node *md_parse_chapter_opts(arena *a, diag_ctx *d, const char *file, const char *text,
                                size_t len, const md_opts *o);

#endif
