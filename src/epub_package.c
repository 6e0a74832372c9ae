/* epub_package.c: the EPUB's package files, made in memory for epub.c to zip: the package
 * document (package.opf), the navigation document (nav.xhtml, with the landmarks and the print
 * page-list), the NCX for older readers, and the cover, title and copyright pages; and the plan
 * of where each PDF page's page-list marker goes. No libzip here (epub.c is its only user).
 *
 * Print page-list: with the PDF of the same run, every PDF page gets a marker labelled with its
 * page label, where layout recorded that the page begins (pagemap.h). Chapter pages are marked
 * by xhtml.c at the (node, offset) planned here; the front matter's by this file, in the
 * EPUB's own counterparts: the title page's in title.xhtml, the copyright page's in
 * copyright.xhtml, the contents' in nav.xhtml (a later contents page before the entry it begins
 * with). A page with no place of its own (half-title, blank pages) goes with the next page
 * that has one. The words the package files show come from the presentation (present.h). */
#include "epub_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A language tag safe for lang/xml:lang/dc:language: letters, digits and '-' in subtags of 1 to
 * 8 characters, starting with a letter subtag; anything else falls back to "en". */
const char *epub_safe_lang(const char *lang)
{
    if (!lang || !*lang)
        return "en";
    int run = 0, first = 1;
    for (const char *p = lang; *p; p++) {
        char c = *p;
        if (c == '-') {
            if (run == 0)
                return "en";
            run = 0;
            first = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (!first && c >= '0' && c <= '9')) {
            if (++run > 8)
                return "en";
        } else {
            return "en";
        }
    }
    return run ? lang : "en";
}

/* Nonzero when s shows something once escaped: not NULL, not only spaces and characters
 * xhtml_escape drops (an empty dc:title or dc:creator is an epubcheck error). */
int epub_has_text(const char *s)
{
    if (!s)
        return 0;
    buf b = BUF_INIT;
    xhtml_escape_str(&b, s);
    int any = 0;
    for (size_t i = 0; i < b.len && !any; i++)
        any = b.data[i] != ' ' && b.data[i] != '\t' && b.data[i] != '\n';
    buf_free(&b);
    return any;
}

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Nonzero when date is W3CDTF as the OPF wants it: YYYY, YYYY-MM, YYYY-MM-DD, optionally
 * followed by Thh:mm[:ss[.s+]] and Z or +hh:mm. */
static int w3c_date(const char *d)
{
    if (!d || !digits(d, 4))
        return 0;
    d += 4;
    if (!*d)
        return 1;
    if (d[0] != '-' || !digits(d + 1, 2))
        return 0;
    d += 3;
    if (!*d)
        return 1;
    if (d[0] != '-' || !digits(d + 1, 2))
        return 0;
    d += 3;
    if (!*d)
        return 1;
    if (d[0] != 'T' || !digits(d + 1, 2) || d[3] != ':' || !digits(d + 4, 2))
        return 0;
    d += 6;
    if (d[0] == ':') {
        if (!digits(d + 1, 2))
            return 0;
        d += 3;
        if (d[0] == '.') {
            if (!digits(d + 1, 1))
                return 0;
            for (d++; *d >= '0' && *d <= '9'; d++) {
            }
        }
    }
    if (d[0] == 'Z')
        return d[1] == 0;
    if ((d[0] == '+' || d[0] == '-') && digits(d + 1, 2) && d[3] == ':' && digits(d + 4, 2))
        return d[6] == 0;
    return 0;
}

/* A deterministic urn:uuid (version 4 layout, FNV-1a based) from the title, for books whose
 * config gives no identifier (config_finish normally sets one). */
const char *epub_fallback_identifier(arena *a, const char *title)
{
    unsigned char h[16];
    uint64_t x = 1469598103934665603ull, y = 0x9e3779b97f4a7c15ull;
    for (const char *p = title; *p; p++) {
        x = (x ^ (unsigned char)*p) * 1099511628211ull;
        y = (y ^ (unsigned char)*p) * 0x100000001b3ull + 7;
    }
    for (int i = 0; i < 8; i++) {
        h[i] = (unsigned char)(x >> (8 * i));
        h[8 + i] = (unsigned char)(y >> (8 * i));
    }
    h[6] = (h[6] & 0x0F) | 0x40;
    h[8] = (h[8] & 0x3F) | 0x80;
    return arena_printf(a,
                        "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                        "%02x%02x%02x%02x%02x%02x",
                        h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11],
                        h[12], h[13], h[14], h[15]);
}

