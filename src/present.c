/* present.c: the presentation model (see present.h): the one place where reader-visible words
 * are spelled, and where what both outputs show of the tree (contents, labels, front matter,
 * attributions) is decided.
 *
 * Languages. The words are a table keyed by the book's language (BCP 47 `lang`): the entry
 * whose tag matches the language's primary subtag, else English. To add a language, add a row
 * to `languages` with every word translated (a template keeps its %1 and %2). */
#include "present.h"

#include "buf.h"
#include "utf8.h"

#include <stdlib.h>

#include <string.h>
#include <strings.h>

typedef struct language {
    const char *tag; /* primary language subtag, lower case */
    const char *words[PW_COUNT];
} language;

static const language languages[] = {
    {"en",
     {
         [PW_CHAPTER] = "Chapter",
         [PW_SECTION] = "Section",
         [PW_FIGURE] = "Figure",
         [PW_TABLE] = "Table",
         [PW_NOTE] = "Note",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 on page %2",
         [PW_CONTENTS] = "Contents",
         [PW_LIST_FIGURES] = "List of Figures",
         [PW_LIST_TABLES] = "List of Tables",
         [PW_COVER] = "Cover",
         [PW_COVER_OF] = "Cover of %1",
         [PW_TITLE_PAGE] = "Title Page",
         [PW_COPYRIGHT] = "Copyright",
         [PW_START] = "Start of Content",
         [PW_LANDMARKS] = "Landmarks",
         [PW_PAGES] = "Pages",
         [PW_UNTITLED] = "Untitled",
         [PW_PUBLISHED_BY] = "Published by %1",
         [PW_DATE] = "Date: %1",
         [PW_TYPESET_WITH] = "Typeset with hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " and ",
         [PW_SERIAL_AND] = ", and ",
         [PW_LIST_SEP] = ", ",
     }},
};

static const language *language_of(const char *lang)
{
    if (!lang)
        return &languages[0];
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < HJ_ARRAY_LEN(languages); i++)
        if (n == strlen(languages[i].tag) && strncasecmp(lang, languages[i].tag, n) == 0)
            return &languages[i];
    return &languages[0];
}

const char *present_fill(const present *p, present_word w, const char *a1, const char *a2)
{
    const char *t = p->words[w];
    buf b = BUF_INIT;
    for (const char *s = t; *s; s++) {
        if (s[0] == '%' && (s[1] == '1' || s[1] == '2')) {
            const char *arg = s[1] == '1' ? a1 : a2;
            if (arg)
                buf_puts(&b, arg);
            s++;
        } else {
            buf_putc(&b, *s);
        }
    }
    const char *r = arena_strndup(p->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return r;
}

static int has_text(const char *s)
{
    if (!s)
        return 0;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 1;
    return 0;
}

const doc_node *present_title_heading(const doc_node *chapter)
{
    return chapter && chapter->kind == DOC_CHAPTER ? chapter->title : NULL;
}

const char *present_chapter_title(const doc_node *chapter)
{
    return chapter && chapter->plain ? chapter->plain : "";
}

const char *present_label(const present *p, const doc_node *n)
{
    if (!n || !n->label)
        return NULL;
    switch (n->kind) {
    case DOC_FIGURE:
        return present_fill(p, PW_LABEL, p->words[PW_FIGURE], n->label);
    case DOC_TABLE:
        return present_fill(p, PW_LABEL, p->words[PW_TABLE], n->label);
    case DOC_CHAPTER:
        return present_fill(p, PW_LABEL, p->words[PW_CHAPTER], n->label);
    default:
        return NULL;
    }
}

int present_can_xref(const doc_node *t)
{
    if (!t || !t->label)
        return 0;
    switch (t->kind) {
    case DOC_FIGURE:
    case DOC_TABLE:
    case DOC_CHAPTER:
    case DOC_HEADING:
    case DOC_FOOTNOTE:
        return 1;
    default:
        return 0;
    }
}

const char *present_xref(const present *p, const doc_node *t)
{
    if (!t)
        return NULL;
    present_word w = PW_SECTION;
    const char *label = t->label;
    switch (t->kind) {
    case DOC_FIGURE:
        w = PW_FIGURE;
        break;
    case DOC_TABLE:
        w = PW_TABLE;
        break;
    case DOC_CHAPTER:
        w = PW_CHAPTER;
        break;
    case DOC_FOOTNOTE:
        w = PW_NOTE;
        break;
    case DOC_HEADING: {
        const doc_node *ch = t->chapter ? t->chapter : doc_chapter_of(t);
        if (ch && present_title_heading(ch) == t) {
            w = PW_CHAPTER;
            label = ch->label;
        }
        break;
    }
    default:
        break;
    }
    if (label)
        return present_fill(p, PW_LABEL, p->words[w], label);
    if (t->plain)
        return t->plain;
    return doc_plain_text(p->a, t);
}

const char *present_xref_page(const present *p, const doc_node *t, const char *folio)
{
    return present_fill(p, PW_ON_PAGE, present_xref(p, t), folio);
}

const doc_node *present_attribution(const doc_node *q)
{
    const doc_node *p = q ? q->last : NULL;
    if (!p || p == q->first || p->kind != DOC_PARA || !p->first || p->first->kind != DOC_TEXT)
        return NULL;
    const char *t = p->first->text;
    size_t len = p->first->len;
    if ((len >= 3 && (!memcmp(t, "\xe2\x80\x94", 3) || !memcmp(t, "\xe2\x80\x95", 3) ||
                      !memcmp(t, "\xe2\x80\x93", 3))) ||
        (len >= 2 && !memcmp(t, "--", 2)))
        return p;
    return NULL;
}

/* ---- the contents ---- */

static void entry_add(present *p, present_toc **list, int *n, int *cap, const doc_node *target,
                      int level, const char *label, const char *title, const doc_node *title_node)
{
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 32;
        *list =
            arena_realloc(p->a, *list, sizeof(**list) * (size_t)*cap, sizeof(**list) * (size_t)nc);
        *cap = nc;
    }
    present_toc *e = &(*list)[(*n)++];
    e->target = target;
    e->level = level;
    e->label = label;
    e->title = title ? title : "";
    e->title_node = title_node;
    if (label && *label)
        e->text = *e->title ? arena_printf(p->a, "%s %s", label, e->title) : label;
    else
        e->text = *e->title ? e->title : p->words[PW_UNTITLED];
}

