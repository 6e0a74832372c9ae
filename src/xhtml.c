/* xhtml.c: the document tree as EPUB 3 XHTML (see xhtml.h).
 *
 * A chapter is rendered in one ENTER/EXIT walk with doc_iter and a switch on the node kind, as
 * cmark's html.c does, so deep trees never recurse. What a node needs to know about its
 * surroundings it reads from its parent and siblings (a tight list's paragraphs lose their <p>,
 * a table row opens <thead> or <tbody> when the row kind changes, a task item's box and a
 * footnote's back link go inside the first paragraph). Links nested in links (impossible in
 * HTML) become plain spans; the one counter for that is the only state the walk keeps besides
 * the number of references seen per footnote. */
#include "xhtml.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- escaping ---- */

static int xml_allowed(uint32_t cp)
{
    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\r';
    if (cp >= 0x7F && cp <= 0x9F)
        return 0; /* DEL and C1 controls: allowed by XML 1.0 but not by HTML */
    if (cp >= 0xFDD0 && cp <= 0xFDEF)
        return 0;
    if ((cp & 0xFFFE) == 0xFFFE)
        return 0; /* U+FFFE, U+FFFF on every plane */
    return 1;
}

void xhtml_escape(buf *out, const char *s, size_t n)
{
    size_t i = 0, start = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t len = 1;
        if (c >= 0x20 && c < 0x7F) {
            switch (c) {
            case '&':
                rep = "&amp;";
                break;
            case '<':
                rep = "&lt;";
                break;
            case '>':
                rep = "&gt;";
                break;
            case '"':
                rep = "&quot;";
                break;
            case '\'':
                rep = "&#39;";
                break;
            default:
                i++;
                continue;
            }
        } else {
            uint32_t cp = utf8_decode(s + i, n - i, &len);
            if (cp == UTF8_REPLACEMENT && len == 1 && c >= 0x80)
                rep = "\xEF\xBF\xBD"; /* invalid byte */
            else if (cp == '\r')
                rep = "\n";
            else if (!xml_allowed(cp))
                rep = "";
            else {
                i += len;
                continue;
            }
        }
        buf_put(out, s + start, i - start);
        buf_puts(out, rep);
        i += len;
        start = i;
    }
    buf_put(out, s + start, n - start);
}

void xhtml_escape_str(buf *out, const char *s)
{
    if (s)
        xhtml_escape(out, s, strlen(s));
}

int xhtml_url_is_absolute(const char *url)
{
    /* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
    const char *p = url;
    if (!p || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return 0;
    for (p++; *p; p++) {
        if (*p == ':')
            return 1;
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '+' || *p == '-' || *p == '.'))
            return 0;
    }
    return 0;
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void xhtml_url(buf *out, const char *url)
{
    static const char hex[] = "0123456789ABCDEF";
    int seen_hash = 0;
    for (const char *p = url; p && *p; p++) {
        unsigned char c = (unsigned char)*p;
        int encode = c <= 0x20 || c >= 0x7F || strchr("\"<>\\^`{|}", c) != NULL;
        if (c == '%' && !(is_hex(p[1]) && is_hex(p[2])))
            encode = 1;
        if (c == '#') {
            encode = seen_hash; /* only one fragment separator */
            seen_hash = 1;
        }
        if (encode) {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_put(out, esc, 3);
        } else if (c == '&') {
            buf_puts(out, "&amp;");
        } else if (c == '\'') {
            buf_puts(out, "&#39;");
        } else {
            buf_putc(out, c);
        }
    }
}

/* ---- document frame ---- */

