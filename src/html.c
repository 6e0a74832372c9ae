/* html.c: raw HTML read with gumbo, an HTML5 parser, into the document tree (see html.h); the
 * only gumbo user.
 *
 * The children of one parent become one HTML fragment: a raw piece as its text, any other
 * child as a placeholder in the text (U+E000, its index, U+E001; private-use characters no
 * raw piece can hold, as they are replaced there). gumbo parses the fragment as the body of a
 * page would be (HTML5's tree construction, so unclosed and misnested tags end up where a
 * browser puts them), and one walk over its tree (an explicit stack: no recursion) builds the
 * parent's new children: elements map to doc nodes, text to TEXT, a placeholder puts the
 * original child back where it now stands.
 *
 * Two modes. Inline (the parent holds inlines): block elements are transparent, so `<p>` in a
 * paragraph adds nothing. Block (the parent holds blocks): inline content is gathered into
 * paragraphs made when text arrives, HTML whitespace is collapsed, a block element or
 * placeholder ends the paragraph open before it, and a paragraph that holds one image and
 * nothing else becomes a figure, as a Markdown image alone in a paragraph does. */
#include "html.h"
#include "buf.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>

#define PH_OPEN  "\xEE\x80\x80" /* U+E000 */
#define PH_CLOSE "\xEE\x80\x81" /* U+E001 */

/* what a walk does when it leaves an element */
enum {
    X_NONE,
    X_INLINE, /* an inline container: back to the one it was in */
    X_PARA,   /* a paragraph or heading it opened: end it */
    X_BLOCK,  /* a block container it opened: end its paragraph, back to the outer one */
    X_BREAK,  /* a block element that maps to nothing: ends the paragraph on both sides */
    X_FIGURE,
    X_CAPTION,
    X_DROP /* an element whose text is left out */
};

typedef struct frame {
    GumboNode *g;
    unsigned next; /* the child to visit next */
    int exit;      /* X_* */
    doc_node *block, *inl, *figure, *made;
    unsigned gen;
} frame;

typedef struct piece {
    size_t off; /* where the raw piece starts in the fragment */
    const doc_node *node;
} piece;

typedef struct conv {
    arena *a;
    diag_ctx *d;
    html_seen *seen;
    int inline_mode;
    doc_node *block;  /* block mode: where blocks go */
    doc_node *inl;    /* where inlines go; NULL: a paragraph is made when one comes */
    doc_node *figure; /* an open <figure> */
    unsigned gen;     /* counts paragraphs ended: an inline container outlived by one is gone */
    int drop;         /* inside elements whose text is left out */
    doc_node **orig;  /* the parent's children that are not raw HTML */
    char *placed;
    int norig;
    piece *pieces;
    int npieces;
    const char *src; /* the fragment */
    size_t *nl;      /* the offsets of its line ends */
    size_t nnl;
    doc_node *auto_item; /* an item made for content straight inside <ul> */
} conv;

/* ---- places ---- */

