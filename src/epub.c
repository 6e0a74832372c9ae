/* epub.c: EPUB 3 packaging (the only libzip user). Builds every file of the publication in
 * memory -- the package document, nav.xhtml, toc.ncx, the stylesheet, the cover, title and
 * copyright pages, one XHTML file per chapter (xhtml.c), the images -- then zips them in a fixed
 * order: `mimetype` first and stored, the rest deflated, every entry stamped with the book's
 * modification time in UTC, so the same book always gives the same bytes.
 *
 * Layout inside the zip:
 *   mimetype, META-INF/container.xml,
 *   EPUB/package.opf, EPUB/nav.xhtml, EPUB/toc.ncx, EPUB/style.css,
 *   EPUB/cover.xhtml (with a cover), EPUB/title.xhtml, EPUB/copyright.xhtml,
 *   EPUB/chapter-01.xhtml ..., EPUB/images/..., EPUB/fonts/... (with epub-fonts: embed)
 *
 * Print page-list: with the PDF of the same run, every PDF page gets a marker labelled with its
 * page label, where layout recorded that the page begins (pagemap.h). Chapter pages are marked
 * by xhtml.c at the (node, offset) planned here; the front matter's by this file, in the
 * EPUB's own counterparts: the title page's in title.xhtml, the copyright page's in
 * copyright.xhtml, the contents' in nav.xhtml (a later contents page before the entry it begins
 * with). A page with no place of its own (half-title, blank pages) goes with the next page
 * that has one. The words the package files show come from the presentation (present.h); the
 * embedded fonts from epub_fonts.c. */
#include "output.h"
#include "memo.h"
#include "sink.h"
#include "epub_css.h"
#include "epub_fonts.h"
#include "font.h"
#include "utf8.h"
#include "xhtml.h"

#include <errno.h>
#include <stdlib.h>

#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#define EPUB_DIR "EPUB/"

/* Deflate level for everything but mimetype and images: zlib's default, 6. Level 9 took three
 * times as long on an 8.8 MB test book (1.6 s against 0.57 s) for a file 5% smaller. */
#define EPUB_DEFLATE_LEVEL 6

typedef struct entry {
    const char *name; /* path inside the zip */
    const void *data;
    size_t len;
    int store; /* 1: no compression (mimetype, and images already compressed) */
} entry;

typedef struct epub {
    const book *b;
    arena *a;
    const config *cfg;
    const char *lang, *title, *identifier;
    entry *entries;
    int nentries, capentries;
    const doc_node **chapters;
    const char **chfiles; /* "chapter-01.xhtml", relative to EPUB/ */
    int nchapters;
    const char **imgfiles; /* parallel to b->images: "images/x.png", relative to EPUB/ */
    const present *pr;
    /* with the PDF's pages (b->pages): the document holding each page's marker
     * ("title.xhtml", a chapter file...), or NULL for a page not marked */
    const pagemap *map;
    const char **page_file;
    int *nav_slot;      /* for a marker in nav.xhtml, 0: before the contents; k > 0: inside the
                           k-th contents entry */
    xhtml_mark **marks; /* per chapter: the markers of the pages that begin in it */
    int *nmarks;
    epub_fonts *fonts;      /* with epub-fonts: embed, the faces embedded; else NULL */
    int has_page_list;      /* some page marker was emitted */
    const char *cover_href; /* the cover image's file, or NULL */
} epub;

/* ---- small helpers ---- */

static void add_entry(epub *e, const char *name, const void *data, size_t len, int store)
{
    if (e->nentries == e->capentries) {
        int cap = e->capentries ? e->capentries * 2 : 32;
        e->entries = arena_realloc(e->a, e->entries, sizeof(entry) * (size_t)e->capentries,
                                   sizeof(entry) * (size_t)cap);
        e->capentries = cap;
    }
    e->entries[e->nentries++] = (entry){name, data, len, store};
}

/* Moves a finished buffer into the arena as an entry to add later (the buffer is emptied). */
static entry take_buf(epub *e, const char *name, buf *b)
{
    char *copy = arena_alloc(e->a, b->len + 1);
    if (b->len)
        memcpy(copy, b->data, b->len);
    entry en = {name, copy, b->len, 0};
    buf_clear(b);
    return en;
}