void xhtml_begin(buf *out, const char *lang, const char *title, const char *css_href,
                 const char *body_type)
{
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                  "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                  "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
    xhtml_escape_str(out, lang);
    buf_puts(out, "\" xml:lang=\"");
    xhtml_escape_str(out, lang);
    buf_puts(out, "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    xhtml_escape_str(out, title);
    buf_puts(out, "</title>\n");
    if (css_href) {
        buf_puts(out, "<link rel=\"stylesheet\" type=\"text/css\" href=\"");
        xhtml_url(out, css_href);
        buf_puts(out, "\"/>\n");
    }
    buf_puts(out, "</head>\n<body");
    if (body_type) {
        buf_puts(out, " epub:type=\"");
        buf_puts(out, body_type);
        buf_puts(out, "\"");
    }
    buf_puts(out, ">\n");
}

void xhtml_end(buf *out)
{
    buf_puts(out, "</body>\n</html>\n");
}

/* ---- labels ---- */

const char *xhtml_plain(arena *a, const doc_node *n)
{
    if (n->plain)
        return n->plain;
    if (n->kind == DOC_CHAPTER) {
        for (const doc_node *c = n->first; c; c = c->next)
            if (c->kind == DOC_HEADING && c->level == 1)
                return doc_plain_text(a, c);
        return "";
    }
    return doc_plain_text(a, n);
}

/* The chapter title heading: the chapter's first level-1 heading. */
static const doc_node *title_heading(const doc_node *ch)
{
    for (const doc_node *c = ch ? ch->first : NULL; c; c = c->next)
        if (c->kind == DOC_HEADING && c->level == 1)
            return c;
    return NULL;
}

const char *xhtml_xref_text(arena *a, const doc_node *t)
{
    /* the PDF's words first (doc.c), so both outputs say the same */
    const char *shared = doc_xref_text(a, t);
    if (shared)
        return shared;
    switch (t->kind) {
    case DOC_FIGURE:
        if (t->label)
            return arena_printf(a, "Figure %s", t->label);
        break;
    case DOC_TABLE:
        if (t->label)
            return arena_printf(a, "Table %s", t->label);
        break;
    case DOC_FOOTNOTE:
        if (t->label)
            return arena_printf(a, "Note %s", t->label);
        break;
    case DOC_CHAPTER:
        if (t->label)
            return arena_printf(a, "Chapter %s", t->label);
        break;
    case DOC_HEADING: {
        const doc_node *ch = t->chapter ? t->chapter : doc_chapter_of(t);
        if (ch && title_heading(ch) == t) {
            if (ch->label)
                return arena_printf(a, "Chapter %s", ch->label);
            return xhtml_plain(a, ch);
        }
        if (t->label)
            return arena_printf(a, "Section %s", t->label);
        break;
    }
    default:
        break;
    }
    return xhtml_plain(a, t);
}

/* ---- chapter rendering ---- */

/* Footnote reference counts: a small open-addressing map from node to count. */
typedef struct refslot {
    const doc_node *key;
    int count;
} refslot;

typedef struct render {
    arena *a;
    const xhtml_opts *o;
    const doc_node *chapter;
    buf *out;
    int link_depth; /* LINK nesting; inner links render as spans */
    refslot *refs;
    size_t nrefs, caprefs;
    int *last_page; /* last page marker emitted (for the page-list) */
    int own_last_page;
    struct inline_mark *marks; /* page markers planned inside the current block, in order */
    int nmarks, imark;
} render;

static refslot *ref_slot(render *r, const doc_node *key, int insert)
{
    if (insert && (r->nrefs + 1) * 2 > r->caprefs) {
        size_t cap = r->caprefs ? r->caprefs * 2 : 16;
        refslot *t = ARENA_NEWN(r->a, refslot, cap);
        for (size_t i = 0; i < r->caprefs; i++) {
            if (!r->refs[i].key)
                continue;
            size_t h = ((uintptr_t)r->refs[i].key >> 4) & (cap - 1);
            while (t[h].key)
                h = (h + 1) & (cap - 1);
            t[h] = r->refs[i];
        }
        r->refs = t;
        r->caprefs = cap;
    }
    if (!r->caprefs)
        return NULL;
    size_t h = ((uintptr_t)key >> 4) & (r->caprefs - 1);
    while (r->refs[h].key && r->refs[h].key != key)
        h = (h + 1) & (r->caprefs - 1);
    if (!r->refs[h].key) {
        if (!insert)
            return NULL;
        r->refs[h].key = key;
        r->nrefs++;
    }
    return &r->refs[h];
}

static void put_attr(buf *out, const char *name, const char *value)
{
    buf_printf(out, " %s=\"", name);
    xhtml_escape_str(out, value);
    buf_putc(out, '"');
}

static void put_href_to(render *r, const doc_node *t)
{
    const doc_node *ch = t->kind == DOC_CHAPTER ? t : t->chapter ? t->chapter : doc_chapter_of(t);
    buf_puts(r->out, " href=\"");
    if (ch && ch != r->chapter)
        xhtml_url(r->out, r->o->chapter_file(r->o->ud, ch));
    if (t->id && (t != ch || ch == r->chapter)) {
        buf_putc(r->out, '#');
        xhtml_url(r->out, t->id);
    }
    buf_putc(r->out, '"');
}

static const char *image_href(render *r, const char *path)
{
    if (!path || !r->o->image_href)
        return NULL;
    return r->o->image_href(r->o->ud, path);
}

static void put_ref_id(buf *out, const doc_node *fn, int n)
{
    xhtml_escape_str(out, fn->id);
    buf_puts(out, "_ref");
    if (n > 1)
        buf_printf(out, "%d", n);
}

/* The box of a task item (inside its first paragraph when it has one). */
static void put_task_box(buf *out, const doc_node *item)
{
    if (item->flags & DOC_F_CHECKED)
        buf_puts(out,
                 "<span class=\"task-box\" role=\"img\" aria-label=\"done\">\xE2\x98\x91</span> ");
    else
        buf_puts(out, "<span class=\"task-box\" role=\"img\" aria-label=\"not done\">"
                      "\xE2\x98\x90</span> ");
}

static void put_backlink(render *r, const doc_node *fn)
{
    refslot *s = fn->id ? ref_slot(r, fn, 0) : NULL;
    const char *label = fn->label ? fn->label : "";
    if (s && s->count > 0) {
        buf_puts(r->out, "<a class=\"fn-back\" role=\"doc-backlink\" href=\"#");
        put_ref_id(r->out, fn, 1);
        buf_puts(r->out, "\">");
        xhtml_escape_str(r->out, label);
        buf_puts(r->out, "</a> ");
    } else {
        buf_puts(r->out, "<span class=\"fn-back\">");
        xhtml_escape_str(r->out, label);
        buf_puts(r->out, "</span> ");
    }
}

/* ---- print page markers ---- */

void xhtml_page_marker(buf *out, const char *label)
{
    buf_puts(out, "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"page_");
    xhtml_url(out, label);
    buf_puts(out, "\" aria-label=\"");
    xhtml_escape_str(out, label);
    buf_puts(out, "\"></span>");
}

/* The marker of page p (which has a folio). */
static void put_marker(render *r, int p, const char *after)
{
    const xhtml_opts *o = r->o;
    xhtml_page_marker(r->out, o->folios[p]);
    buf_puts(r->out, after);
    if (o->on_page)
        o->on_page(o->ud, p);
    *r->last_page = p;
}

/* Page markers for the print page-list, before a top-level block: every page up to the one the
 * block starts on that has not been marked yet. */
static void put_page_markers(render *r, const doc_node *n)
{
    const xhtml_opts *o = r->o;
    if (!o->folios || n->page < 0 || n->page >= o->npages || n->page <= *r->last_page)
        return;
    for (int p = *r->last_page + 1; p <= n->page; p++)
        if (o->folios[p])
            put_marker(r, p, "\n");
    *r->last_page = n->page;
}

/* Pages that begin inside a block. With xhtml_opts.heads, each page of the chapter is found by
 * its first printed line: the chapter's text -- with the words the renderer adds (chapter and
 * section numbers, "Figure 2.1", list numbers, cross-reference texts), footnotes left out as
 * the PDF sets them at the page foot -- and the line are both reduced to letters and digits
 * (ASCII folded to lower case; spaces, punctuation and symbols dropped, as the two outputs
 * differ there: hyphens added at line ends, soft hyphens, quotes), and the line is looked for
 * after the previous page's place. Each letter remembers where its word starts: in a text node,
 * or before the node that adds the words. A page whose line is not found gets its marker where
 * the next found page's goes, or at the end of the chapter. */
typedef struct inline_mark {
    const doc_node *node; /* NULL: at the end of the chapter */
    size_t off;           /* byte offset of the word in the node's text; MARK_BEFORE: before
                             the node's element */
    int page;
} inline_mark;

#define MARK_BEFORE ((size_t)-1)

/* The letters of a page's first line that must match: enough to be sure, few enough that a
 * difference later in the line (an xref that says "on page 3" only in the PDF) does not
 * matter. A line with fewer than MARK_MATCH_MIN is not trusted. */
#define MARK_MATCH_MAX 32
#define MARK_MATCH_MIN 4

typedef struct mstream {
    uint32_t *cps;
    const doc_node **node;
    size_t *off;
    int n, cap;
    const doc_node *wnode; /* where the current word starts */
    size_t woff;
    int in_word;
} mstream;

static uint32_t match_fold(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            return cp + 32;
        return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ? cp : 0;
    }
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return 0; /* C1 controls, no-break and soft hyphen, Latin-1 punctuation */
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F))
        return 0; /* general punctuation, symbols, CJK punctuation */
    return cp;
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000;
}