/* Chapters (level 1) and, to toc-depth, their top-level headings with an id (a later level-1
 * heading counts as level 2). */
static void make_toc(present *p, const doc_node *book)
{
    int cap = 0;
    for (const doc_node *ch = book->first; ch; ch = ch->next) {
        if (ch->kind != DOC_CHAPTER)
            continue;
        entry_add(p, &p->toc, &p->ntoc, &cap, ch, 1, ch->label, present_chapter_title(ch),
                  present_title_heading(ch));
        for (const doc_node *n = ch->first; n; n = n->next) {
            if (n->kind != DOC_HEADING || n == present_title_heading(ch))
                continue;
            int lv = n->level < 2 ? 2 : n->level;
            if (lv > p->toc_depth || !n->id)
                continue;
            entry_add(p, &p->toc, &p->ntoc, &cap, n, lv, n->label,
                      n->plain ? n->plain : doc_plain_text(p->a, n), n);
        }
    }
}

/* Every numbered figure and table, in order, titled by its caption (by its label when it has
 * none). */
static void make_lists(present *p, const doc_node *book)
{
    int capf = 0, capt = 0;
    doc_iter it;
    doc_iter_init(&it, (doc_node *)book);
    while (doc_iter_next(&it)) {
        const doc_node *n = it.node;
        if (!it.entering || (n->kind != DOC_FIGURE && n->kind != DOC_TABLE) || !n->label)
            continue;
        const char *t = n->plain && *n->plain ? n->plain : present_label(p, n);
        if (n->kind == DOC_FIGURE)
            entry_add(p, &p->figures, &p->nfigures, &capf, n, 1, n->label, t, NULL);
        else
            entry_add(p, &p->tables, &p->ntables, &capt, n, 1, n->label, t, NULL);
    }
}

/* ---- front matter ---- */

static const char *authors_phrase(present *p)
{
    const config *c = p->cfg;
    const char **v = ARENA_NEWN(p->a, const char *, (size_t)c->nauthors + 1);
    int n = 0;
    for (int i = 0; i < c->nauthors; i++)
        if (has_text(c->authors[i]))
            v[n++] = c->authors[i];
    if (n == 0)
        return NULL;
    const char *s = v[0];
    for (int i = 1; i < n; i++) {
        const char *sep = i < n - 1 ? p->words[PW_LIST_SEP]
                          : n > 2   ? p->words[PW_SERIAL_AND]
                                    : p->words[PW_AND];
        s = arena_printf(p->a, "%s%s%s", s, sep, v[i]);
    }
    return s;
}

static void line_add(present *p, const char *kind, const char *text, int space_before)
{
    if (!has_text(text))
        return;
    p->copyright[p->ncopyright++] = (present_line){kind, text, space_before};
}