/* ---- package files ---- */

static int has_visual_content(const epub *e)
{
    return e->b->nimages > 0;
}

/* The images the chapters show that are not decoration, and how many of them have no alt text
 * (a figure whose caption is its title is asked for its own alt text). The cover's image is
 * described by the cover page ("Cover of ..."). */
static void image_facts(const epub *e, int *shown, int *bare)
{
    *shown = *bare = 0;
    doc_iter it;
    doc_iter_init(&it, e->b->doc);
    while (doc_iter_next(&it)) {
        const doc_node *n = it.node;
        if (!it.entering || (n->kind != DOC_FIGURE && n->kind != DOC_IMAGE) || !n->path ||
            (n->flags & DOC_F_DECORATIVE) || !book_image(e->b, n->path))
            continue;
        (*shown)++;
        const char *alt = n->alt ? n->alt : n->plain ? n->plain : NULL;
        if (alt ? !*alt : !n->first)
            (*bare)++;
    }
}

static void put_meta(buf *o, const char *property, const char *value)
{
    buf_printf(o, "    <meta property=\"%s\">", property);
    xhtml_escape_str(o, value);
    buf_puts(o, "</meta>\n");
}

static void put_dc(buf *o, const char *name, const char *value)
{
    if (!epub_has_text(value))
        return;
    buf_printf(o, "    <dc:%s>", name);
    xhtml_escape_str(o, value);
    buf_printf(o, "</dc:%s>\n", name);
}