/* Appends text; node is the node whose text it is (off counts in it), or with generated set,
 * the node before whose element the text is added. */
static void ms_feed(render *r, mstream *ms, const doc_node *node, int generated, const char *s,
                    size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t l = 1;
        unsigned char b = (unsigned char)s[i];
        uint32_t cp = b < 0x80 ? b : utf8_decode(s + i, len - i, &l);
        if (is_space(cp)) {
            ms->in_word = 0;
        } else {
            if (!ms->in_word) {
                ms->wnode = node;
                ms->woff = generated ? MARK_BEFORE : i;
            }
            ms->in_word = 1;
            uint32_t f = match_fold(cp);
            if (f) {
                if (ms->n == ms->cap) {
                    int cap = ms->cap ? ms->cap * 2 : 1024;
                    /* on the heap: the stream lives while one chapter is planned (three
                     * arrays growing together in the arena would leave every old copy) */
                    uint32_t *cps = realloc(ms->cps, sizeof(uint32_t) * (size_t)cap);
                    if (cps)
                        ms->cps = cps;
                    const doc_node **nodes = realloc(ms->node, sizeof(*ms->node) * (size_t)cap);
                    if (nodes)
                        ms->node = nodes;
                    size_t *offs = realloc(ms->off, sizeof(size_t) * (size_t)cap);
                    if (offs)
                        ms->off = offs;
                    if (!cps || !nodes || !offs)
                        hj_oom();
                    ms->cap = cap;
                }
                ms->cps[ms->n] = f;
                ms->node[ms->n] = ms->wnode;
                ms->off[ms->n] = ms->woff;
                ms->n++;
            }
        }
        i += l ? l : 1;
    }
    if (generated)
        ms->in_word = 0;
}