/* Moves a finished buffer into the arena as an entry. */
static void add_buf(epub *e, const char *name, buf *b)
{
    entry en = take_buf(e, name, b);
    add_entry(e, en.name, en.data, en.len, 0);
}

static const char *chapter_file_cb(void *ud, const doc_node *ch)
{
    epub *e = ud;
    for (int i = 0; i < e->nchapters; i++)
        if (e->chapters[i] == ch)
            return e->chfiles[i];
    return e->nchapters ? e->chfiles[0] : "nav.xhtml"; /* not a chapter of this book */
}

static int image_size_cb(void *ud, const char *path, unsigned *w, unsigned *h)
{
    epub *e = ud;
    for (int i = 0; i < e->b->nimages; i++)
        if (e->b->images[i] && strcmp(e->b->images[i]->path, path) == 0) {
            *w = e->b->images[i]->width;
            *h = e->b->images[i]->height;
            return 1;
        }
    return 0;
}

static const char *image_href_cb(void *ud, const char *path)
{
    epub *e = ud;
    for (int i = 0; i < e->b->nimages; i++)
        if (e->b->images[i] && strcmp(e->b->images[i]->path, path) == 0)
            return e->imgfiles[i];
    return NULL;
}

/* A language tag safe for lang/xml:lang/dc:language: letters, digits and '-' in subtags of 1 to
 * 8 characters, starting with a letter subtag; anything else falls back to "en". */
static const char *safe_lang(const char *lang)
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
static int has_text(const char *s)
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
static const char *fallback_identifier(arena *a, const char *title)
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

/* The zip path of an image under images/: the project-relative path with a leading "images/"
 * dropped, every byte outside [A-Za-z0-9._-/] replaced by '_', the extension made to match
 * the format, and a "-2", "-3"... suffix when the name (ignoring case) is already taken. */
static const char *image_file(epub *e, const image_info *img, int index)
{
    const char *p = img->path ? img->path : "image";
    if (strncmp(p, "images/", 7) == 0)
        p += 7;
    buf b = BUF_INIT;
    for (; *p; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '_' || c == '-' || c == '/';
        if (c == '/' && (b.len == 0 || b.data[b.len - 1] == '/'))
            continue;
        buf_putc(&b, ok ? c : '_');
    }
    if (b.len == 0)
        buf_puts(&b, "image");
    /* cut the extension; components never start with '.' after this */
    char *base = arena_strdup(e->a, buf_cstr(&b));
    buf_free(&b);
    char *slash = strrchr(base, '/');
    char *dot = strrchr(slash ? slash + 1 : base, '.');
    const char *ext = img->ext ? img->ext : img->format == IMAGE_PNG ? ".png" : ".jpg";
    if (dot && img->format == IMAGE_JPEG && strcasecmp(dot, ".jpeg") == 0)
        ext = ".jpeg";
    if (dot && dot != (slash ? slash + 1 : base))
        *dot = 0;
    for (char *q = base; *q; q++)
        if (*q == '.' && (q == base || q[-1] == '/'))
            *q = '_';
    for (int n = 1;; n++) {
        const char *name = n == 1 ? arena_printf(e->a, "images/%s%s", base, ext)
                                  : arena_printf(e->a, "images/%s-%d%s", base, n, ext);
        int taken = 0;
        for (int i = 0; i < index && !taken; i++)
            taken = e->imgfiles[i] && strcasecmp(e->imgfiles[i], name) == 0;
        if (!taken)
            return name;
    }
}

/* ---- package files ---- */

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "  <rootfiles>\n"
    "    <rootfile full-path=\"" EPUB_DIR "package.opf\" "
    "media-type=\"application/oebps-package+xml\"/>\n"
    "  </rootfiles>\n"
    "</container>\n";

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
    if (!has_text(value))
        return;
    buf_printf(o, "    <dc:%s>", name);
    xhtml_escape_str(o, value);
    buf_printf(o, "</dc:%s>\n", name);
}