/* The copyright page: the title, the rights (or a notice from the year and the authors), the
 * publisher, the date, the identifier, and the colophon. */
static void make_copyright(present *p)
{
    const config *c = p->cfg;
    p->copyright = ARENA_NEWN(p->a, present_line, 8);
    const char *t = p->title;
    if (has_text(c->subtitle))
        t = arena_printf(p->a, "%s: %s", t, c->subtitle);
    line_add(p, "book-title", t, 0);
    if (has_text(c->rights)) {
        line_add(p, "rights", c->rights, 0);
    } else if (p->authors) {
        const char *d = c->date;
        int year = d && strlen(d) >= 4 && d[0] >= '0' && d[0] <= '9';
        line_add(p, "rights",
                 year ? present_fill(p, PW_COPYRIGHT_LINE, arena_strndup(p->a, d, 4), p->authors)
                      : present_fill(p, PW_COPYRIGHT_NOYEAR, p->authors, NULL),
                 0);
    }
    int gap = 1;
    if (has_text(c->publisher)) {
        line_add(p, "publisher", present_fill(p, PW_PUBLISHED_BY, c->publisher, NULL), gap);
        gap = 0;
    }
    if (has_text(c->date)) {
        line_add(p, "date", present_fill(p, PW_DATE, c->date, NULL), gap);
        gap = 0;
    }
    if (has_text(c->identifier))
        line_add(p, "identifier", c->identifier, gap);
    line_add(p, "colophon", present_fill(p, PW_TYPESET_WITH, HANJI_VERSION, NULL), 1);
}

present *present_make(arena *a, const config *cfg, const doc_node *book)
{
    present *p = ARENA_NEW(a, present);
    p->a = a;
    p->cfg = cfg;
    const language *l = language_of(cfg->lang);
    for (int i = 0; i < PW_COUNT; i++)
        p->words[i] = l->words[i] ? l->words[i] : languages[0].words[i];
    p->toc_depth = cfg->toc_depth > 0 ? cfg->toc_depth : 2;
    p->title = has_text(cfg->title) ? cfg->title : p->words[PW_UNTITLED];
    p->authors = authors_phrase(p);
    make_copyright(p);
    if (book) {
        make_toc(p, book);
        make_lists(p, book);
    }
    return p;
}

/* ---- the characters printed ---- */

#define CP_LIMIT 0x110000

static void chars_add(unsigned char *bits, const char *s, size_t n)
{
    for (size_t i = 0; s && i < n;) {
        size_t l = 1;
        uint32_t cp = utf8_decode(s + i, n - i, &l);
        if (cp < CP_LIMIT)
            bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
        i += l ? l : 1;
    }
}

static void chars_str(unsigned char *bits, const char *s)
{
    if (s)
        chars_add(bits, s, strlen(s));
}

int present_chars(const present *p, const doc_node *book, const uint32_t **cps)
{
    unsigned char *bits = calloc(CP_LIMIT / 8, 1);
    if (!bits)
        hj_oom();
    doc_iter it;
    doc_iter_init(&it, (doc_node *)book);
    while (book && doc_iter_next(&it)) {
        const doc_node *n = it.node;
        if (!it.entering)
            continue;
        if (n->kind == DOC_TEXT || n->kind == DOC_CODE || n->kind == DOC_CODEBLOCK)
            chars_add(bits, n->text, n->len);
        chars_str(bits, n->label);
        if (n->kind == DOC_TABLE && n->caption) {
            doc_iter ci;
            doc_iter_init(&ci, n->caption);
            while (doc_iter_next(&ci))
                if (ci.entering && ci.node->kind == DOC_TEXT)
                    chars_add(bits, ci.node->text, ci.node->len);
        }
    }
    for (int i = 0; i < PW_COUNT; i++)
        chars_str(bits, p->words[i]);
    chars_str(bits, p->title);
    chars_str(bits, p->cfg->subtitle);
    chars_str(bits, p->cfg->publisher);
    chars_str(bits, p->authors);
    for (int i = 0; i < p->ncopyright; i++)
        chars_str(bits, p->copyright[i].text);
    int n = 0;
    for (uint32_t cp = 0; cp < CP_LIMIT; cp++)
        n += (bits[cp >> 3] >> (cp & 7)) & 1;
    uint32_t *out = ARENA_NEWN(p->a, uint32_t, (size_t)n + 1);
    n = 0;
    for (uint32_t cp = 0; cp < CP_LIMIT; cp++)
        if ((bits[cp >> 3] >> (cp & 7)) & 1)
            out[n++] = cp;
    free(bits);
    *cps = out;
    return n;
}