/* How many line ends the fragment has before offset off. */
static size_t lines_before(const conv *c, size_t off)
{
    size_t lo = 0, hi = c->nnl;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->nl[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The file, line and column (bytes, as cmark counts them) of offset off in the fragment: the
 * raw piece it is in, and the place in that piece. Logarithmic: a block may be large. */
static void locate(const conv *c, size_t off, const char **file, int *line, int *col)
{
    int lo = 0, hi = c->npieces;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (c->pieces[mid].off <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) {
        *file = NULL, *line = 0, *col = 0;
        return;
    }
    const piece *p = &c->pieces[lo - 1];
    size_t lp = lines_before(c, p->off), lnow = lines_before(c, off);
    *file = p->node->file;
    *line = p->node->line + (int)(lnow - lp);
    *col = lnow == lp ? p->node->col + (int)(off - p->off) : (int)(off - c->nl[lnow - 1]);
}

static doc_node *mk(conv *c, doc_kind k, size_t off)
{
    const char *file;
    int line, col;
    locate(c, off, &file, &line, &col);
    return doc_new(c->a, k, file, line, col);
}

static size_t g_off(const GumboNode *g)
{
    if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE)
        return g->v.element.start_pos.offset;
    if (g->type == GUMBO_NODE_DOCUMENT)
        return 0;
    return g->v.text.start_pos.offset;
}

/* ---- warnings ---- */

/* The element's name as written (lower case, at most 40 letters, digits and '-'). */
static const char *tag_name(arena *a, const GumboNode *g)
{
    const GumboElement *e = &g->v.element;
    if (e->tag != GUMBO_TAG_UNKNOWN)
        return gumbo_normalized_tagname(e->tag);
    GumboStringPiece t = e->original_tag;
    if (!t.data || !t.length)
        return "?";
    gumbo_tag_from_original_text(&t);
    char *s = arena_alloc(a, 41);
    size_t n = 0;
    for (size_t i = 0; i < t.length && n < 40; i++) {
        char ch = t.data[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == ':')
            s[n++] = ch;
    }
    s[n] = 0;
    return n ? s : "?";
}

static void warn_tag(conv *c, const GumboNode *g, int dropped)
{
    const char *name = tag_name(c->a, g);
    for (int i = 0; i < c->seen->n; i++)
        if (strcmp(c->seen->names[i], name) == 0)
            return;
    if (c->seen->n == c->seen->cap) {
        int nc = c->seen->cap ? c->seen->cap * 2 : 8;
        c->seen->names = arena_realloc(c->a, c->seen->names, sizeof(char *) * (size_t)c->seen->cap,
                                       sizeof(char *) * (size_t)nc);
        c->seen->cap = nc;
    }
    c->seen->names[c->seen->n++] = name;
    const char *file;
    int line, col;
    locate(c, g_off(g), &file, &line, &col);
    diag_report(c->d, D_HTML_TAG, file, line, col, name,
                dropped ? "it is left out" : "its text is kept");
}

/* ---- paragraphs ---- */

static int figure_home(const doc_node *block)
{
    return block->kind == DOC_CHAPTER || block->kind == DOC_BLOCKQUOTE || block->kind == DOC_ITEM;
}

/* The block container blocks go into now: inside a list, an item (content straight inside
 * <ul>, which a list cannot hold). */
static doc_node *block_home(conv *c, size_t off)
{
    if (c->block->kind == DOC_LIST) {
        doc_node *it = mk(c, DOC_ITEM, off);
        doc_append(c->block, it);
        c->block = it;
        c->auto_item = it;
    }
    return c->block;
}

static doc_node *need_inl(conv *c, size_t off)
{
    if (!c->inl) {
        doc_node *p = mk(c, DOC_PARA, off);
        doc_append(block_home(c, off), p);
        c->inl = p;
    }
    return c->inl;
}

static doc_node *last_leaf(doc_node *n)
{
    while (n && n->last && !doc_is_leaf(n->kind))
        n = n->last;
    return n;
}

static int is_ws(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

/* The paragraph (or heading, or caption) the open inline container is in. */
static doc_node *para_root(conv *c)
{
    if (c->inline_mode)
        return c->block;
    doc_node *p = c->inl;
    while (p && p->parent && p->parent != c->block && !doc_is_block(p->kind))
        p = p->parent;
    return p;
}

/* Does the open paragraph end in a space (or has it nothing yet)? */
static int at_space(conv *c)
{
    if (!c->inl)
        return 1;
    doc_node *root = para_root(c);
    doc_node *l = last_leaf(root);
    if (!l || l == root)
        return 1;
    if (l->kind == DOC_SOFTBREAK || l->kind == DOC_LINEBREAK)
        return 1;
    return l->kind == DOC_TEXT && l->len && is_ws(l->text[l->len - 1]);
}

/* Removes blanks and line breaks at the end of p's text. */
static void trim_end(doc_node *p)
{
    for (;;) {
        doc_node *l = last_leaf(p);
        if (!l || l == p)
            break;
        if (l->kind == DOC_SOFTBREAK || (l->kind == DOC_LINEBREAK && l->parent == p)) {
            doc_unlink(l);
            continue;
        }
        if (l->kind != DOC_TEXT)
            break;
        while (l->len && is_ws(l->text[l->len - 1]))
            l->len--;
        if (l->len)
            break;
        doc_unlink(l);
    }
}

/* Ends the paragraph (or heading) open in block mode: no trailing blank, no empty spans; an
 * empty paragraph goes; one image alone becomes a figure. */
static void close_para(conv *c)
{
    if (!c->inl || c->inline_mode)
        return;
    doc_node *p = para_root(c);
    c->inl = NULL;
    c->gen++;
    if (!p || !p->parent)
        return;
    /* empty inline containers, children first (post-order, collected before unlinking) */
    doc_node **empty = NULL;
    int ne = 0, cap = 0;
    doc_iter it;
    doc_iter_init(&it, p);
    while (doc_iter_next(&it)) {
        doc_node *n = it.node;
        if (it.entering || n == p || doc_is_leaf(n->kind) || n->kind == DOC_IMAGE)
            continue;
        if (ne == cap) {
            int nc = cap ? cap * 2 : 8;
            empty = arena_realloc(c->a, empty, sizeof(doc_node *) * (size_t)cap,
                                  sizeof(doc_node *) * (size_t)nc);
            cap = nc;
        }
        empty[ne++] = n;
    }
    for (int i = 0; i < ne; i++)
        if (!empty[i]->first)
            doc_unlink(empty[i]);
    trim_end(p);
    if (!p->first && (p->kind == DOC_PARA || p->kind == DOC_HEADING)) {
        doc_unlink(p);
        return;
    }
    /* one image, alone or followed by a line break and its caption (`<p align="center"><img
       ...><br><i>Source: ...</i></p>`, as READMEs set figures): a figure */
    doc_node *img = NULL, *capt = NULL;
    for (doc_node *k = p->first; k; k = k->next) {
        int blank = k->kind == DOC_SOFTBREAK || (!img && k->kind == DOC_LINEBREAK) ||
                    (k->kind == DOC_TEXT && k->len == strspn(k->text, " \t\n"));
        if (blank)
            continue;
        if (k->kind == DOC_IMAGE && !img) {
            img = k;
            continue;
        }
        if (!img || k->kind != DOC_LINEBREAK)
            return;
        capt = k->next;
        for (doc_node *r = capt; r; r = r->next)
            if (r->kind == DOC_IMAGE || r->kind == DOC_LINEBREAK)
                return;
        break;
    }
    if (!img || p->kind != DOC_PARA || !figure_home(p->parent))
        return;
    while (p->first != capt)
        doc_unlink(p->first);
    p->kind = DOC_FIGURE;
    p->url = img->url;
    p->width = img->width;
    p->info = img->info;
    p->flags |= img->flags & DOC_F_DECORATIVE;
    p->line = img->line, p->col = img->col;
    while (p->first &&
           ((p->first->kind == DOC_TEXT && p->first->len == strspn(p->first->text, " \t\n")) ||
            p->first->kind == DOC_SOFTBREAK))
        doc_unlink(p->first); /* the caption's leading blanks */
    if (!p->first)            /* no caption: the alt text is */
        while (img->first) {
            doc_node *k = img->first;
            doc_unlink(k);
            doc_append(p, k);
        }
}

/* ---- text and placeholders ---- */

static doc_node *text_node(conv *c, const char *s, size_t n, size_t off)
{
    doc_node *t = mk(c, DOC_TEXT, off);
    t->text = arena_strndup(c->a, s, n);
    t->len = n;
    return t;
}

/* HTML text (not a placeholder) at fragment offset off. */
static void put_text(conv *c, const char *s, size_t n, size_t off)
{
    if (c->drop || !n)
        return;
    if (c->inline_mode) {
        doc_append(c->inl, text_node(c, s, n, off));
        return;
    }
    /* collapsed: one TEXT per run of words, a SOFTBREAK for blanks holding a line end */
    buf b = BUF_INIT;
    size_t i = 0, at = off;
    while (i < n) {
        size_t j = i;
        if (is_ws(s[i])) {
            int nl = 0;
            while (j < n && is_ws(s[j]))
                nl |= s[j++] == '\n';
            if (b.len ? b.data[b.len - 1] == ' ' : at_space(c)) {
                i = j;
                continue;
            }
            if (!nl) {
                buf_putc(&b, ' ');
            } else {
                if (b.len)
                    doc_append(need_inl(c, at), text_node(c, b.data, b.len, at));
                b.len = 0;
                doc_append(c->inl, mk(c, DOC_SOFTBREAK, off + i));
            }
        } else {
            while (j < n && !is_ws(s[j]))
                j++;
            if (!b.len)
                at = off + i;
            buf_put(&b, s + i, j - i);
        }
        i = j;
    }
    if (b.len)
        doc_append(need_inl(c, at), text_node(c, b.data, b.len, at));
    buf_free(&b);
}

static void place(conv *c, int k, size_t off)
{
    doc_node *n = c->orig[k];
    c->placed[k] = 1;
    if (c->inline_mode || doc_is_inline(n->kind)) {
        doc_append(c->inline_mode ? c->inl : need_inl(c, off), n);
        return;
    }
    close_para(c);
    doc_append(block_home(c, off), n);
}

/* Text with placeholders in it: each put back in its place. */
static void put_text_ph(conv *c, const char *s, size_t off)
{
    size_t n = strlen(s), i = 0, start = 0;
    while (i < n) {
        const char *p = memchr(s + i, 0xEE, n - i);
        if (!p)
            break;
        i = (size_t)(p - s);
        if (n - i < 3 || memcmp(s + i, PH_OPEN, 3) != 0) {
            i++;
            continue;
        }
        size_t j = i + 3;
        long k = 0;
        while (j < n && s[j] >= '0' && s[j] <= '9' && k < 1000000000)
            k = k * 10 + (s[j++] - '0');
        if (n - j < 3 || memcmp(s + j, PH_CLOSE, 3) != 0 || k >= c->norig || c->placed[k]) {
            i++;
            continue;
        }
        put_text(c, s + start, i - start, off + start);
        place(c, (int)k, off + i);
        i = start = j + 3;
    }
    put_text(c, s + start, n - start, off + start);
}

/* The text of a <code> or <pre> element when it holds nothing but text (placeholders of
 * text, code and line ends included): the placeholders are used up. NULL otherwise. */
static char *plain_content(conv *c, GumboNode *g)
{
    buf b = BUF_INIT;
    GumboVector *ch = &g->v.element.children;
    for (unsigned i = 0; i < ch->length; i++) {
        GumboNode *k = ch->data[i];
        if (k->type == GUMBO_NODE_COMMENT)
            continue;
        if (k->type != GUMBO_NODE_TEXT && k->type != GUMBO_NODE_WHITESPACE &&
            k->type != GUMBO_NODE_CDATA) {
            buf_free(&b);
            return NULL;
        }
        const char *s = k->v.text.text;
        buf_puts(&b, s);
    }
    /* resolve placeholders: text-like ones only */
    buf o = BUF_INIT;
    int *used = NULL, nused = 0;
    const char *s = buf_cstr(&b);
    size_t n = b.len;
    for (size_t i = 0; i < n;) {
        if (n - i >= 3 && memcmp(s + i, PH_OPEN, 3) == 0) {
            size_t j = i + 3;
            long k = 0;
            while (j < n && s[j] >= '0' && s[j] <= '9' && k < 1000000000)
                k = k * 10 + (s[j++] - '0');
            if (n - j >= 3 && memcmp(s + j, PH_CLOSE, 3) == 0 && k < c->norig && !c->placed[k]) {
                const doc_node *d = c->orig[k];
                if (d->kind == DOC_TEXT || d->kind == DOC_CODE)
                    buf_put(&o, d->text, d->len);
                else if (d->kind == DOC_SOFTBREAK || d->kind == DOC_LINEBREAK)
                    buf_putc(&o, '\n');
                else
                    goto complex;
                used = arena_realloc(c->a, used, sizeof(int) * (size_t)nused,
                                     sizeof(int) * (size_t)(nused + 1));
                used[nused++] = (int)k;
                i = j + 3;
                continue;
            }
        }
        buf_putc(&o, s[i++]);
    }
    for (int i = 0; i < nused; i++)
        c->placed[used[i]] = 1;
    char *r = arena_strndup(c->a, buf_cstr(&o), o.len);
    buf_free(&b);
    buf_free(&o);
    return r;
complex:
    buf_free(&b);
    buf_free(&o);
    return NULL;
}

/* ---- elements ---- */

static const char *attr(const GumboNode *g, const char *name)
{
    GumboAttribute *at = gumbo_get_attribute(&g->v.element.attributes, name);
    return at ? at->value : NULL;
}

static doc_node *image(conv *c, GumboNode *g)
{
    size_t off = g_off(g);
    doc_node *im = mk(c, DOC_IMAGE, off);
    const char *src = attr(g, "src"), *alt = attr(g, "alt"), *w = attr(g, "width"),
               *title = attr(g, "title");
    im->url = arena_strdup(c->a, src ? src : "");
    if (title && *title)
        im->info = arena_strdup(c->a, title);
    if (w) {
        long v = 0;
        const char *p = w + strspn(w, " ");
        while (*p >= '0' && *p <= '9' && v < 100000)
            v = v * 10 + (*p++ - '0');
        if (v > 0 && (*p == 0 || strcmp(p, "px") == 0))
            im->width = (int)v;
    }
    if (alt && *alt)
        doc_append(im, text_node(c, alt, strlen(alt), off));
    else if (alt) /* alt="": HTML's mark of an image that is not content */
        im->flags |= DOC_F_DECORATIVE;
    return im;
}

static int is_block_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_SUMMARY:
        return 1;
    default:
        return 0;
    }
}

