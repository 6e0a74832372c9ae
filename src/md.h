/* md.h: Markdown (CommonMark + GFM tables, strikethrough, autolinks, task lists, footnotes,
 * smart punctuation) -> a DOC_CHAPTER subtree. The only cmark-gfm user. */
#ifndef HANJI_MD_H
#define HANJI_MD_H

#include "diag.h"
#include "doc.h"

/* Parses one chapter. text need not be valid UTF-8: invalid bytes become U+FFFD and control
 * characters are dropped, each with a located warning. file is the project-relative path used
 * in messages and on nodes. Always returns a chapter (possibly empty). */
doc_node *md_parse_chapter(arena *a, diag_ctx *d, const char *file, const char *text, size_t len);

/* What the book's language changes in the parse: the quotation marks smart punctuation makes
 * of " and ' (open, close, and the pair inside a quotation; present_quotes), and a " that
 * cmark took for a closing mark but opens a quotation in text without spaces (CJK: 说"你好"
 * starts one). Marks the author typed are kept as typed. */
typedef struct md_opts {
    const char *quotes[4];
} md_opts;

/* md_parse_chapter with o (NULL: English, “ ” ‘ ’, as cmark makes them). */
doc_node *md_parse_chapter_opts(arena *a, diag_ctx *d, const char *file, const char *text,
                                size_t len, const md_opts *o);

#endif
