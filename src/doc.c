/* doc.c: document tree nodes, the iterator and the invariant checker (see doc.h). */
#include "doc.h"
#include "buf.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[DOC_KIND_COUNT] = {
    "book",     "chapter",   "heading",   "para",      "figure",    "blockquote", "list",
    "item",     "codeblock", "thematic",  "table",     "table_row", "table_cell", "notes",
    "footnote", "text",      "softbreak", "linebreak", "code",      "emph",       "strong",
    "strike",   "link",      "image",     "noteref",   "sup",       "sub",        "kbd",
};

doc_node *doc_new(arena *a, doc_kind kind, const char *file, int line, int col)
{
    doc_node *n = ARENA_NEW(a, doc_node);
    n->kind = kind;
    n->file = file;
    n->line = line;
    n->col = col;
    n->seq = -1;
    return n;
}

void doc_append(doc_node *parent, doc_node *child)
{
    child->parent = parent;
    child->next = NULL;
    child->prev = parent->last;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

void doc_insert_before(doc_node *sibling, doc_node *child)
{
    doc_node *p = sibling->parent;
    child->parent = p;
    child->next = sibling;
    child->prev = sibling->prev;
    if (sibling->prev)
        sibling->prev->next = child;
    else if (p)
        p->first = child;
    sibling->prev = child;
}

void doc_unlink(doc_node *n)
{
    if (n->prev)
        n->prev->next = n->next;
    else if (n->parent)
        n->parent->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else if (n->parent)
        n->parent->last = n->prev;
    n->parent = n->prev = n->next = NULL;
}

const char *doc_kind_name(doc_kind k)
{
    return k < DOC_KIND_COUNT ? kind_names[k] : "?";
}

int doc_is_inline(doc_kind k)
{
    return k >= DOC_TEXT && k < DOC_KIND_COUNT;
}

int doc_is_block(doc_kind k)
{
    switch (k) {
    case DOC_HEADING:
    case DOC_PARA:
    case DOC_FIGURE:
    case DOC_BLOCKQUOTE:
    case DOC_LIST:
    case DOC_CODEBLOCK:
    case DOC_THEMATIC:
    case DOC_TABLE:
        return 1;
    default:
        return 0;
    }
}

void doc_iter_init(doc_iter *it, doc_node *root)
{
    it->root = root;
    it->node = root;
    it->entering = 1;
    it->started = 0;
}

int doc_is_leaf(doc_kind k)
{
    switch (k) {
    case DOC_TEXT:
    case DOC_SOFTBREAK:
    case DOC_LINEBREAK:
    case DOC_CODE:
    case DOC_CODEBLOCK:
    case DOC_THEMATIC:
    case DOC_NOTEREF:
        return 1;
    default:
        return 0;
    }
}

int doc_iter_next(doc_iter *it)
{
    if (!it->started) {
        it->started = 1;
        it->node = it->root;
        it->entering = 1;
        return it->node != NULL;
    }
    doc_node *n = it->node;
    if (!n)
        return 0;
    if (it->entering && !doc_is_leaf(n->kind)) {
        if (n->first) {
            it->node = n->first;
            return 1;
        }
        it->entering = 0; /* the exit of an empty container */
        return 1;
    }
    /* leaving n: a leaf just entered or a container just exited */
    if (n == it->root) {
        it->node = NULL;
        return 0;
    }
    if (n->next) {
        it->node = n->next;
        it->entering = 1;
        return 1;
    }
    it->node = n->parent;
    it->entering = 0;
    return 1;
}

/* East Asian Width F, W or H (UAX #11), Hangul left out: the characters between which a line
 * break in the source is no space (CSS Text 3, 4.1.2). */
static int wide_not_hangul(uint32_t c)
{
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
        (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
        (c >= 0xFFA0 && c <= 0xFFDC))
        return 0; /* Hangul */
    return (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xA000 && c <= 0xA4CF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFF61 && c <= 0xFF9F) || (c >= 0xFFE0 && c <= 0xFFE6) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

/* The inline leaf next to n in its block (before it when back), or NULL. */
static const doc_node *leaf_beside(const doc_node *n, int back)
{
    for (;;) {
        while (n && !(back ? n->prev : n->next)) {
            n = n->parent;
            if (!n || !doc_is_inline(n->kind))
                return NULL;
        }
        n = back ? n->prev : n->next;
        while (!doc_is_leaf(n->kind) && (back ? n->last : n->first))
            n = back ? n->last : n->first;
        if (doc_is_leaf(n->kind))
            return n;
    }
}

/* The character of a leaf's text at its end (back) or start; 0 when none. */
static uint32_t edge_char(const doc_node *n, int back)
{
    if (!n || (n->kind != DOC_TEXT && n->kind != DOC_CODE) || n->len == 0)
        return 0;
    size_t i = 0, len;
    if (back) {
        i = n->len - 1;
        while (i > 0 && ((unsigned char)n->text[i] & 0xC0) == 0x80)
            i--;
    }
    return utf8_decode(n->text + i, n->len - i, &len);
}

int doc_softbreak_is_space(const doc_node *sb)
{
    uint32_t a = edge_char(leaf_beside(sb, 1), 1), b = edge_char(leaf_beside(sb, 0), 0);
    if (a == 0x200B || b == 0x200B)
        return 0;
    return !(wide_not_hangul(a) && wide_not_hangul(b));
}

static void plain_text(buf *b, const doc_node *n)
{
    for (const doc_node *c = n->first; c; c = c->next) {
        switch (c->kind) {
        case DOC_TEXT:
        case DOC_CODE:
            buf_put(b, c->text, c->len);
            break;
        case DOC_SOFTBREAK:
            if (doc_softbreak_is_space(c))
                buf_putc(b, ' ');
            break;
        case DOC_LINEBREAK:
            buf_putc(b, ' ');
            break;
        case DOC_NOTEREF:
            break;
        case DOC_LINK:
            if ((c->flags & DOC_F_XREF) && c->target && c->target->label) {
                buf_puts(b, c->target->label);
                break;
            }
            plain_text(b, c);
            break;
        default:
            plain_text(b, c);
        }
    }
}

char *doc_plain_text(arena *a, const doc_node *n)
{
    buf b = BUF_INIT;
    plain_text(&b, n);
    char *s = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return s;
}

doc_node *doc_chapter_of(const doc_node *n)
{
    while (n && n->kind != DOC_CHAPTER)
        n = n->parent;
    return (doc_node *)n;
}

/* What children a node kind may have. */
static int child_ok(doc_kind parent, doc_kind child)
{
    switch (parent) {
    case DOC_BOOK:
        return child == DOC_CHAPTER;
    case DOC_CHAPTER:
    case DOC_BLOCKQUOTE:
    case DOC_ITEM:
    case DOC_FOOTNOTE:
        return doc_is_block(child) || (parent == DOC_CHAPTER && child == DOC_NOTES);
    case DOC_LIST:
        return child == DOC_ITEM;
    case DOC_TABLE:
        return child == DOC_TABLE_ROW;
    case DOC_TABLE_ROW:
        return child == DOC_TABLE_CELL;
    case DOC_NOTES:
        return child == DOC_FOOTNOTE;
    case DOC_HEADING:
    case DOC_PARA:
    case DOC_FIGURE:
    case DOC_TABLE_CELL:
    case DOC_EMPH:
    case DOC_STRONG:
    case DOC_STRIKE:
    case DOC_LINK:
    case DOC_IMAGE:
    case DOC_SUP:
    case DOC_SUB:
    case DOC_KBD:
        return doc_is_inline(child);
    default:
        return 0;
    }
}

void doc_merge_chapter(doc_node *into, doc_node *sub)
{
    doc_node *notes = into->last && into->last->kind == DOC_NOTES ? into->last : NULL;
    doc_node *sub_notes = sub->last && sub->last->kind == DOC_NOTES ? sub->last : NULL;
    int count = 0;
    if (notes)
        for (doc_node *fn = notes->first; fn; fn = fn->next)
            count = fn->number;
    while (sub->first && sub->first != sub_notes) {
        doc_node *c = sub->first;
        doc_unlink(c);
        if (notes)
            doc_insert_before(notes, c);
        else
            doc_append(into, c);
    }
    if (sub_notes) {
        doc_unlink(sub_notes);
        for (doc_node *fn = sub_notes->first; fn; fn = fn->next)
            fn->number += count;
        if (!notes) {
            doc_append(into, sub_notes);
        } else {
            while (sub_notes->first) {
                doc_node *fn = sub_notes->first;
                doc_unlink(fn);
                doc_append(notes, fn);
            }
        }
    }
    doc_unlink(sub);
}

int doc_check(const doc_node *root, char *msg, size_t msgsize)
{
    doc_iter it;
    doc_iter_init(&it, (doc_node *)root);
    while (doc_iter_next(&it)) {
        const doc_node *n = it.node;
        if (!it.entering)
            continue;
        if ((unsigned)n->kind >= DOC_KIND_COUNT) {
            snprintf(msg, msgsize, "node with invalid kind %d", (int)n->kind);
            return -1;
        }
        const doc_node *prev = NULL;
        for (const doc_node *c = n->first; c; c = c->next) {
            if (c->parent != n || c->prev != prev) {
                snprintf(msg, msgsize, "%s:%d: broken links under %s", n->file ? n->file : "?",
                         n->line, doc_kind_name(n->kind));
                return -1;
            }
            if (!child_ok(n->kind, c->kind)) {
                snprintf(msg, msgsize, "%s:%d: %s may not contain %s", c->file ? c->file : "?",
                         c->line, doc_kind_name(n->kind), doc_kind_name(c->kind));
                return -1;
            }
            if (c->kind == DOC_NOTES && c->next) {
                snprintf(msg, msgsize, "notes must be the chapter's last child");
                return -1;
            }
            prev = c;
        }
        if (n->last != prev) {
            snprintf(msg, msgsize, "broken last-child link under %s", doc_kind_name(n->kind));
            return -1;
        }
        switch (n->kind) {
        case DOC_HEADING:
            if (n->level < 1 || n->level > 6) {
                snprintf(msg, msgsize, "heading level %d", n->level);
                return -1;
            }
            break;
        case DOC_TEXT:
        case DOC_CODE:
            if (n->flags & DOC_F_HTML) {
                snprintf(msg, msgsize, "%s:%d: raw HTML left in the tree", n->file ? n->file : "?",
                         n->line);
                return -1;
            }
            if (!n->text && n->len) {
                snprintf(msg, msgsize, "%s without text", doc_kind_name(n->kind));
                return -1;
            }
            break;
        case DOC_LIST:
        case DOC_TABLE:
        case DOC_NOTES:
        case DOC_TABLE_ROW:
            if (!n->first) {
                snprintf(msg, msgsize, "empty %s", doc_kind_name(n->kind));
                return -1;
            }
            break;
        case DOC_NOTEREF:
            if (!n->target || n->target->kind != DOC_FOOTNOTE) {
                snprintf(msg, msgsize, "%s:%d: note reference without its note",
                         n->file ? n->file : "?", n->line);
                return -1;
            }
            break;
        default:
            break;
        }
    }
    return 0;
}

/* The schemes a book may link to (doc.h); lower case, without the colon. */
static const char *const live_schemes[] = {"http", "https", "ftp", "mailto", "tel", "urn"};

/* The length of url's scheme (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) before a
 * ':'), or 0 when it has none. */
static size_t scheme_len(const char *url)
{
    const char *p = url;
    if (!p || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return 0;
    for (p++; *p; p++) {
        if (*p == ':')
            return (size_t)(p - url);
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '+' || *p == '-' || *p == '.'))
            return 0;
    }
    return 0;
}

int doc_url_is_live(const char *url)
{
    size_t n = scheme_len(url);
    if (strlen(url) > DOC_MAX_URL)
        return 0;
    for (size_t i = 0; n && i < HJ_ARRAY_LEN(live_schemes); i++)
        if (strlen(live_schemes[i]) == n && strncasecmp(url, live_schemes[i], n) == 0)
            return 1;
    return 0;
}

const char *doc_url_refusal(arena *a, const char *url)
{
    if (doc_url_is_live(url))
        return NULL;
    size_t n = scheme_len(url);
    if (!n)
        return "it is not an absolute URL";
    if (strlen(url) > DOC_MAX_URL)
        return "it is longer than 8192 bytes";
    return arena_printf(a, "the scheme '%.*s:' is not one a book links to", (int)n, url);
}