static void ms_gen(render *r, mstream *ms, const doc_node *node, const char *s)
{
    ms->in_word = 0;
    ms_feed(r, ms, node, 1, s, strlen(s));
}

static const doc_node *title_heading(const doc_node *ch);

/* The chapter's text as the PDF prints it, in order. */
static void ms_chapter(render *r, mstream *ms, doc_node *chapter)
{
    doc_iter it;
    doc_iter_init(&it, chapter);
    while (doc_iter_next(&it)) {
        doc_node *n = it.node;
        if (!it.entering) {
            if (doc_is_block(n->kind) || n->kind == DOC_ITEM || n->kind == DOC_TABLE_CELL)
                ms->in_word = 0;
            continue;
        }
        switch (n->kind) {
        case DOC_TEXT:
        case DOC_CODE:
            ms_feed(r, ms, n, 0, n->text, n->len);
            break;
        case DOC_CODEBLOCK:
            ms->in_word = 0;
            ms_feed(r, ms, n, 0, n->text, n->len);
            ms->in_word = 0;
            break;
        case DOC_SOFTBREAK:
        case DOC_LINEBREAK:
            ms->in_word = 0;
            break;
        case DOC_HEADING:
            if (n->parent == chapter && title_heading(chapter) == n) {
                if (chapter->label)
                    ms_gen(r, ms, n, arena_printf(r->a, "Chapter %s", chapter->label));
            } else if (n->label) {
                ms_gen(r, ms, n, n->label);
            }
            break;
        case DOC_FIGURE:
            /* the image is printed above its caption: the figure's place is before both */
            ms_gen(r, ms, n, n->label ? arena_printf(r->a, "Figure %s", n->label) : "");
            ms->in_word = 1; /* the caption's first word still belongs before the figure */
            break;
        case DOC_TABLE:
            if (n->label)
                ms_gen(r, ms, n, arena_printf(r->a, "Table %s", n->label));
            if (n->caption)
                for (const doc_node *c = n->caption->first; c; c = c->next)
                    if (c->kind == DOC_TEXT || c->kind == DOC_CODE)
                        ms_feed(r, ms, n, 1, c->text, c->len);
            ms->in_word = 0;
            break;
        case DOC_ITEM:
            ms->in_word = 0;
            if (n->parent && (n->parent->flags & DOC_F_ORDERED)) {
                int k = n->parent->number;
                for (const doc_node *c = n->parent->first; c && c != n; c = c->next)
                    k++;
                ms_gen(r, ms, n, arena_printf(r->a, "%d", k));
            }
            break;
        case DOC_LINK:
            if ((n->flags & DOC_F_XREF) && n->target && !n->first)
                ms_gen(r, ms, n, xhtml_xref_text(r->a, n->target));
            break;
        case DOC_NOTEREF:
            if (n->label)
                ms_feed(r, ms, n, 1, n->label, strlen(n->label));
            break;
        case DOC_IMAGE:
        case DOC_NOTES:
            it.node = n; /* alt text and footnotes are not in the running text */
            it.entering = 0;
            break;
        default:
            break;
        }
    }
}

/* The first page of a chapter (its first anchored node), or -1. */
static int chapter_first_page(const doc_node *ch)
{
    if (ch->page >= 0)
        return ch->page;
    for (const doc_node *c = ch->first; c; c = c->next)
        if (c->page >= 0)
            return c->page;
    return -1;
}