/* Gives the block the inlines go into another name links may use (doc.h's alias). */
static void add_alias(conv *c, const char *name)
{
    if (!name || !*name || name[strcspn(name, " \t\n\r\f")])
        return;
    doc_node *b = c->inline_mode ? c->block : para_root(c);
    while (b && !doc_is_block(b->kind))
        b = b->parent;
    if (!b)
        return;
    b->alias = b->alias ? arena_printf(c->a, "%s\n%s", b->alias, name) : arena_strdup(c->a, name);
}

/* An inline container opened in the paragraph. */
static int open_inline(conv *c, frame *f, doc_kind k)
{
    doc_node *in = need_inl(c, g_off(f->g));
    f->inl = in;
    f->gen = c->gen;
    doc_node *n = mk(c, k, g_off(f->g));
    doc_append(in, n);
    c->inl = n;
    f->made = n;
    return X_INLINE;
}

/* A block container: ends the paragraph, then blocks go into it. */
static int open_block(conv *c, frame *f, doc_node *n, doc_node *into)
{
    close_para(c);
    doc_append(into ? into : block_home(c, g_off(f->g)), n);
    f->block = c->block;
    c->block = n;
    f->made = n;
    return X_BLOCK;
}

/* A paragraph-like block (p, h1..h6, summary) holding the inlines. */
static int open_para(conv *c, frame *f, doc_node *n, doc_node *inner)
{
    close_para(c);
    doc_append(block_home(c, g_off(f->g)), n);
    if (inner)
        doc_append(n, inner);
    c->inl = inner ? inner : n;
    f->made = n;
    return X_PARA;
}

