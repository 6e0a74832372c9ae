/* highlight.h: syntax highlighting of fenced code. Turns (language, code text) into a list of
 * (byte range, token class) with a small fixed set of classes, which both outputs style:
 * xhtml.c as <span class="tok-kw">, the layout as a colour (a grey in the print profile).
 *
 * highlight.c is the only user of tree-sitter's runtime; the grammars are compiled in when CMake
 * finds them in grammars/node_modules (setup.sh installs them). Without them only the built-in
 * line-based languages (diff) are highlighted, and -v says so. */
#ifndef HANJI_HIGHLIGHT_H
#define HANJI_HIGHLIGHT_H

#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "doc.h"

/* The token classes. HL_NONE is plain text. The order is fixed: the dumps and the CSS name
 * them through hl_class_name. */
typedef enum hl_class {
    HL_NONE,
    HL_KEYWORD,  /* kw: keywords, storage classes, control flow */
    HL_STRING,   /* str: strings, characters, literal text */
    HL_ESCAPE,   /* esc: escapes, regular expressions, symbols inside strings */
    HL_COMMENT,  /* com: comments and documentation comments */
    HL_NUMBER,   /* num: numbers */
    HL_CONSTANT, /* con: constants, booleans, nil, self/this */
    HL_TYPE,     /* typ: types, constructors, modules */
    HL_FUNCTION, /* fn: functions and methods, defined or called; macros */
    HL_PROPERTY, /* prop: fields, properties, keys */
    HL_ATTR,     /* attr: attributes, annotations, decorators */
    HL_TAG,      /* tag: markup tags */
    HL_OPERATOR, /* op: operators */
    HL_PUNCT,    /* pun: brackets, delimiters */
    HL_HEADING,  /* head: headings of markup languages */
    HL_INSERTED, /* add: inserted lines of a diff */
    HL_DELETED,  /* del: deleted lines of a diff */
    HL_CLASS_COUNT
} hl_class;

/* One highlighted stretch [start, end) of the code's bytes. Spans are sorted, never overlap and
 * never hold HL_NONE; the bytes between them are plain. */
typedef struct hl_span {
    uint32_t start, end;
    uint8_t cls; /* hl_class */
} hl_span;

/* The short name of a class ("kw", "str", ...): the CSS class is "tok-" and it. */
const char *hl_class_name(hl_class c);

/* The canonical name of the language an info string names ("rust,ignore" -> "rust", "py" ->
 * "python", "c++" -> "cpp", "sh" -> "bash"), if hanji can highlight it in this build; NULL
 * otherwise (no grammar, or not a language). */
const char *hl_language(const char *info);

/* Highlights len bytes of code in the language info names. Returns the number of spans, their
 * array in *out (allocated in a); 0 (and *out NULL) when the language is unknown, the code is
 * longer than HL_MAX_BYTES, brackets nest deeper than HL_MAX_NESTING (where a parser's time
 * grows fastest: such code stays plain whatever the machine's speed, so outputs do not depend on
 * it), or the parser gave up all the same (HL_TIMEOUT_US, a last resort). Never fails otherwise
 * (out of memory aborts). Not thread-safe: parsers and compiled queries are kept for the
 * process. */
#define HL_MAX_BYTES   ((size_t)256 << 10)
#define HL_MAX_NESTING 256
#define HL_TIMEOUT_US  5000000
int hl_highlight(arena *a, const char *info, const char *text, size_t len, hl_span **out);

/* Highlights every code block of the book: sets each CODEBLOCK's hl and nhl (in a). With
 * verbose, says which languages were highlighted, which were not known, and whether the grammars
 * are compiled in. */
void hl_book(arena *a, doc_node *book, FILE *verbose);

/* A description of the grammars compiled in ("21 grammars: bash c cpp ..."), for -v. */
const char *hl_grammar_list(void);

#endif