static void add_mark(render *r, const doc_node *node, size_t off, int page)
{
    if (r->nmarks % 16 == 0)
        r->marks = arena_realloc(r->a, r->marks, sizeof(inline_mark) * (size_t)r->nmarks,
                                 sizeof(inline_mark) * (size_t)(r->nmarks + 16));
    r->marks[r->nmarks++] = (inline_mark){node, off, page};
}

static void plan_chapter_marks(render *r, doc_node *chapter)
{
    const xhtml_opts *o = r->o;
    r->nmarks = r->imark = 0;
    int last = o->npages - 1, next_chapter = 0;
    for (const doc_node *c = chapter->next; c; c = c->next) {
        int fp = c->kind == DOC_CHAPTER ? chapter_first_page(c) : -1;
        if (fp >= 0) {
            last = fp - 1;
            next_chapter = 1;
            break;
        }
    }
    if (last >= o->npages)
        last = o->npages - 1;
    /* blank pages before the next chapter go with its first page */
    while (next_chapter && last > *r->last_page && !o->heads[last])
        last--;
    mstream ms = {0};
    ms_chapter(r, &ms, chapter);
    int pos = 0, pending = r->nmarks;
    for (int p = *r->last_page + 1; p <= last; p++) {
        if (!o->folios[p])
            continue;
        uint32_t want[MARK_MATCH_MAX];
        int m = 0;
        const char *h = o->heads[p] ? o->heads[p] : "";
        for (size_t i = 0, n = strlen(h); i < n && m < MARK_MATCH_MAX;) {
            size_t l = 1;
            uint32_t f = match_fold(utf8_decode(h + i, n - i, &l));
            if (f)
                want[m++] = f;
            i += l ? l : 1;
        }
        int at = -1;
        for (int k = pos; m >= MARK_MATCH_MIN && k + m <= ms.n && at < 0; k++)
            if (ms.cps[k] == want[0] && memcmp(ms.cps + k, want, sizeof(uint32_t) * (size_t)m) == 0)
                at = k;
        add_mark(r, NULL, 0, p);
        if (at < 0)
            continue;
        /* this page and the ones not found before it go where its line begins */
        for (int i = pending; i < r->nmarks; i++) {
            r->marks[i].node = ms.node[at];
            r->marks[i].off = ms.off[at];
        }
        pending = r->nmarks;
        pos = at + m;
    }
    free(ms.cps);
    free(ms.node);
    free(ms.off);
}

/* The markers planned before node n's element. */
static void put_marks_before(render *r, const doc_node *n)
{
    while (r->imark < r->nmarks && r->marks[r->imark].node == n &&
           r->marks[r->imark].off == MARK_BEFORE) {
        put_marker(r, r->marks[r->imark].page, doc_is_inline(n->kind) ? "" : "\n");
        r->imark++;
    }
}

/* The markers left for the end of the chapter. */
static void put_marks_rest(render *r)
{
    for (; r->imark < r->nmarks; r->imark++)
        put_marker(r, r->marks[r->imark].page, "\n");
}

/* Text of node n with the planned markers that fall in it. */
static void put_text_marked(render *r, const doc_node *n, const char *s, size_t len)
{
    size_t at = 0;
    while (r->imark < r->nmarks && r->marks[r->imark].node == n) {
        size_t off = r->marks[r->imark].off;
        if (off > len)
            off = len;
        if (off < at)
            off = at;
        xhtml_escape(r->out, s + at, off - at);
        put_marker(r, r->marks[r->imark].page, "");
        at = off;
        r->imark++;
    }
    xhtml_escape(r->out, s + at, len - at);
}

static int in_tight_item(const doc_node *para)
{
    const doc_node *item = para->parent;
    return item && item->kind == DOC_ITEM && item->parent && (item->parent->flags & DOC_F_TIGHT);
}

static const char *align_class(int align)
{
    switch (align) {
    case DOC_ALIGN_LEFT:
        return "align-left";
    case DOC_ALIGN_CENTER:
        return "align-center";
    case DOC_ALIGN_RIGHT:
        return "align-right";
    default:
        return NULL;
    }
}

static void render_walk(render *r, doc_node *root, int skip_root);

/* A link becomes <a> when it is not inside another link and goes somewhere: a target with an
 * id (or a chapter), or an absolute URL. Relative URLs that did not resolve (reported by the
 * doc passes) would point at files the EPUB does not have. */