void epub_make_opf(epub *e, buf *o)
{
    const config *c = e->cfg;
    const book *b = e->b;
    buf_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
                "unique-identifier=\"pub-id\" xml:lang=\"");
    xhtml_escape_str(o, e->lang);
    buf_puts(o, "\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    buf_puts(o, "    <dc:identifier id=\"pub-id\">");
    xhtml_escape_str(o, e->identifier);
    buf_puts(o, "</dc:identifier>\n    <dc:title id=\"title\">");
    xhtml_escape_str(o, e->title);
    buf_puts(o, "</dc:title>\n");
    if (epub_has_text(c->subtitle)) {
        buf_puts(o, "    <meta refines=\"#title\" property=\"title-type\">main</meta>\n"
                    "    <dc:title id=\"subtitle\">");
        xhtml_escape_lang(o, e->lang, c->subtitle, strlen(c->subtitle));
        buf_puts(o, "</dc:title>\n"
                    "    <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
    }
    for (int i = 0; i < c->nauthors; i++) {
        if (!epub_has_text(c->authors[i]))
            continue;
        buf_printf(o, "    <dc:creator id=\"creator%d\">", i + 1);
        xhtml_escape_str(o, c->authors[i]);
        buf_printf(o,
                   "</dc:creator>\n    <meta refines=\"#creator%d\" property=\"role\" "
                   "scheme=\"marc:relators\">aut</meta>\n",
                   i + 1);
    }
    put_dc(o, "language", e->lang);
    if (w3c_date(c->date))
        put_dc(o, "date", c->date);
    put_dc(o, "publisher", c->publisher);
    put_dc(o, "rights", c->rights);
    put_dc(o, "description", c->description);
    for (int i = 0; i < c->nsubjects; i++)
        put_dc(o, "subject", c->subjects[i]);
    if (e->has_page_list) {
        /* the print edition the page-list follows, as EPUB 3.2 says it (dc:source refined by
         * source-of "pagination"; Ace reads it as the pageBreakSource). EPUB 3.3's bare
         * pageBreakSource property is an undefined property to epubcheck 4.2.6's 3.2 rules. */
        buf_puts(o, "    <dc:source id=\"print-source\">");
        xhtml_escape_str(o, e->identifier);
        buf_puts(o, "</dc:source>\n    <meta refines=\"#print-source\" "
                    "property=\"source-of\">pagination</meta>\n");
    }

    time_t t = (time_t)(b->modified > 0 ? b->modified : 0);
    struct tm tm;
    gmtime_r(&t, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    put_meta(o, "dcterms:modified", when);

    /* accessibility (EPUB Accessibility 1.1, schema.org properties): each claim follows what
       the book holds, so an image with no alt text (doc_pass.c warns at it) takes away the
       text alternatives, the sufficiency of text alone and the WCAG conformance */
    int shown, bare;
    image_facts(e, &shown, &bare);
    put_meta(o, "schema:accessMode", "textual");
    if (has_visual_content(e))
        put_meta(o, "schema:accessMode", "visual");
    put_meta(o, "schema:accessModeSufficient", bare ? "textual,visual" : "textual");
    put_meta(o, "schema:accessibilityFeature", "tableOfContents");
    put_meta(o, "schema:accessibilityFeature", "readingOrder");
    put_meta(o, "schema:accessibilityFeature", "structuralNavigation");
    if (has_visual_content(e) && !bare)
        put_meta(o, "schema:accessibilityFeature", "alternativeText");
    if (e->has_page_list) {
        put_meta(o, "schema:accessibilityFeature", "printPageNumbers");
        put_meta(o, "schema:accessibilityFeature", "pageNavigation");
    }
    put_meta(o, "schema:accessibilityHazard", "none");
    const char *summary = e->pr->words[PW_A11Y_SUMMARY];
    if (has_visual_content(e))
        summary = present_fill(e->pr, bare ? PW_A11Y_NO_ALT : PW_A11Y_ALT, summary, NULL);
    put_meta(o, "schema:accessibilitySummary", summary);
    if (!bare) {
        put_meta(o, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
        /* who asserts the conformance: the publisher, else the first author */
        const char *by = epub_has_text(c->publisher) ? c->publisher : "hanji";
        for (int i = c->nauthors - 1; i >= 0 && !epub_has_text(c->publisher); i--)
            if (epub_has_text(c->authors[i]))
                by = c->authors[i];
        put_meta(o, "a11y:certifiedBy", by);
    }
    if (e->cover_href)
        buf_puts(o, "    <meta name=\"cover\" content=\"cover-image\"/>\n");
    buf_puts(o, "  </metadata>\n  <manifest>\n");

    buf_puts(o, "    <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
                "properties=\"nav\"/>\n"
                "    <item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
                "    <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
    if (e->cover_href)
        buf_puts(o, "    <item id=\"cover\" href=\"cover.xhtml\" "
                    "media-type=\"application/xhtml+xml\"/>\n");
    buf_puts(o, "    <item id=\"titlepage\" href=\"title.xhtml\" "
                "media-type=\"application/xhtml+xml\"/>\n"
                "    <item id=\"copyright\" href=\"copyright.xhtml\" "
                "media-type=\"application/xhtml+xml\"/>\n");
    for (int i = 0; i < e->nchapters; i++)
        buf_printf(o, "    <item id=\"ch%d\" href=\"%s\" media-type=\"application/xhtml+xml\"/>\n",
                   i + 1, e->chfiles[i]);
    for (int i = 0; i < b->nimages; i++) {
        const image_info *img = b->images[i];
        if (!img)
            continue;
        if (img == b->cover && e->cover_href)
            buf_puts(o, "    <item id=\"cover-image\"");
        else
            buf_printf(o, "    <item id=\"img%d\"", i + 1);
        buf_puts(o, " href=\"");
        xhtml_url(o, e->imgfiles[i]);
        buf_printf(o, "\" media-type=\"%s\"%s/>\n", img->media_type,
                   img == b->cover && e->cover_href ? " properties=\"cover-image\"" : "");
    }
    for (int i = 0; e->fonts && i < e->fonts->nfiles; i++)
        buf_printf(
            o, "    <item id=\"font%d\" href=\"%s\" media-type=\"application/vnd.ms-opentype\"/>\n",
            i + 1, e->fonts->files[i].file);
    buf_puts(o, e->cfg->rtl
                    ? "  </manifest>\n  <spine toc=\"ncx\" page-progression-direction=\"rtl\">\n"
                    : "  </manifest>\n  <spine toc=\"ncx\">\n");
    if (e->cover_href)
        buf_puts(o, "    <itemref idref=\"cover\"/>\n");
    buf_puts(o, "    <itemref idref=\"titlepage\"/>\n"
                "    <itemref idref=\"copyright\"/>\n"
                "    <itemref idref=\"nav\"/>\n");
    for (int i = 0; i < e->nchapters; i++)
        buf_printf(o, "    <itemref idref=\"ch%d\"/>\n", i + 1);
    buf_puts(o, "  </spine>\n</package>\n");
}

/* Calls fn for each entry of the contents (present.h) in order, with its depth (1: chapters). */
typedef void (*toc_fn)(epub *e, void *ud, int depth, const char *href, const char *text);

static const char *file_of(const epub *e, const doc_node *n);

static void toc_walk(epub *e, toc_fn fn, void *ud)
{
    for (int i = 0; i < e->pr->ntoc; i++) {
        const present_toc *t = &e->pr->toc[i];
        const char *file = file_of(e, t->target);
        const char *href = t->level <= 1 ? file : arena_printf(e->a, "%s#%s", file, t->target->id);
        fn(e, ud, t->depth, href, t->text);
    }
}

/* ---- print page markers of the front matter (see the top of the file) ---- */

static const char title_file[] = "title.xhtml";
static const char copyright_file[] = "copyright.xhtml";
static const char nav_file[] = "nav.xhtml";

/* The markers of the pages placed in file (in nav.xhtml: at slot), in page order, each
 * followed by after. */
static void put_front_markers(epub *e, buf *o, const char *file, int slot, const char *after)
{
    for (int p = 0; e->page_file && p < e->map->npages; p++) {
        if (!e->page_file[p] || strcmp(e->page_file[p], file) != 0)
            continue;
        if (file == nav_file && e->nav_slot[p] != slot)
            continue;
        xhtml_page_marker(o, e->map->pages[p].label);
        buf_puts(o, after);
    }
}

/* Where each page's marker goes: the title, copyright and contents pages in the EPUB's own
 * title, copyright and nav documents (a later contents page before the entry it begins with),
 * a page of the chapters before the word its first line begins with. A page with no place of
 * its own (the half-title, blank pages, a page of footnotes only) goes with the next page that
 * has one, or after the last, at the end of the last chapter; so does a page that begins
 * before an earlier page's marker (with a figure moved on from an earlier page). */
void epub_plan_pages(epub *e)
{
    const pagemap *m = e->map;
    int np = m->npages, from = 0, first_toc = 1, slot = 0;
    e->page_file = ARENA_NEWN(e->a, const char *, (size_t)np + 1);
    e->nav_slot = ARENA_NEWN(e->a, int, (size_t)np + 1);
    e->marks = ARENA_NEWN(e->a, xhtml_mark *, (size_t)e->nchapters + 1);
    e->nmarks = ARENA_NEWN(e->a, int, (size_t)e->nchapters + 1);
    for (int k = 0; k < e->nchapters; k++)
        e->marks[k] = ARENA_NEWN(e->a, xhtml_mark, (size_t)np + 1);
    for (int p = 0; p <= np; p++) {
        const pagemap_page *mp = p < np ? &m->pages[p] : NULL;
        const char *file = NULL;
        int chapter = -1;
        const doc_node *node = NULL;
        size_t off = PAGEMAP_BEFORE;
        if (p == np) { /* after the last page (mp is NULL) */
            if (e->nchapters == 0)
                break;
            chapter = e->nchapters - 1; /* what is left: the end of the last chapter */
        } else if (mp->role == BOOK_PAGE_TITLE) {
            file = title_file;
        } else if (mp->role == BOOK_PAGE_COPYRIGHT) {
            file = copyright_file;
        } else if (mp->role == BOOK_PAGE_CONTENTS) {
            file = nav_file;
            for (int i = 0; !first_toc && mp->node && i < e->pr->ntoc; i++)
                if (e->pr->toc[i].target == mp->node)
                    slot = i + 1;
            first_toc = 0;
        } else if (mp->role == BOOK_PAGE_BODY && mp->node) {
            const doc_node *ch = doc_chapter_of(mp->node);
            for (int k = 0; k < e->nchapters && chapter < 0; k++)
                if (e->chapters[k] == ch)
                    chapter = k;
            node = mp->node;
            off = mp->off;
        }
        if (chapter >= 0 && mp) {
            /* a page that begins before an earlier page's marker (a figure moved on from an
               earlier page is printed first) has no place of its own */
            int n = e->nmarks[chapter];
            const xhtml_mark *last = n ? &e->marks[chapter][n - 1] : NULL;
            if (last && (!last->node || pagemap_before(node, off, last->node, last->off)))
                chapter = -1;
        }
        if (!file && chapter < 0)
            continue;
        if (chapter >= 0)
            file = e->chfiles[chapter];
        for (int q = from; q <= p && q < np; q++) {
            e->page_file[q] = file;
            e->nav_slot[q] = slot;
            if (chapter >= 0)
                e->marks[chapter][e->nmarks[chapter]++] =
                    (xhtml_mark){node, off, m->pages[q].label};
        }
        from = p + 1;
    }
}

/* nav.xhtml: nested <ol>s; a skipped level is entered one step at a time. */
typedef struct nav_state {
    buf *o;
    int depth; /* open list depth: 0 before the first entry */
    int index; /* entries written so far */
} nav_state;

static void nav_entry(epub *e, void *ud, int depth, const char *href, const char *text)
{
    nav_state *s = ud;
    buf *o = s->o;
    int lv = depth > s->depth + 1 ? s->depth + 1 : depth;
    if (lv > s->depth) {
        buf_puts(o, "\n<ol>\n");
        s->depth = lv;
    } else {
        buf_puts(o, "</li>\n");
        for (; s->depth > lv; s->depth--)
            buf_puts(o, "</ol>\n</li>\n");
    }
    buf_puts(o, "<li><a href=\"");
    xhtml_url(o, href);
    buf_puts(o, "\">");
    put_front_markers(e, o, nav_file, ++s->index, "");
    xhtml_escape_str(o, text);
    buf_puts(o, "</a>");
}

static void put_landmark(buf *o, const char *type, const char *href, const char *text)
{
    buf_printf(o, "<li><a epub:type=\"%s\" href=\"", type);
    xhtml_url(o, href);
    buf_puts(o, "\">");
    xhtml_escape_str(o, text);
    buf_puts(o, "</a></li>\n");
}

/* The chapter file holding node n. */
static const char *file_of(const epub *e, const doc_node *n)
{
    const doc_node *ch = doc_chapter_of(n);
    for (int k = 0; k < e->nchapters; k++)
        if (e->chapters[k] == ch)
            return e->chfiles[k];
    return e->nchapters ? e->chfiles[0] : "nav.xhtml";
}

/* A list of figures or tables (lof: true, lot: true), as the PDF prints it after the contents. */
static void put_list_nav(epub *e, buf *o, const char *type, const char *title,
                         const present_toc *list, int n)
{
    if (n == 0)
        return;
    buf_printf(o, "<nav epub:type=\"%s\" id=\"%s\">\n<h2>", type, type);
    xhtml_escape_str(o, title);
    buf_puts(o, "</h2>\n<ol>\n");
    for (int i = 0; i < n; i++) {
        buf_puts(o, "<li><a href=\"");
        xhtml_url(o, file_of(e, list[i].target));
        if (list[i].target->id) {
            buf_putc(o, '#');
            xhtml_url(o, list[i].target->id);
        }
        buf_puts(o, "\">");
        xhtml_escape_str(o, list[i].text);
        buf_puts(o, "</a></li>\n");
    }
    buf_puts(o, "</ol>\n</nav>\n");
}

void epub_make_nav(epub *e, buf *o)
{
    const char *const *w = e->pr->words;
    xhtml_begin(o, e->lang, e->cfg->rtl, w[PW_CONTENTS], "style.css", "frontmatter");
    put_front_markers(e, o, nav_file, 0, "\n");
    buf_puts(o, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n<h1>");
    xhtml_escape_str(o, w[PW_CONTENTS]);
    buf_puts(o, "</h1>");
    nav_state s = {o, 0, 0};
    toc_walk(e, nav_entry, &s);
    if (s.depth == 0) {
        buf_puts(o, "\n<ol>\n<li><a href=\"title.xhtml\">");
        xhtml_escape_str(o, e->title);
        buf_puts(o, "</a></li>\n</ol>\n");
    } else {
        buf_puts(o, "</li>\n");
        for (; s.depth > 1; s.depth--)
            buf_puts(o, "</ol>\n</li>\n");
        buf_puts(o, "</ol>\n");
    }
    buf_puts(o, "</nav>\n");

    if (e->cfg->lof)
        put_list_nav(e, o, "lof", w[PW_LIST_FIGURES], e->pr->figures, e->pr->nfigures);
    if (e->cfg->lot)
        put_list_nav(e, o, "lot", w[PW_LIST_TABLES], e->pr->tables, e->pr->ntables);
    buf_puts(o, "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>");
    xhtml_escape_str(o, w[PW_LANDMARKS]);
    buf_puts(o, "</h2>\n<ol>\n");
    if (e->cover_href)
        put_landmark(o, "cover", "cover.xhtml", w[PW_COVER]);
    put_landmark(o, "titlepage", "title.xhtml", w[PW_TITLE_PAGE]);
    put_landmark(o, "copyright-page", "copyright.xhtml", w[PW_COPYRIGHT]);
    put_landmark(o, "toc", "nav.xhtml#toc", w[PW_CONTENTS]);
    if (e->nchapters)
        put_landmark(o, "bodymatter", e->chfiles[0], w[PW_START]);
    buf_puts(o, "</ol>\n</nav>\n");

    xhtml_end(o);
}

void epub_make_page_list(epub *e, buf *o)
{
    /* inserted before </body> of nav.xhtml by the caller */
    if (!e->has_page_list || !e->page_file)
        return;
    buf_puts(o, "<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" "
                "hidden=\"hidden\">\n<h2>");
    xhtml_escape_str(o, e->pr->words[PW_PAGES]);
    buf_puts(o, "</h2>\n<ol>\n");
    for (int p = 0; p < e->map->npages; p++) {
        if (!e->page_file[p])
            continue;
        const char *label = e->map->pages[p].label;
        buf_puts(o, "<li><a href=\"");
        xhtml_url(o, e->page_file[p]);
        buf_puts(o, "#page_");
        xhtml_url(o, label);
        buf_puts(o, "\">");
        xhtml_escape_str(o, label);
        buf_puts(o, "</a></li>\n");
    }
    buf_puts(o, "</ol>\n</nav>\n");
}

/* toc.ncx for EPUB 2 readers. */
typedef struct ncx_state {
    buf *o;
    int depth, order, maxdepth;
    int points;       /* navPoints so far (their ids) */
    const char *last; /* the previous entry's href: a part and its first chapter share one, and
                         so their playOrder */
} ncx_state;

static void ncx_entry(epub *e, void *ud, int depth, const char *href, const char *text)
{
    ncx_state *s = ud;
    buf *o = s->o;
    int lv = depth > s->depth + 1 ? s->depth + 1 : depth;
    for (; s->depth >= lv; s->depth--)
        buf_puts(o, "</navPoint>\n");
    s->depth = lv;
    if (lv > s->maxdepth)
        s->maxdepth = lv;
    if (!s->last || strcmp(s->last, href) != 0)
        s->order++;
    s->last = href;
    s->points++;
    buf_printf(o, "<navPoint id=\"np%d\" playOrder=\"%d\"><navLabel><text>", s->points, s->order);
    xhtml_escape_str(o, text);
    buf_puts(o, "</text></navLabel><content src=\"");
    xhtml_url(o, href);
    buf_puts(o, "\"/>\n");
}

void epub_make_ncx(epub *e, buf *o)
{
    buf body = BUF_INIT;
    ncx_state s = {&body, 0, 0, 1, 0, NULL};
    toc_walk(e, ncx_entry, &s);
    if (s.order == 0) {
        buf_puts(&body, "<navPoint id=\"np1\" playOrder=\"1\"><navLabel><text>");
        xhtml_escape_str(&body, e->title);
        buf_puts(&body, "</text></navLabel><content src=\"title.xhtml\"/>\n");
        s.depth = 1;
    }
    for (; s.depth > 0; s.depth--)
        buf_puts(&body, "</navPoint>\n");

    buf_puts(o,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"");
    xhtml_escape_str(o, e->lang);
    buf_puts(o, "\">\n<head>\n<meta name=\"dtb:uid\" content=\"");
    xhtml_escape_str(o, e->identifier);
    buf_printf(o,
               "\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
               "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
               "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n"
               "<docTitle><text>",
               s.maxdepth);
    xhtml_escape_str(o, e->title);
    buf_puts(o, "</text></docTitle>\n<navMap>\n");
    buf_put(o, body.data, body.len);
    buf_puts(o, "</navMap>\n</ncx>\n");
    buf_free(&body);
}

void epub_make_cover(epub *e, buf *o, const char *href)
{
    xhtml_begin(o, e->lang, e->cfg->rtl, e->pr->words[PW_COVER], "style.css", NULL);
    buf_puts(o, "<section class=\"cover\">\n<img role=\"doc-cover\" src=\"");
    xhtml_url(o, href);
    buf_puts(o, "\" alt=\"");
    xhtml_escape_str(o, present_fill(e->pr, PW_COVER_OF, e->title, NULL));
    buf_puts(o, "\"/>\n</section>\n");
    xhtml_end(o);
}

void epub_make_titlepage(epub *e, buf *o)
{
    const config *c = e->cfg;
    xhtml_begin(o, e->lang, e->cfg->rtl, e->title, "style.css", "frontmatter");
    put_front_markers(e, o, title_file, 0, "\n");
    buf_puts(o, "<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1 class=\"title\">");
    xhtml_escape_lang(o, e->lang, e->title, strlen(e->title));
    buf_puts(o, "</h1>\n");
    if (epub_has_text(c->subtitle)) {
        buf_puts(o, "<p class=\"subtitle\">");
        xhtml_escape_lang(o, e->lang, c->subtitle, strlen(c->subtitle));
        buf_puts(o, "</p>\n");
    }
    if (e->pr->authors) { /* the authors in one phrase, as on the PDF's title page */
        buf_puts(o, "<p class=\"author\">");
        xhtml_escape_lang(o, e->lang, e->pr->authors, strlen(e->pr->authors));
        buf_puts(o, "</p>\n");
    }
    if (epub_has_text(c->publisher)) {
        buf_puts(o, "<p class=\"publisher\">");
        xhtml_escape_lang(o, e->lang, c->publisher, strlen(c->publisher));
        buf_puts(o, "</p>\n");
    }
    buf_puts(o, "</section>\n");
    xhtml_end(o);
}

/* The copyright page: the presentation's lines (the PDF prints the same), the first in bold. */
void epub_make_copyright(epub *e, buf *o)
{
    xhtml_begin(o, e->lang, e->cfg->rtl, e->pr->words[PW_COPYRIGHT], "style.css", "frontmatter");
    put_front_markers(e, o, copyright_file, 0, "\n");
    buf_puts(o, "<section class=\"copyright\" epub:type=\"copyright-page\">\n");
    for (int i = 0; i < e->pr->ncopyright; i++) {
        const present_line *l = &e->pr->copyright[i];
        buf_printf(o, "<p class=\"%s%s\">", l->kind, l->space_before ? " space-before" : "");
        if (i == 0)
            buf_puts(o, "<strong>");
        xhtml_escape_lang(o, e->lang, l->text, strlen(l->text));
        if (i == 0)
            buf_puts(o, "</strong>");
        buf_puts(o, "</p>\n");
    }
    buf_puts(o, "</section>\n");
    xhtml_end(o);
}