static void make_opf(epub *e, buf *o)
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
    if (has_text(c->subtitle)) {
        buf_puts(o, "    <meta refines=\"#title\" property=\"title-type\">main</meta>\n"
                    "    <dc:title id=\"subtitle\">");
        xhtml_escape_lang(o, e->lang, c->subtitle, strlen(c->subtitle));
        buf_puts(o, "</dc:title>\n"
                    "    <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
    }
    for (int i = 0; i < c->nauthors; i++) {
        if (!has_text(c->authors[i]))
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
        const char *by = has_text(c->publisher) ? c->publisher : "hanji";
        for (int i = c->nauthors - 1; i >= 0 && !has_text(c->publisher); i--)
            if (has_text(c->authors[i]))
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
static void plan_pages(epub *e)
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
        if (!mp) {
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

static void make_nav(epub *e, buf *o)
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

static void make_page_list(epub *e, buf *o)
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

static void make_ncx(epub *e, buf *o)
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

static void make_cover(epub *e, buf *o, const char *href)
{
    xhtml_begin(o, e->lang, e->cfg->rtl, e->pr->words[PW_COVER], "style.css", NULL);
    buf_puts(o, "<section class=\"cover\">\n<img role=\"doc-cover\" src=\"");
    xhtml_url(o, href);
    buf_puts(o, "\" alt=\"");
    xhtml_escape_str(o, present_fill(e->pr, PW_COVER_OF, e->title, NULL));
    buf_puts(o, "\"/>\n</section>\n");
    xhtml_end(o);
}

static void make_titlepage(epub *e, buf *o)
{
    const config *c = e->cfg;
    xhtml_begin(o, e->lang, e->cfg->rtl, e->title, "style.css", "frontmatter");
    put_front_markers(e, o, title_file, 0, "\n");
    buf_puts(o, "<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1 class=\"title\">");
    xhtml_escape_lang(o, e->lang, e->title, strlen(e->title));
    buf_puts(o, "</h1>\n");
    if (has_text(c->subtitle)) {
        buf_puts(o, "<p class=\"subtitle\">");
        xhtml_escape_lang(o, e->lang, c->subtitle, strlen(c->subtitle));
        buf_puts(o, "</p>\n");
    }
    if (e->pr->authors) { /* the authors in one phrase, as on the PDF's title page */
        buf_puts(o, "<p class=\"author\">");
        xhtml_escape_lang(o, e->lang, e->pr->authors, strlen(e->pr->authors));
        buf_puts(o, "</p>\n");
    }
    if (has_text(c->publisher)) {
        buf_puts(o, "<p class=\"publisher\">");
        xhtml_escape_lang(o, e->lang, c->publisher, strlen(c->publisher));
        buf_puts(o, "</p>\n");
    }
    buf_puts(o, "</section>\n");
    xhtml_end(o);
}

/* The copyright page: the presentation's lines (the PDF prints the same), the first in bold. */
static void make_copyright(epub *e, buf *o)
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

/* ---- zip ---- */

/* DOS date and time of t in UTC (DOS timestamps have no zone; UTC keeps builds reproducible
 * across machines). Times before 1980 are clamped to 1980-01-01 00:00:00. */
static void dos_time(long long t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    const long long min = 315532800; /* 1980-01-01T00:00:00Z */
    time_t tt = (time_t)(t < min ? min : t);
    struct tm tm;
    gmtime_r(&tt, &tm);
    if (tm.tm_year > 2107 - 1900) {
        tm.tm_year = 2107 - 1900;
    }
    *dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
    *ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

static int zip_fail(const book *b, const char *what, const char *msg)
{
    diag_report(b->diag, D_SYS_LIB, NULL, 0, 0,
                arena_printf(b->arena, "EPUB: %s: %s", what, msg ? msg : "unknown error"));
    return -1;
}

/* In a watch session: a source for entry en copied, still compressed, from prev (the EPUB the
 * previous build wrote) when prev holds the same bytes under the same name; else NULL. The
 * bytes are compared in full (prev's copy inflated), so a copy is always exact; deflate gives
 * the same bytes for the same input, so the result is the EPUB a fresh build makes. */
static zip_source_t *unchanged_entry(zip_t *za, zip_t *prev, const entry *en, buf *tmp)
{
    zip_int64_t pi = zip_name_locate(prev, en->name, ZIP_FL_ENC_GUESS);
    zip_stat_t st;
    if (pi < 0 || zip_stat_index(prev, (zip_uint64_t)pi, 0, &st) < 0 ||
        !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_METHOD) || st.size != en->len ||
        st.comp_method != ZIP_CM_DEFLATE)
        return NULL;
    zip_file_t *f = zip_fopen_index(prev, (zip_uint64_t)pi, 0);
    if (!f)
        return NULL;
    buf_clear(tmp);
    buf_reserve(tmp, en->len);
    zip_int64_t got = zip_fread(f, tmp->data, en->len);
    zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != en->len || memcmp(tmp->data, en->data, en->len) != 0)
        return NULL;
    return zip_source_zip(za, prev, (zip_uint64_t)pi, ZIP_FL_COMPRESSED, 0, -1);
}

/* The zip as libzip writes it: into an anonymous temporary file (a book's images need not be
 * held in memory twice, issue 16), or into memory when none can be made or written (a full
 * disk, ulimit -f: what was written moves to memory and writing goes on there, so the EPUB is
 * made and the failure shows when it is staged, with its name). libzip writes each entry's
 * header again once the entry's size is known: writes go to any position. */
typedef struct zout {
    int fd; /* -1: in memory */
    buf mem;
    zip_uint64_t size, rpos, wpos;
    zip_error_t err;
} zout;

static void zout_to_memory(zout *z)
{
    buf_reserve(&z->mem, (size_t)z->size);
    zip_uint64_t off = 0;
    while (off < z->size) {
        ssize_t r = pread(z->fd, z->mem.data + off, (size_t)(z->size - off), (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        off += (zip_uint64_t)r;
    }
    z->mem.len = (size_t)z->size;
    close(z->fd);
    z->fd = -1;
}

static int zout_pwrite(zout *z, const void *p, zip_uint64_t n, zip_uint64_t at)
{
    if (z->fd >= 0 && sink_pwrite(z->fd, p, (size_t)n, (off_t)at) < 0)
        zout_to_memory(z);
    if (z->fd < 0) {
        if (at + n > z->mem.len) {
            buf_reserve(&z->mem, (size_t)(at + n - z->mem.len));
            memset(z->mem.data + z->mem.len, 0, (size_t)(at + n - z->mem.len));
            z->mem.len = (size_t)(at + n);
        }
        memcpy(z->mem.data + at, p, (size_t)n);
    }
    if (at + n > z->size)
        z->size = at + n;
    return 0;
}

static zip_int64_t zout_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    zout *z = ud;
    zip_int64_t at;
    switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_WRITABLE;
    case ZIP_SOURCE_STAT: {
        if (len < sizeof(zip_stat_t))
            return -1;
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->size = z->size;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_OPEN:
        z->rpos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        zip_uint64_t n = len < z->size - z->rpos ? len : z->size - z->rpos;
        if (z->fd < 0) {
            memcpy(data, z->mem.data + z->rpos, (size_t)n);
        } else {
            zip_uint64_t got = 0;
            while (got < n) {
                ssize_t r =
                    pread(z->fd, (char *)data + got, (size_t)(n - got), (off_t)(z->rpos + got));
                if (r < 0 && errno == EINTR)
                    continue;
                if (r <= 0) {
                    zip_error_set(&z->err, ZIP_ER_READ, errno);
                    return -1;
                }
                got += (zip_uint64_t)r;
            }
        }
        z->rpos += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_SEEK:
        at = zip_source_seek_compute_offset(z->rpos, z->size, data, len, &z->err);
        if (at < 0)
            return -1;
        z->rpos = (zip_uint64_t)at;
        return 0;
    case ZIP_SOURCE_TELL:
        return (zip_int64_t)z->rpos;
    case ZIP_SOURCE_BEGIN_WRITE:
    case ZIP_SOURCE_REMOVE:
        z->size = z->wpos = 0;
        z->mem.len = 0;
        if (z->fd >= 0 && ftruncate(z->fd, 0) < 0)
            zout_to_memory(z);
        return 0;
    case ZIP_SOURCE_WRITE:
        zout_pwrite(z, data, len, z->wpos);
        z->wpos += len;
        return (zip_int64_t)len;
    case ZIP_SOURCE_SEEK_WRITE:
        at = zip_source_seek_compute_offset(z->wpos, z->size, data, len, &z->err);
        if (at < 0)
            return -1;
        z->wpos = (zip_uint64_t)at;
        return 0;
    case ZIP_SOURCE_TELL_WRITE:
        return (zip_int64_t)z->wpos;
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&z->err, data, len);
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_COMMIT_WRITE:
    case ZIP_SOURCE_ROLLBACK_WRITE:
    case ZIP_SOURCE_FREE:
        return 0;
    default:
        zip_error_set(&z->err, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

static int write_zip(epub *e, sink *out)
{
    const book *b = e->b;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_uint16_t dtime, ddate;
    dos_time(b->modified, &dtime, &ddate);
    int rc = -1;
    zip_t *za = NULL, *prev = NULL;
    buf tmp = BUF_INIT;
    zout zo;
    memset(&zo, 0, sizeof zo);
    zo.fd = sink_tmpfd();
    zip_error_init(&zo.err);
    zip_source_t *src = zip_source_function_create(zout_cb, &zo, &ze);
    if (!src) {
        zip_fail(b, "cannot create zip buffer", zip_error_strerror(&ze));
        goto done;
    }
    za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za) {
        zip_fail(b, "cannot open zip buffer", zip_error_strerror(&ze));
        zip_source_free(src);
        src = NULL;
        goto done;
    }
    zip_source_keep(src);
    size_t plen = 0;
    const void *pdata = memo_get(b->memo, MEMO_LAST_EPUB, NULL, 0, &plen);
    if (pdata && plen) {
        zip_source_t *ps = zip_source_buffer_create(pdata, plen, 0, &ze);
        prev = ps ? zip_open_from_source(ps, ZIP_RDONLY, &ze) : NULL;
        if (ps && !prev)
            zip_source_free(ps);
    }
    for (int i = 0; i < e->nentries; i++) {
        const entry *en = &e->entries[i];
        zip_source_t *s = prev && !en->store ? unchanged_entry(za, prev, en, &tmp) : NULL;
        if (!s)
            s = zip_source_buffer(za, en->data, en->len, 0);
        if (!s) {
            zip_fail(b, en->name, zip_strerror(za));
            goto discard;
        }
        zip_int64_t idx = zip_file_add(za, en->name, s, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(s);
            zip_fail(b, en->name, zip_strerror(za));
            goto discard;
        }
        zip_uint64_t u = (zip_uint64_t)idx;
        if (zip_set_file_compression(za, u, en->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                     en->store ? 0 : EPUB_DEFLATE_LEVEL) < 0 ||
            zip_file_set_dostime(za, u, dtime, ddate, 0) < 0 ||
            zip_file_set_external_attributes(za, u, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0) {
            zip_fail(b, en->name, zip_strerror(za));
            goto discard;
        }
    }
    if (zip_close(za) < 0) {
        zip_fail(b, "cannot finish zip", zip_strerror(za));
        goto discard;
    }
    za = NULL;

    zip_stat_t st;
    if (zip_source_open(src) < 0) {
        zip_fail(b, "cannot read zip buffer", zip_error_strerror(zip_source_error(src)));
        goto done;
    }
    if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE)) {
        zip_fail(b, "cannot read zip buffer", zip_error_strerror(zip_source_error(src)));
        zip_source_close(src);
        goto done;
    }
    /* the zip is read out in pieces into the sink (a temporary file for a large book), and
       kept whole only for a watch session's next build */
    buf keep = BUF_INIT;
    int keeping = memo_keeps(b->memo);
    zip_uint64_t left = st.size;
    buf_reserve(&tmp, 1 << 16);
    while (left > 0) {
        zip_uint64_t want = left < (1 << 16) ? left : (1 << 16);
        zip_int64_t got = zip_source_read(src, tmp.data, want);
        if (got <= 0)
            break;
        sink_put(out, tmp.data, (size_t)got);
        if (keeping)
            buf_put(&keep, tmp.data, (size_t)got);
        left -= (zip_uint64_t)got;
    }
    zip_source_close(src);
    if (left > 0) {
        buf_free(&keep);
        zip_fail(b, "cannot read zip buffer", "short read");
        goto done;
    }
    sink_flush(out);
    if (keeping)
        memo_put(b->memo, MEMO_LAST_EPUB, NULL, 0, keep.data ? keep.data : "", keep.len);
    buf_free(&keep);
    rc = 0;
    goto done;
discard:
    if (za)
        zip_discard(za);
done:
    if (prev)
        zip_discard(prev); /* after za: its copied entries read from prev */
    buf_free(&tmp);
    if (src)
        zip_source_free(src);
    if (zo.fd >= 0)
        close(zo.fd);
    buf_free(&zo.mem);
    zip_error_fini(&zo.err);
    zip_error_fini(&ze);
    return rc;
}

/* ---- entry point ---- */

/* What every file of the EPUB needs to know: the book's language and title, the chapters and
 * their files, the images' files. */
static epub epub_begin(const book *b)
{
    const config *cfg = b->cfg;
    epub e = {0};
    e.b = b;
    e.a = b->arena;
    e.cfg = cfg;
    e.lang = safe_lang(cfg->lang);
    e.pr = b->present;
    e.title = e.pr->title;
    e.identifier = has_text(cfg->identifier) ? cfg->identifier : fallback_identifier(e.a, e.title);

    /* chapters and their files */
    for (const doc_node *c = b->doc ? b->doc->first : NULL; c; c = c->next)
        if (c->kind == DOC_CHAPTER)
            e.nchapters++;
    e.chapters = ARENA_NEWN(e.a, const doc_node *, (size_t)e.nchapters + 1);
    e.chfiles = ARENA_NEWN(e.a, const char *, (size_t)e.nchapters + 1);
    int k = 0;
    for (const doc_node *c = b->doc ? b->doc->first : NULL; c; c = c->next) {
        if (c->kind != DOC_CHAPTER)
            continue;
        e.chapters[k] = c;
        e.chfiles[k] = arena_printf(e.a, "chapter-%02d.xhtml", k + 1);
        k++;
    }
    e.imgfiles = ARENA_NEWN(e.a, const char *, (size_t)b->nimages + 1);
    for (int i = 0; i < b->nimages; i++) {
        if (b->images[i])
            e.imgfiles[i] = image_file(&e, b->images[i], i);
        if (b->cover && b->images[i] == b->cover)
            e.cover_href = e.imgfiles[i];
    }
    return e;
}

/* The options for the chapters' XHTML, without a page-list. */
static xhtml_opts chapter_opts(epub *e)
{
    xhtml_opts o = {0};
    o.present = e->pr;
    o.lang = e->lang;
    o.rtl = e->cfg->rtl;
    o.css_href = "style.css";
    o.chapter_file = chapter_file_cb;
    o.image_href = image_href_cb;
    o.image_size = image_size_cb;
    o.ud = e;
    return o;
}

void epub_dump_xhtml(const book *b, buf *out)
{
    epub e = epub_begin(b);
    xhtml_opts o = chapter_opts(&e);
    for (int i = 0; i < e.nchapters; i++) {
        buf_printf(out, "=== %s\n", e.chfiles[i]);
        xhtml_chapter(e.a, &o, e.chapters[i], out);
    }
}

int epub_write(const book *b, buf *out)
{
    sink s;
    sink_init(&s, 0);
    int rc = epub_write_sink(b, &s);
    sink_take(&s, out);
    return rc;
}

int epub_write_sink(const book *b, sink *out)
{
    const config *cfg = b->cfg;
    epub e = epub_begin(b);
    if (b->pages && b->pages->npages > 0) {
        e.map = b->pages;
        plan_pages(&e);
    }

    static const char mimetype[] = "application/epub+zip";
    add_entry(&e, "mimetype", mimetype, sizeof mimetype - 1, 1);
    add_entry(&e, "META-INF/container.xml", container_xml, sizeof container_xml - 1, 0);

    buf x = BUF_INIT;
    xhtml_opts o = chapter_opts(&e);
    /* docs: the chapters, then nav, cover, title and copyright pages */
    entry *docs = ARENA_NEWN(e.a, entry, (size_t)e.nchapters + 4);
    for (int i = 0; i < e.nchapters; i++) {
        o.marks = e.marks ? e.marks[i] : NULL;
        o.nmarks = e.marks ? e.nmarks[i] : 0;
        xhtml_chapter(e.a, &o, e.chapters[i], &x);
        docs[i] = take_buf(&e, arena_printf(e.a, EPUB_DIR "%s", e.chfiles[i]), &x);
    }
    int ndocs = e.nchapters;

    for (int p = 0; e.page_file && p < e.map->npages; p++)
        e.has_page_list |= e.page_file[p] != NULL;
    make_nav(&e, &x);
    if (e.has_page_list) {
        /* the page-list goes before </body> */
        buf tail = BUF_INIT;
        const char *end = "</body>\n</html>\n";
        x.len -= strlen(end);
        make_page_list(&e, &tail);
        buf_put(&x, tail.data, tail.len);
        buf_puts(&x, end);
        buf_free(&tail);
    }
    entry *nav = &docs[ndocs++];
    *nav = take_buf(&e, EPUB_DIR "nav.xhtml", &x);
    entry *cover = NULL;
    if (e.cover_href) {
        make_cover(&e, &x, e.cover_href);
        cover = &docs[ndocs++];
        *cover = take_buf(&e, EPUB_DIR "cover.xhtml", &x);
    }
    make_titlepage(&e, &x);
    entry *title = &docs[ndocs++];
    *title = take_buf(&e, EPUB_DIR "title.xhtml", &x);
    make_copyright(&e, &x);
    entry *copyright = &docs[ndocs++];
    *copyright = take_buf(&e, EPUB_DIR "copyright.xhtml", &x);
    if (cfg->epub_fonts && b->fonts) {
        const char **texts = ARENA_NEWN(e.a, const char *, (size_t)ndocs + 1);
        size_t *lens = ARENA_NEWN(e.a, size_t, (size_t)ndocs + 1);
        for (int i = 0; i < ndocs; i++)
            texts[i] = docs[i].data, lens[i] = docs[i].len;
        e.fonts = epubfont_embed(b, e.a, texts, lens, ndocs);
    }

    make_opf(&e, &x);
    add_buf(&e, EPUB_DIR "package.opf", &x);
    add_entry(&e, nav->name, nav->data, nav->len, 0);
    make_ncx(&e, &x);
    add_buf(&e, EPUB_DIR "toc.ncx", &x);
    if (e.fonts)
        epubfont_css(e.fonts, &x);
    else
        buf_puts(&x, epub_default_css);
    if (b->style_css && b->style_css_len) {
        buf_puts(&x, "\n/* book/style.css */\n");
        buf_put(&x, b->style_css, b->style_css_len);
        if (b->style_css[b->style_css_len - 1] != '\n')
            buf_putc(&x, '\n');
    }
    add_buf(&e, EPUB_DIR "style.css", &x);
    if (cover)
        add_entry(&e, cover->name, cover->data, cover->len, 0);
    add_entry(&e, title->name, title->data, title->len, 0);
    add_entry(&e, copyright->name, copyright->data, copyright->len, 0);
    buf_free(&x);
    for (int i = 0; i < e.nchapters; i++)
        add_entry(&e, docs[i].name, docs[i].data, docs[i].len, 0);
    for (int i = 0; i < b->nimages; i++)
        if (b->images[i])
            add_entry(&e, arena_printf(e.a, EPUB_DIR "%s", e.imgfiles[i]),
                      b->images[i]->edata ? b->images[i]->edata : b->images[i]->data,
                      b->images[i]->edata ? b->images[i]->elen : b->images[i]->len,
                      b->images[i]->format != IMAGE_SVG); /* stored, but an SVG's text */
    for (int i = 0; e.fonts && i < e.fonts->nfiles; i++)
        add_entry(&e, arena_printf(e.a, EPUB_DIR "%s", e.fonts->files[i].file),
                  e.fonts->files[i].data.data, e.fonts->files[i].data.len, 0);
    int rc = write_zip(&e, out);
    for (int i = 0; e.fonts && i < e.fonts->nfiles; i++)
        buf_free(&e.fonts->files[i].data);
    return rc;
}