static int link_usable(int depth, const doc_node *n)
{
    if (depth != 1)
        return 0;
    if (n->target)
        return n->target->id != NULL || n->target->kind == DOC_CHAPTER;
    if (!xhtml_url_is_absolute(n->url))
        return 0;
    /* schemes that run code or reach the reader's files are not links in a book */
    static const char *const refused[] = {"javascript:", "vbscript:", "data:", "file:"};
    for (size_t i = 0; i < HJ_ARRAY_LEN(refused); i++)
        if (strncasecmp(n->url, refused[i], strlen(refused[i])) == 0)
            return 0;
    return 1;
}

static void enter_link(render *r, const doc_node *n)
{
    buf *out = r->out;
    r->link_depth++;
    if (!link_usable(r->link_depth, n)) {
        buf_puts(out, "<span class=\"link\">");
    } else {
        buf_puts(out, "<a");
        if (n->target) {
            put_href_to(r, n->target);
        } else {
            buf_puts(out, " href=\"");
            xhtml_url(out, n->url);
            buf_putc(out, '"');
        }
        /* an xref's "page" title asks for the print page: not a title to show */
        if (n->info && *n->info && !(n->flags & DOC_F_XREF_PAGE))
            put_attr(out, "title", n->info);
        buf_putc(out, '>');
    }
    if ((n->flags & DOC_F_XREF) && n->target && !n->first)
        xhtml_escape_str(out, xhtml_xref_text(r->a, n->target));
}

static void exit_link(render *r, const doc_node *n)
{
    buf_puts(r->out, link_usable(r->link_depth, n) ? "</a>" : "</span>");
    r->link_depth--;
}

static void put_image(render *r, const doc_node *n, const char *cls)
{
    const char *href = image_href(r, n->path);
    const char *alt = n->plain ? n->plain : doc_plain_text(r->a, n);
    if (!*alt && n->kind == DOC_FIGURE && n->label)
        alt = arena_printf(r->a, "Figure %s", n->label);
    if (!href) {
        if (n->kind == DOC_IMAGE)
            xhtml_escape_str(r->out, alt);
        return;
    }
    buf_puts(r->out, "<img");
    if (cls)
        put_attr(r->out, "class", cls);
    buf_puts(r->out, " src=\"");
    xhtml_url(r->out, href);
    buf_putc(r->out, '"');
    put_attr(r->out, "alt", alt);
    buf_puts(r->out, "/>");
}

