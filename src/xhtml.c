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

#include "bidi.h"
#include "highlight.h"
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

/* ---- other scripts ----
 * A run of a script whose language is unambiguous (Hangul is Korean, kana Japanese, Greek
 * Greek...) in a book of another language is wrapped in <span lang="..">, so that a reader
 * picks the right font, hyphenation and voice for it. Han characters, spaces and punctuation
 * join a run they stand inside (Korean with hanja, "함흥 시"), but start none: Han alone could
 * be Chinese, Japanese or Korean. Cyrillic and Latin are left alone for the same reason. */

typedef struct script_range {
    uint32_t lo, hi;
    const char *lang;
} script_range;

static const script_range script_ranges[] = {
    {0x0370, 0x03FF, "el"}, {0x0530, 0x058F, "hy"}, {0x0590, 0x05FF, "he"}, {0x0600, 0x06FF, "ar"},
    {0x0E00, 0x0E7F, "th"}, {0x10A0, 0x10FF, "ka"}, {0x1100, 0x11FF, "ko"}, {0x1F00, 0x1FFF, "el"},
    {0x3040, 0x309F, "ja"}, {0x30A0, 0x30FF, "ja"}, {0x3130, 0x318F, "ko"}, {0x31F0, 0x31FF, "ja"},
    {0xA960, 0xA97F, "ko"}, {0xAC00, 0xD7FF, "ko"},
};

/* The language of cp's script, or NULL (Latin, Cyrillic, Han, punctuation...). */
static const char *script_lang_of(uint32_t cp)
{
    for (size_t i = 0; i < sizeof script_ranges / sizeof script_ranges[0]; i++)
        if (cp >= script_ranges[i].lo && cp <= script_ranges[i].hi)
            return script_ranges[i].lang;
    return NULL;
}

static int is_han(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF);
}

/* Characters that may stand inside a run of another script without ending it: spaces,
 * ASCII and CJK punctuation, combining marks and Han. */
static int script_joins(uint32_t cp)
{
    return cp == ' ' || cp == '\n' || cp == '\t' || cp == 0xA0 ||
           (cp < 0x80 && !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') &&
            !(cp >= '0' && cp <= '9')) ||
           (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x3000 && cp <= 0x303F) || is_han(cp) ||
           (cp >= 0xFF00 && cp <= 0xFF0F);
}

/* Nonzero when lang (a BCP 47 tag) has primary subtag want ("ko-KR" and "ko"). */
static int lang_is(const char *lang, const char *want)
{
    size_t n = strlen(want);
    return lang && strncasecmp(lang, want, n) == 0 && (lang[n] == '\0' || lang[n] == '-');
}

void xhtml_escape_lang(buf *out, const char *book_lang, const char *s, size_t n)
{
    if (!book_lang) {
        xhtml_escape(out, s, n);
        return;
    }
    size_t i = 0, done = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) { /* ASCII: no script of its own */
            i++;
            continue;
        }
        size_t cl = 1;
        const char *l = script_lang_of(utf8_decode(s + i, n - i, &cl));
        if (!l || lang_is(book_lang, l)) {
            i += cl;
            continue;
        }
        /* Han just before Korean or Japanese is theirs (hanja, kanji): the run starts there,
         * unless the book writes Han itself (Chinese, Japanese, Korean) */
        size_t start = i;
        if ((!strcmp(l, "ko") || !strcmp(l, "ja")) && !lang_is(book_lang, "zh") &&
            !lang_is(book_lang, "ja") && !lang_is(book_lang, "ko")) {
            for (size_t k = i; k > done;) {
                size_t b = k - 1;
                while (b > done && ((unsigned char)s[b] & 0xC0) == 0x80)
                    b--;
                size_t bl = 1;
                uint32_t c = utf8_decode(s + b, n - b, &bl);
                if (is_han(c))
                    start = b;
                else if (script_lang_of(c) || !script_joins(c))
                    break;
                k = b;
            }
        }
        /* the run: up to the last character of script l before one of another script */
        size_t end = i + cl, j = end;
        while (j < n) {
            size_t jl = 1;
            uint32_t c = utf8_decode(s + j, n - j, &jl);
            const char *cl2 = script_lang_of(c);
            if (cl2 && strcmp(cl2, l) == 0)
                end = j + jl;
            else if (cl2 || !script_joins(c))
                break;
            j += jl;
        }
        xhtml_escape(out, s + done, start - done);
        buf_puts(out, "<span lang=\"");
        buf_puts(out, l);
        buf_puts(out, "\" xml:lang=\"");
        buf_puts(out, l);
        buf_puts(out, "\">");
        xhtml_escape(out, s + start, end - start);
        buf_puts(out, "</span>");
        done = i = end;
    }
    xhtml_escape(out, s + done, n - done);
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