/* The list an <li>, <dt> or <dd> belongs in, made current; NULL when there is none. */
static doc_node *list_of(conv *c, int defs)
{
    doc_node *b = c->block;
    if (b == c->auto_item && b->parent && b->parent->kind == DOC_LIST) {
        b = b->parent;
        c->block = b;
        c->auto_item = NULL;
    }
    if (b->kind != DOC_LIST || ((b->flags & DOC_F_DEFS) != 0) != defs)
        return NULL;
    return b;
}

/* What entering element g does; returns the frame's X_*. */
static int enter(conv *c, frame *f)
{
    GumboNode *g = f->g;
    GumboTag tag = g->v.element.tag;
    size_t off = g_off(g);
    int blockmode = !c->inline_mode && !c->drop;
    if (c->drop) {
        return X_NONE;
    }
    if (g->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) {
        /* SVG or MathML: named once, the drawing left out, a formula's text kept */
        if (g->parent && g->parent->type == GUMBO_NODE_ELEMENT &&
            g->parent->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
            return X_NONE;
        warn_tag(c, g, tag == GUMBO_TAG_SVG);
        if (tag == GUMBO_TAG_SVG) {
            c->drop++;
            return X_DROP;
        }
        return X_NONE;
    }
    switch (tag) {
    case GUMBO_TAG_BR:
        doc_append(c->inline_mode ? c->inl : need_inl(c, off), mk(c, DOC_LINEBREAK, off));
        return X_NONE;
    case GUMBO_TAG_IMG: {
        doc_node *im = image(c, g);
        if (!*im->url) {
            const char *file;
            int line, col;
            locate(c, off, &file, &line, &col);
            diag_report(c->d, D_HTML_IMG_SRC, file, line, col);
            doc_node *in = c->inline_mode ? c->inl : need_inl(c, off);
            while (im->first) {
                doc_node *k = im->first;
                doc_unlink(k);
                doc_append(in, k);
            }
            return X_NONE;
        }
        if (blockmode && c->figure && !c->figure->url) {
            c->figure->url = im->url;
            c->figure->width = im->width;
            c->figure->info = im->info;
            c->figure->flags |= im->flags & DOC_F_DECORATIVE;
            if (!c->figure->first && !(c->figure->flags & DOC_F_HTML))
                while (im->first) {
                    doc_node *k = im->first;
                    doc_unlink(k);
                    doc_append(c->figure, k);
                }
            return X_NONE;
        }
        doc_append(c->inline_mode ? c->inl : need_inl(c, off), im);
        return X_NONE;
    }
    case GUMBO_TAG_SUP:
        return open_inline(c, f, DOC_SUP);
    case GUMBO_TAG_SUB:
        return open_inline(c, f, DOC_SUB);
    case GUMBO_TAG_KBD:
        return open_inline(c, f, DOC_KBD);
    case GUMBO_TAG_EM:
    case GUMBO_TAG_I:
        return open_inline(c, f, DOC_EMPH);
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B:
        return open_inline(c, f, DOC_STRONG);
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_S:
    case GUMBO_TAG_STRIKE:
        return open_inline(c, f, DOC_STRIKE);
    case GUMBO_TAG_A: {
        const char *href = attr(g, "href");
        if (!href) { /* an anchor (`## Title <a name="old"></a>`): a name of its block */
            add_alias(c, attr(g, "id"));
            add_alias(c, attr(g, "name"));
            return X_NONE;
        }
        int x = open_inline(c, f, DOC_LINK);
        f->made->url = arena_strdup(c->a, href);
        const char *title = attr(g, "title");
        if (title && *title)
            f->made->info = arena_strdup(c->a, title);
        return x;
    }
    case GUMBO_TAG_CODE: {
        char *t = plain_content(c, g);
        if (!t)
            return X_NONE;
        doc_node *n = mk(c, DOC_CODE, off);
        n->text = t;
        n->len = strlen(t);
        if (n->len)
            doc_append(c->inline_mode ? c->inl : need_inl(c, off), n);
        f->next = g->v.element.children.length; /* its text is used */
        return X_NONE;
    }
    case GUMBO_TAG_SPAN:
        return X_NONE;
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_HEAD:
        warn_tag(c, g, 1);
        c->drop++;
        return X_DROP;
    default:
        break;
    }
    if (!blockmode) {
        if (tag == GUMBO_TAG_SUMMARY)
            return open_inline(c, f, DOC_STRONG);
        if (!(tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_DETAILS ||
              tag == GUMBO_TAG_FIGURE || tag == GUMBO_TAG_FIGCAPTION || tag == GUMBO_TAG_DL ||
              tag == GUMBO_TAG_DT || tag == GUMBO_TAG_DD))
            warn_tag(c, g, 0);
        return is_block_tag(tag) ? X_BREAK : X_NONE;
    }
    switch (tag) {
    case GUMBO_TAG_P:
        return open_para(c, f, mk(c, DOC_PARA, off), NULL);
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: {
        doc_node *h = mk(c, DOC_HEADING, off);
        h->level = 1 + (int)(tag - GUMBO_TAG_H1);
        const char *id = attr(g, "id");
        if (id && *id && !id[strcspn(id, " \t\n\r\f")]) /* an id has no blanks */
            h->id = arena_strdup(c->a, id);
        return open_para(c, f, h, NULL);
    }
    case GUMBO_TAG_SUMMARY:
        return open_para(c, f, mk(c, DOC_PARA, off), mk(c, DOC_STRONG, off));
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DETAILS:
        close_para(c);
        return X_BREAK;
    case GUMBO_TAG_BLOCKQUOTE:
        return open_block(c, f, mk(c, DOC_BLOCKQUOTE, off), NULL);
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL: {
        doc_node *l = mk(c, DOC_LIST, off);
        l->flags |= DOC_F_TIGHT;
        if (tag == GUMBO_TAG_OL) {
            const char *start = attr(g, "start");
            l->flags |= DOC_F_ORDERED;
            l->number = start ? atoi(start) : 1;
            if (l->number < 0 || l->number > 999999999)
                l->number = 1;
        }
        if (tag == GUMBO_TAG_DL)
            l->flags |= DOC_F_DEFS;
        return open_block(c, f, l, NULL);
    }
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: {
        close_para(c);
        doc_node *l = list_of(c, tag != GUMBO_TAG_LI);
        if (!l) {
            warn_tag(c, g, 0);
            return X_BREAK;
        }
        doc_node *it = mk(c, DOC_ITEM, off);
        int x = open_block(c, f, it, l);
        if (tag == GUMBO_TAG_DT) {
            it->flags |= DOC_F_TERM;
            doc_node *p = mk(c, DOC_PARA, off), *s = mk(c, DOC_STRONG, off);
            doc_append(it, p);
            doc_append(p, s);
            c->inl = s;
        }
        return x;
    }
    case GUMBO_TAG_HR:
        close_para(c);
        doc_append(block_home(c, off), mk(c, DOC_THEMATIC, off));
        return X_NONE;
    case GUMBO_TAG_PRE: {
        char *t = plain_content(c, g);
        close_para(c);
        if (!t)
            return X_BREAK;
        doc_node *n = mk(c, DOC_CODEBLOCK, off);
        size_t len = strlen(t);
        n->text = len && t[len - 1] == '\n' ? t : arena_printf(c->a, "%s\n", t);
        n->len = strlen(n->text);
        doc_append(block_home(c, off), n);
        f->next = g->v.element.children.length;
        return X_NONE;
    }
    case GUMBO_TAG_FIGURE: {
        close_para(c);
        if (!figure_home(c->block))
            return X_BREAK;
        doc_node *fig = mk(c, DOC_FIGURE, off);
        const char *id = attr(g, "id");
        if (id && *id)
            fig->alias = arena_strdup(c->a, id); /* its id stays fig-NAME, as Markdown's */
        doc_append(c->block, fig);
        f->figure = c->figure;
        c->figure = fig;
        f->made = fig;
        return X_FIGURE;
    }
    case GUMBO_TAG_FIGCAPTION:
        close_para(c);
        if (!c->figure)
            return X_BREAK;
        while (c->figure->first) /* the caption, not the alt text */
            doc_unlink(c->figure->first);
        c->figure->flags |= DOC_F_HTML; /* captioned: an image's alt text stays out */
        c->inl = c->figure;
        return X_CAPTION;
    default:
        warn_tag(c, g, 0);
        if (!is_block_tag(tag))
            return X_NONE;
        close_para(c);
        return X_BREAK;
    }
}

static void leave(conv *c, frame *f)
{
    switch (f->exit) {
    case X_INLINE:
        c->inl = c->gen == f->gen ? f->inl : NULL;
        break;
    case X_PARA:
        close_para(c);
        break;
    case X_BLOCK:
        close_para(c);
        c->block = f->block;
        if (c->auto_item && c->auto_item->parent == f->made)
            c->auto_item = NULL;
        if (f->made->kind == DOC_LIST && !f->made->first) {
            doc_unlink(f->made);
        } else if (f->made->flags & DOC_F_DEFS) {
            /* HTML's <dl> holds groups of terms, then definitions: an empty term before a
               definition that has none, an empty definition after a last term */
            if (!(f->made->first->flags & DOC_F_TERM)) {
                doc_node *t = mk(c, DOC_ITEM, g_off(f->g));
                t->flags |= DOC_F_TERM;
                doc_insert_before(f->made->first, t);
            }
            if (f->made->last->flags & DOC_F_TERM)
                doc_append(f->made, mk(c, DOC_ITEM, g_off(f->g)));
        }
        break;
    case X_BREAK:
        if (c->inline_mode && !at_space(c))
            doc_append(c->inl, text_node(c, " ", 1, g_off(f->g)));
        else
            close_para(c);
        break;
    case X_CAPTION:
        close_para(c);
        break;
    case X_FIGURE: {
        close_para(c);
        doc_node *fig = f->made;
        c->figure = f->figure;
        fig->flags &= ~DOC_F_HTML;
        if (!fig->url)
            fig->kind = DOC_PARA; /* no image: the caption as a paragraph */
        if (!fig->first && fig->kind == DOC_PARA)
            doc_unlink(fig);
        break;
    }
    case X_DROP:
        c->drop--;
        break;
    default:
        break;
    }
}

/* ---- the parse ---- */

static void *g_alloc(void *ud, size_t n)
{
    (void)ud;
    void *p = malloc(n ? n : 1);
    if (!p)
        hj_oom();
    return p;
}

static void g_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

/* Appends raw HTML s to b with the placeholders' characters replaced. */
static void put_raw(buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i + 2 < n; i++)
        if ((unsigned char)s[i] == 0xEE && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x80 || (unsigned char)s[i + 2] == 0x81)) {
            buf_put(b, s + start, i - start);
            buf_puts(b, "\xEF\xBF\xBD");
            start = i + 3;
            i += 2;
        }
    buf_put(b, s + start, n - start);
}