static void enter_node(render *r, doc_node *n, doc_iter *it)
{
    buf *out = r->out;
    const doc_node *p = n->parent;
    if (p && (p->kind == DOC_CHAPTER || p->kind == DOC_BLOCKQUOTE || p->kind == DOC_ITEM) &&
        doc_is_block(n->kind)) {
        if (!r->o->heads)
            put_page_markers(r, n);
    }
    if (n->kind == DOC_NOTES)
        put_marks_rest(r);
    else if (n->kind != DOC_ITEM)
        put_marks_before(r, n);
    switch (n->kind) {
    case DOC_BOOK:
        break;
    case DOC_CHAPTER:
        buf_puts(out, "<section epub:type=\"chapter\" role=\"doc-chapter\"");
        /* the chapter may share its id with its title heading; the heading then carries it */
        const doc_node *th = title_heading(n);
        if (n->id && !(th && th->id && strcmp(th->id, n->id) == 0))
            put_attr(out, "id", n->id);
        buf_puts(out, ">\n");
        break;
    case DOC_HEADING: {
        int lv = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
        buf_printf(out, "<h%d", lv);
        if (n->id)
            put_attr(out, "id", n->id);
        buf_putc(out, '>');
        if (r->chapter && n->parent == r->chapter && title_heading(r->chapter) == n) {
            if (r->chapter->label) {
                buf_puts(out, "<span class=\"chapter-number\">Chapter ");
                xhtml_escape_str(out, r->chapter->label);
                buf_puts(out, "</span> ");
            }
        } else if (n->label) {
            buf_puts(out, "<span class=\"section-number\">");
            xhtml_escape_str(out, n->label);
            buf_puts(out, "</span> ");
        }
        break;
    }
    case DOC_PARA:
        if (!in_tight_item(n))
            buf_puts(out, "<p>");
        if (p && p->first == n && p->kind == DOC_ITEM && (p->flags & DOC_F_TASK))
            put_task_box(out, p);
        if (p && p->first == n && p->kind == DOC_FOOTNOTE)
            put_backlink(r, p);
        break;
    case DOC_FIGURE:
        buf_puts(out, "<figure");
        if (n->id)
            put_attr(out, "id", n->id);
        buf_puts(out, ">\n");
        put_image(r, n, NULL);
        if (n->label || n->first) {
            buf_puts(out, "\n<figcaption>");
            if (n->label) {
                buf_puts(out, "<span class=\"figure-label\">Figure ");
                xhtml_escape_str(out, n->label);
                buf_puts(out, "</span>");
                if (n->first)
                    buf_puts(out, " \xC2\xB7 ");
            }
        }
        break;
    case DOC_BLOCKQUOTE:
        buf_puts(out, "<blockquote>\n");
        break;
    case DOC_LIST: {
        int tasks = 0;
        for (const doc_node *c = n->first; c; c = c->next)
            tasks |= (c->flags & DOC_F_TASK) != 0;
        buf_puts(out, (n->flags & DOC_F_ORDERED) ? "<ol" : "<ul");
        if ((n->flags & DOC_F_ORDERED) && n->number != 1)
            buf_printf(out, " start=\"%d\"", n->number);
        if (tasks)
            buf_puts(out, " class=\"tasks\"");
        buf_puts(out, ">\n");
        break;
    }
    case DOC_ITEM:
        buf_puts(out, (n->flags & DOC_F_TASK) ? "<li class=\"task\">" : "<li>");
        put_marks_before(r, n); /* a marker may not stand between <li>s */
        if ((n->flags & DOC_F_TASK) && !(n->first && n->first->kind == DOC_PARA))
            put_task_box(out, n);
        break;
    case DOC_CODEBLOCK: {
        size_t len = n->len;
        if (len && n->text[len - 1] == '\n')
            len--;
        buf_puts(out, "<pre><code");
        if (n->info && *n->info) {
            /* class from the first word of the info string, letters/digits/_+- only */
            buf_puts(out, " class=\"language-");
            for (const char *s = n->info; *s && *s != ' ' && *s != '\t'; s++)
                if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                    (*s >= '0' && *s <= '9') || *s == '_' || *s == '+' || *s == '-')
                    buf_putc(out, *s);
            buf_putc(out, '"');
        }
        buf_putc(out, '>');
        put_text_marked(r, n, n->text, len);
        buf_puts(out, "</code></pre>\n");
        break;
    }
    case DOC_THEMATIC:
        buf_puts(out, "<hr/>\n");
        break;
    case DOC_TABLE:
        buf_puts(out, "<table");
        if (n->id)
            put_attr(out, "id", n->id);
        buf_puts(out, ">\n");
        if (n->caption || n->label) {
            buf_puts(out, "<caption>");
            if (n->label) {
                buf_puts(out, "<span class=\"table-label\">Table ");
                xhtml_escape_str(out, n->label);
                buf_puts(out, "</span>");
                if (n->caption && n->caption->first)
                    buf_puts(out, " \xC2\xB7 ");
            }
            if (n->caption)
                render_walk(r, n->caption, 1);
            buf_puts(out, "</caption>\n");
        }
        break;
    case DOC_TABLE_ROW: {
        int head = (n->flags & DOC_F_HEADER) != 0;
        if (!n->prev || ((n->prev->flags & DOC_F_HEADER) != 0) != head)
            buf_puts(out, head ? "<thead>\n" : "<tbody>\n");
        buf_puts(out, "<tr>");
        break;
    }
    case DOC_TABLE_CELL: {
        int head = p && (p->flags & DOC_F_HEADER);
        const char *cls = align_class(n->align);
        buf_puts(out, head ? "<th scope=\"col\"" : "<td");
        if (cls)
            put_attr(out, "class", cls);
        buf_putc(out, '>');
        break;
    }
    case DOC_NOTES:
        buf_puts(out, "<section class=\"footnotes\" epub:type=\"footnotes\">\n");
        break;
    case DOC_FOOTNOTE:
        buf_puts(out, "<aside epub:type=\"footnote\" role=\"doc-footnote\"");
        if (n->id)
            put_attr(out, "id", n->id);
        buf_puts(out, ">\n");
        if (!(n->first && n->first->kind == DOC_PARA)) {
            buf_puts(out, "<p>");
            put_backlink(r, n);
            buf_puts(out, "</p>\n");
        }
        break;
    case DOC_TEXT:
        put_text_marked(r, n, n->text, n->len);
        break;
    case DOC_SOFTBREAK:
        buf_putc(out, '\n');
        break;
    case DOC_LINEBREAK:
        buf_puts(out, "<br/>\n");
        break;
    case DOC_CODE:
        buf_puts(out, "<code>");
        put_text_marked(r, n, n->text, n->len);
        buf_puts(out, "</code>");
        break;
    case DOC_EMPH:
        buf_puts(out, "<em>");
        break;
    case DOC_STRONG:
        buf_puts(out, "<strong>");
        break;
    case DOC_STRIKE:
        buf_puts(out, "<del>");
        break;
    case DOC_LINK:
        enter_link(r, n);
        break;
    case DOC_IMAGE:
        put_image(r, n, "inline");
        /* the alt text is in the attribute: skip the children */
        it->node = n;
        it->entering = 0;
        break;
    case DOC_NOTEREF: {
        const doc_node *fn = n->target;
        const char *label = n->label ? n->label : fn && fn->label ? fn->label : "?";
        if (!fn || !fn->id || r->link_depth > 0) {
            buf_puts(out, "<sup>");
            xhtml_escape_str(out, label);
            buf_puts(out, "</sup>");
            break;
        }
        refslot *s = ref_slot(r, fn, 1);
        s->count++;
        buf_puts(out, "<a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" id=\"");
        put_ref_id(out, fn, s->count);
        buf_putc(out, '"');
        put_href_to(r, fn);
        buf_puts(out, "><sup>");
        xhtml_escape_str(out, label);
        buf_puts(out, "</sup></a>");
        break;
    }
    case DOC_KIND_COUNT:
        break;
    }
}