/* Whether a paragraph's text has right-to-left characters (then, in a left-to-right book, its
 * direction is its first strong character's: dir="auto", as the PDF sets it). */
static int para_has_rtl(const doc_node *n)
{
    uint32_t cps[256];
    doc_iter it; /* a walk, not recursion: HTML may nest inlines thousands deep */
    doc_iter_init(&it, (doc_node *)n);
    while (doc_iter_next(&it)) {
        const doc_node *c = it.node;
        if (!it.entering || c->kind != DOC_TEXT || !c->text)
            continue;
        size_t ascii = 0; /* ASCII text has nothing bidi_needed looks for */
        while (ascii < c->len && (unsigned char)c->text[ascii] < 0x80)
            ascii++;
        if (ascii == c->len)
            continue;
        int k = 0;
        for (size_t b = 0; b < c->len;) {
            size_t cl = 1;
            cps[k++] = utf8_decode(c->text + b, c->len - b, &cl);
            b += cl;
            if (k == 256 || b >= c->len) {
                if (bidi_needed(cps, k))
                    return 1;
                k = 0;
            }
        }
    }
    return 0;
}

/* ---- document frame ---- */

void xhtml_begin(buf *out, const char *lang, int rtl, const char *title, const char *css_href,
                 const char *body_type)
{
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                  "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                  "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
    xhtml_escape_str(out, lang);
    buf_puts(out, "\" xml:lang=\"");
    xhtml_escape_str(out, lang);
    buf_puts(out, rtl ? "\" dir=\"rtl\">\n<head>" : "\">\n<head>");
    buf_puts(out, "\n<meta charset=\"UTF-8\"/>\n<title>");
    xhtml_escape_str(out, title);
    buf_puts(out, "</title>\n");
    if (css_href) {
        buf_puts(out, "<link rel=\"stylesheet\" type=\"text/css\" href=\"");
        xhtml_url(out, css_href);
        buf_puts(out, "\"/>\n");
    }
    buf_puts(out, "</head>\n<body");
    if (rtl)
        buf_puts(out, " dir=\"rtl\"");
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
    int imark; /* the next of o->marks to emit */
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

static void put_marker(render *r, const char *after)
{
    xhtml_page_marker(r->out, r->o->marks[r->imark++].label);
    buf_puts(r->out, after);
}

/* The markers whose place is at or before node n's element (one placed inside a node that is
 * not rendered, such as an image's alt text, comes out at the next place a marker may stand). */
static void put_marks_before(render *r, const doc_node *n)
{
    const xhtml_opts *o = r->o;
    while (r->imark < o->nmarks && o->marks[r->imark].node &&
           !pagemap_before(n, PAGEMAP_BEFORE, o->marks[r->imark].node, o->marks[r->imark].off))
        put_marker(r, doc_is_inline(n->kind) ? "" : "\n");
}

/* The markers left for the end of the chapter. */
static void put_marks_rest(render *r)
{
    while (r->imark < r->o->nmarks)
        put_marker(r, "\n");
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether a page-list marker of node n is still to be written in s[at, len); *off is where:
 * before the whole word its page begins in, never before at. */
static int next_mark(render *r, const doc_node *n, const char *s, size_t len, size_t at,
                     size_t *off)
{
    const xhtml_opts *o = r->o;
    if (r->imark >= o->nmarks || o->marks[r->imark].node != n)
        return 0;
    size_t k = o->marks[r->imark].off;
    if (k > len)
        k = len;
    while (k > at && !is_space(s[k - 1])) /* the whole word */
        k--;
    *off = k < at ? at : k;
    return 1;
}

/* Text of node n with the markers that fall in it, each before the word its page begins with;
 * runs of another script in <span lang> when tag is set (not in code). */
static void put_text_marked(render *r, const doc_node *n, const char *s, size_t len, int tag)
{
    const char *lang = tag ? r->o->lang : NULL;
    put_marks_before(r, n);
    size_t at = 0, off;
    while (next_mark(r, n, s, len, at, &off)) {
        xhtml_escape_lang(r->out, lang, s + at, off - at);
        put_marker(r, "");
        at = off;
    }
    xhtml_escape_lang(r->out, lang, s + at, len - at);
}

/* Writes s[from, to) of code block n, its highlighted tokens (n->hl, from *si on) wrapped in
 * <span class="tok-kw"> and so on; *si moves on past the spans written. */
static void put_code_tokens(render *r, const doc_node *n, const char *s, size_t from, size_t to,
                            int *si)
{
    size_t at = from;
    while (at < to) {
        while (*si < n->nhl && n->hl[*si].end <= at)
            (*si)++;
        if (*si >= n->nhl || n->hl[*si].start >= to) {
            xhtml_escape(r->out, s + at, to - at);
            return;
        }
        const hl_span *h = &n->hl[*si];
        if (h->start > at) {
            xhtml_escape(r->out, s + at, h->start - at);
            at = h->start;
        }
        size_t e = h->end < to ? h->end : to;
        buf_puts(r->out, "<span class=\"tok-");
        buf_puts(r->out, hl_class_name((hl_class)h->cls));
        buf_puts(r->out, "\">");
        xhtml_escape(r->out, s + at, e - at);
        buf_puts(r->out, "</span>");
        at = e;
    }
}

/* A code block's text with its page-list markers (as put_text_marked) and its tokens. */
static void put_code_marked(render *r, const doc_node *n, const char *s, size_t len)
{
    put_marks_before(r, n);
    size_t at = 0, off;
    int si = 0;
    while (next_mark(r, n, s, len, at, &off)) {
        put_code_tokens(r, n, s, at, off, &si);
        put_marker(r, "");
        at = off;
    }
    put_code_tokens(r, n, s, at, len, &si);
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
    return doc_url_is_live(n->url); /* the policy both outputs share (doc.h) */
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
        xhtml_escape_str(out, present_xref(r->o->present, n->target));
}

static void exit_link(render *r, const doc_node *n)
{
    buf_puts(r->out, link_usable(r->link_depth, n) ? "</a>" : "</span>");
    r->link_depth--;
}

/* An image: alt is its alt text (a figure with a title keeps it apart from the caption), the
 * figure's label when it has none, "" with role="presentation" when marked decorative. An
 * image that is no file in the project (a remote URL) is its alt text. */
static void put_image(render *r, const doc_node *n, const char *cls)
{
    const char *href = image_href(r, n->path);
    int decorative = (n->flags & DOC_F_DECORATIVE) != 0;
    const char *alt = n->alt ? n->alt : n->plain ? n->plain : doc_plain_text(r->a, n);
    if (decorative)
        alt = "";
    else if (!*alt && n->kind == DOC_FIGURE && n->label)
        alt = present_label(r->o->present, n);
    if (!href) {
        if (n->kind == DOC_IMAGE) {
            xhtml_escape_str(r->out, alt);
        } else if (n->alt && *n->alt) { /* the caption is the title: the alt text goes first */
            buf_puts(r->out, "<p class=\"image-alt\">");
            xhtml_escape_str(r->out, n->alt);
            buf_puts(r->out, "</p>");
        }
        return;
    }
    buf_puts(r->out, "<img");
    if (cls)
        put_attr(r->out, "class", cls);
    buf_puts(r->out, " src=\"");
    xhtml_url(r->out, href);
    buf_putc(r->out, '"');
    unsigned w = 0, h = 0;
    if (n->kind == DOC_FIGURE && r->o->image_size && r->o->image_size(r->o->ud, n->path, &w, &h) &&
        w > 0 && h > 0)
        buf_printf(r->out, " style=\"max-width: min(100%%, %.1fvh)\"",
                   (double)FIGURE_MAX_VH * w / h);
    put_attr(r->out, "alt", alt);
    if (n->width > 0)
        buf_printf(r->out, " width=\"%d\"", n->width);
    if (decorative)
        buf_puts(r->out, " role=\"presentation\"");
    else if (n->kind == DOC_IMAGE && n->info)
        put_attr(r->out, "title", n->info);
    buf_puts(r->out, "/>");
}

static void enter_node(render *r, doc_node *n, doc_iter *it)
{
    buf *out = r->out;
    const doc_node *p = n->parent;
    /* markers stand before blocks and inlines, never between rows, cells or items */
    if (n->kind == DOC_NOTES)
        put_marks_rest(r);
    else if (n->kind != DOC_ITEM && n->kind != DOC_CHAPTER && n->kind != DOC_TABLE_ROW &&
             n->kind != DOC_TABLE_CELL && n->kind != DOC_TEXT && n->kind != DOC_CODE &&
             n->kind != DOC_CODEBLOCK)
        put_marks_before(r, n);
    switch (n->kind) {
    case DOC_BOOK:
        break;
    case DOC_CHAPTER:
        buf_puts(out, "<section epub:type=\"chapter\" role=\"doc-chapter\"");
        /* the chapter may share its id with its title heading; the heading then carries it */
        const doc_node *th = present_title_heading(n);
        if (n->id && !(th && th->id && strcmp(th->id, n->id) == 0))
            put_attr(out, "id", n->id);
        buf_puts(out, ">\n");
        put_marks_before(r, n);
        break;
    case DOC_HEADING: {
        int lv = n->level < 1 ? 1 : n->level > 6 ? 6 : n->level;
        buf_printf(out, "<h%d", lv);
        if (n->id)
            put_attr(out, "id", n->id);
        buf_putc(out, '>');
        if (r->chapter && present_title_heading(r->chapter) == n) {
            const char *label = present_label(r->o->present, r->chapter);
            if (label) {
                buf_puts(out, "<span class=\"chapter-number\">");
                xhtml_escape_str(out, label);
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
        if (p && p->kind == DOC_BLOCKQUOTE && present_attribution(p) == n)
            buf_puts(out, "<p class=\"attribution\">"); /* set apart, as in the PDF */
        else if (!in_tight_item(n))
            buf_puts(out, !r->o->rtl && para_has_rtl(n) ? "<p dir=\"auto\">" : "<p>");
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
                buf_puts(out, "<span class=\"figure-label\">");
                xhtml_escape_str(out, present_label(r->o->present, n));
                buf_puts(out, "</span>");
                if (n->first)
                    buf_puts(out, " \xC2\xB7 ");
            }
        }
        break;
    case DOC_BLOCKQUOTE: {
        const char *title = present_callout_title(r->o->present, n);
        if (!title) {
            buf_puts(out, "<blockquote>\n");
            break;
        }
        /* a callout: a note set off from the text, its kind's word as its title */
        buf_puts(out, "<div class=\"callout ");
        xhtml_escape_str(out, n->info);
        buf_puts(out, "\" role=\"note\">\n<p class=\"callout-title\">");
        xhtml_escape_str(out, title);
        buf_puts(out, "</p>\n");
        break;
    }
    case DOC_LIST: {
        if (n->flags & DOC_F_DEFS) {
            buf_puts(out, "<dl>\n");
            break;
        }
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
        if (p && (p->flags & DOC_F_DEFS))
            buf_puts(out, (n->flags & DOC_F_TERM) ? "<dt>" : "<dd>");
        else
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
        put_code_marked(r, n, n->text, len);
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
                buf_puts(out, "<span class=\"table-label\">");
                xhtml_escape_str(out, present_label(r->o->present, n));
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
        put_text_marked(r, n, n->text, n->len, 1);
        break;
    case DOC_SOFTBREAK:
        if (doc_softbreak_is_space(n))
            buf_putc(out, '\n');
        break;
    case DOC_LINEBREAK:
        buf_puts(out, "<br/>\n");
        break;
    case DOC_CODE:
        buf_puts(out, "<code>");
        put_text_marked(r, n, n->text, n->len, 0);
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
    case DOC_SUP:
        buf_puts(out, "<sup>");
        break;
    case DOC_SUB:
        buf_puts(out, "<sub>");
        break;
    case DOC_KBD:
        buf_puts(out, "<kbd>");
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
        buf_puts(out, present_callout_title(r->o->present, n) ? "</div>\n" : "</blockquote>\n");
        break;
    case DOC_LIST:
        buf_puts(out, (n->flags & DOC_F_DEFS)      ? "</dl>\n"
                      : (n->flags & DOC_F_ORDERED) ? "</ol>\n"
                                                   : "</ul>\n");
        break;
    case DOC_ITEM:
        if (n->parent && (n->parent->flags & DOC_F_DEFS))
            buf_puts(out, (n->flags & DOC_F_TERM) ? "</dt>\n" : "</dd>\n");
        else
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
    case DOC_SUP:
        buf_puts(out, "</sup>");
        break;
    case DOC_SUB:
        buf_puts(out, "</sub>");
        break;
    case DOC_KBD:
        buf_puts(out, "</kbd>");
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
    const char *title = present_chapter_title(chapter);
    if (!*title)
        title = present_label(o->present, chapter);
    if (!title)
        title = o->present->words[PW_CHAPTER];
    xhtml_begin(out, o->lang, o->rtl, title, o->css_href, "bodymatter");
    render_walk(&r, (doc_node *)chapter, 0);
    xhtml_end(out);
}