void html_rebuild(arena *a, diag_ctx *d, html_seen *seen, doc_node *parent)
{
    conv c = {0};
    c.a = a;
    c.d = d;
    c.seen = seen;
    c.inline_mode = parent->kind != DOC_CHAPTER && parent->kind != DOC_BLOCKQUOTE &&
                    parent->kind != DOC_ITEM && parent->kind != DOC_FOOTNOTE;
    int nkids = 0, nraw = 0;
    for (doc_node *k = parent->first; k; k = k->next)
        nkids++, nraw += (k->flags & DOC_F_HTML) != 0;
    if (!nraw)
        return;
    c.orig = ARENA_NEWN(a, doc_node *, (size_t)nkids);
    c.placed = ARENA_NEWN(a, char, (size_t)nkids);
    c.pieces = ARENA_NEWN(a, piece, (size_t)nraw);
    buf b = BUF_INIT;
    size_t tags = 0;
    const doc_node *first_raw = NULL;
    while (parent->first) {
        doc_node *k = parent->first;
        doc_unlink(k);
        if (k->flags & DOC_F_HTML) {
            c.pieces[c.npieces].off = b.len;
            c.pieces[c.npieces++].node = k;
            put_raw(&b, k->text, k->len);
            for (size_t i = 0; i < k->len; i++)
                tags += k->text[i] == '<';
            if (!first_raw)
                first_raw = k;
        } else {
            buf_printf(&b, PH_OPEN "%d" PH_CLOSE, c.norig);
            c.orig[c.norig++] = k;
        }
    }
    c.src = buf_cstr(&b);
    for (size_t i = 0; i < b.len; i++)
        c.nnl += c.src[i] == '\n';
    c.nl = ARENA_NEWN(a, size_t, c.nnl + 1);
    for (size_t i = 0, k = 0; i < b.len; i++)
        if (c.src[i] == '\n')
            c.nl[k++] = i;
    c.block = parent;
    c.inl = c.inline_mode ? parent : NULL;
    if (tags > HTML_MAX_TAGS) {
        diag_report(d, D_HTML_LIMIT, first_raw->file, first_raw->line, first_raw->col,
                    HTML_MAX_TAGS);
    } else {
        GumboOptions opt = kGumboDefaultOptions;
        opt.allocator = g_alloc;
        opt.deallocator = g_free;
        opt.max_errors = 0;
        opt.fragment_context = GUMBO_TAG_BODY;
        opt.fragment_namespace = GUMBO_NAMESPACE_HTML;
        GumboOutput *out = gumbo_parse_with_options(&opt, c.src, b.len);
        int depth = 1, cap = 32;
        frame *st = ARENA_NEWN(a, frame, (size_t)cap);
        st[0].g = out->root;
        while (depth > 0) {
            frame *f = &st[depth - 1];
            GumboVector *ch = &f->g->v.element.children;
            if (f->next >= ch->length) {
                if (depth > 1)
                    leave(&c, f);
                depth--;
                continue;
            }
            GumboNode *k = ch->data[f->next++];
            switch (k->type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_WHITESPACE:
                put_text_ph(&c, k->v.text.text, k->v.text.start_pos.offset);
                break;
            case GUMBO_NODE_CDATA:
                put_text(&c, k->v.text.text, strlen(k->v.text.text), g_off(k));
                break;
            case GUMBO_NODE_ELEMENT:
            case GUMBO_NODE_TEMPLATE: {
                if (depth == cap) {
                    st = arena_realloc(a, st, sizeof(frame) * (size_t)cap,
                                       sizeof(frame) * (size_t)cap * 2);
                    cap *= 2;
                }
                frame *nf = &st[depth++];
                memset(nf, 0, sizeof *nf);
                nf->g = k;
                nf->block = c.block;
                nf->inl = c.inl;
                nf->gen = c.gen;
                nf->exit = enter(&c, nf);
                break;
            }
            default: /* comments, the document */
                break;
            }
        }
        gumbo_destroy_output(&opt, out);
    }
    close_para(&c);
    /* what the HTML did not hold (never expected): at the end, so nothing is lost */
    c.inline_mode = parent->kind != DOC_CHAPTER && parent->kind != DOC_BLOCKQUOTE &&
                    parent->kind != DOC_ITEM && parent->kind != DOC_FOOTNOTE;
    c.block = parent;
    c.inl = c.inline_mode ? parent : NULL;
    c.drop = 0;
    for (int i = 0; i < c.norig; i++)
        if (!c.placed[i])
            place(&c, i, b.len);
    close_para(&c);
    if (parent->kind == DOC_HEADING || parent->kind == DOC_PARA)
        trim_end(parent); /* `## Title <a name="x"></a>` */
    buf_free(&b);
}