static void exit_node(render *r, const doc_node *n)
{
    buf *out = r->out;
    switch (n->kind) {
    case DOC_CHAPTER:
        put_marks_rest(r);
        buf_puts(out, "</section>\n");
        break;
    case DOC_HEADING: {
        int lv = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
        buf_printf(out, "</h%d>\n", lv);
        break;
    }
    case DOC_PARA:
        if (!in_tight_item(n))
            buf_puts(out, "</p>\n");
        else if (n->next)
            buf_putc(out, '\n');
        break;
    case DOC_FIGURE:
        if (n->label || n->first)
            buf_puts(out, "</figcaption>");
        buf_puts(out, "\n</figure>\n");
        break;
    case DOC_BLOCKQUOTE:
        buf_puts(out, "</blockquote>\n");
        break;
    case DOC_LIST:
        buf_puts(out, (n->flags & DOC_F_ORDERED) ? "</ol>\n" : "</ul>\n");
        break;
    case DOC_ITEM:
        buf_puts(out, "</li>\n");
        break;
    case DOC_TABLE:
        buf_puts(out, "</table>\n");
        break;
    case DOC_TABLE_ROW: {
        int head = (n->flags & DOC_F_HEADER) != 0;
        buf_puts(out, "</tr>\n");
        if (!n->next || ((n->next->flags & DOC_F_HEADER) != 0) != head)
            buf_puts(out, head ? "</thead>\n" : "</tbody>\n");
        break;
    }
    case DOC_TABLE_CELL:
        buf_puts(out, (n->parent && (n->parent->flags & DOC_F_HEADER)) ? "</th>" : "</td>");
        break;
    case DOC_NOTES:
        buf_puts(out, "</section>\n");
        break;
    case DOC_FOOTNOTE:
        buf_puts(out, "</aside>\n");
        break;
    case DOC_EMPH:
        buf_puts(out, "</em>");
        break;
    case DOC_STRONG:
        buf_puts(out, "</strong>");
        break;
    case DOC_STRIKE:
        buf_puts(out, "</del>");
        break;
    case DOC_LINK:
        exit_link(r, n);
        break;
    default:
        break;
    }
}

/* Walks root; with skip_root, only its content (a table caption's inlines). */
static void render_walk(render *r, doc_node *root, int skip_root)
{
    doc_iter it;
    doc_iter_init(&it, root);
    while (doc_iter_next(&it)) {
        doc_node *n = it.node;
        if (skip_root && n == root)
            continue;
        if (it.entering)
            enter_node(r, n, &it);
        else
            exit_node(r, n);
    }
}

void xhtml_chapter(arena *a, const xhtml_opts *o, const doc_node *chapter, buf *out)
{
    render r = {0};
    r.a = a;
    r.o = o;
    r.chapter = chapter;
    r.out = out;
    r.own_last_page = -1;
    r.last_page = o->page_cursor ? o->page_cursor : &r.own_last_page;
    const char *title = xhtml_plain(a, chapter);
    if (!*title)
        title = chapter->label ? arena_printf(a, "Chapter %s", chapter->label) : "Chapter";
    if (o->folios && o->heads)
        plan_chapter_marks(&r, (doc_node *)chapter);
    xhtml_begin(out, o->lang, title, o->css_href, "bodymatter");
    render_walk(&r, (doc_node *)chapter, 0);
    xhtml_end(out);
}
