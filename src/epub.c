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
 * The package files (package.opf, nav.xhtml, toc.ncx, the cover, title and copyright pages)
 * and the plan of the print page-list's markers come from epub_package.c (epub_int.h); the
 * chapters from xhtml.c; the embedded fonts from epub_fonts.c. This file names the entries
 * (chapters, images) and writes the zip. */
#include "epub_int.h"
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

/* Deflate level for everything but mimetype and images: zlib's default, 6. Level 9 took three
 * times as long on an 8.8 MB test book (1.6 s against 0.57 s) for a file 5% smaller. */
#define EPUB_DEFLATE_LEVEL 6

/* ---- small helpers ---- */

static void add_entry(epub *e, const char *name, const void *data, size_t len, int store)
{
    if (e->nentries == e->capentries) {
        int cap = e->capentries ? e->capentries * 2 : 32;
        e->entries = arena_realloc(e->a, e->entries, sizeof(entry) * (size_t)e->capentries,
                                   sizeof(entry) * (size_t)cap);
        e->capentries = cap;
    }
    e->entries[e->nentries++] = (entry){name, data, len, store, NULL};
}

/* Moves a finished buffer into the arena as an entry to add later (the buffer is emptied). */
static entry take_buf(epub *e, const char *name, buf *b)
{
    char *copy = arena_alloc(e->a, b->len + 1);
    if (b->len)
        memcpy(copy, b->data, b->len);
    entry en = {name, copy, b->len, 0, NULL};
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

/* A zip source for an image whose bytes the book no longer holds (entry.image): its file read
 * again when libzip opens the source (image_bytes checks it is the file that was decoded), one
 * image at a time, and let go when libzip closes it. */
typedef struct image_src {
    const book *b;
    const image_info *im;
    arena a;
    const unsigned char *d; /* while open */
    zip_uint64_t pos;
    zip_error_t err;
} image_src;

static zip_int64_t image_src_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    image_src *s = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        arena_init(&s->a);
        s->pos = 0;
        if (!(s->d = image_bytes(s->im, &s->a))) {
            arena_free(&s->a);
            diag_report(s->b->diag, D_IMAGE_BAD, NULL, 0, 0, s->im->path,
                        "the file changed while the book was being made");
            zip_error_set(&s->err, ZIP_ER_CHANGED, 0);
            return -1;
        }
        return 0;
    case ZIP_SOURCE_READ: {
        zip_uint64_t n = len < s->im->len - s->pos ? len : s->im->len - s->pos;
        memcpy(data, s->d + s->pos, n);
        s->pos += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
        if (s->d)
            arena_free(&s->a);
        s->d = NULL;
        return 0;
    case ZIP_SOURCE_STAT: {
        if (len < sizeof(zip_stat_t))
            return -1;
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->size = s->im->len;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&s->err, data, len);
    case ZIP_SOURCE_FREE:
        if (s->d)
            arena_free(&s->a);
        s->d = NULL;
        zip_error_fini(&s->err);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
    default:
        zip_error_set(&s->err, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

static zip_source_t *image_source(epub *e, zip_t *za, const image_info *im)
{
    image_src *s = ARENA_NEWN(e->a, image_src, 1);
    s->b = e->b;
    s->im = im;
    zip_error_init(&s->err);
    zip_source_t *src = zip_source_function(za, image_src_cb, s);
    if (!src)
        zip_error_fini(&s->err);
    return src;
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
        zip_source_t *s =
            prev && !en->store && !en->image ? unchanged_entry(za, prev, en, &tmp) : NULL;
        if (!s)
            s = en->image ? image_source(e, za, en->image)
                          : zip_source_buffer(za, en->data, en->len, 0);
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
    e.lang = epub_safe_lang(cfg->lang);
    e.pr = b->present;
    e.title = e.pr->title;
    e.identifier =
        epub_has_text(cfg->identifier) ? cfg->identifier : epub_fallback_identifier(e.a, e.title);

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
        epub_plan_pages(&e);
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
    epub_make_nav(&e, &x);
    if (e.has_page_list) {
        /* the page-list goes before </body> */
        buf tail = BUF_INIT;
        const char *end = "</body>\n</html>\n";
        x.len -= strlen(end);
        epub_make_page_list(&e, &tail);
        buf_put(&x, tail.data, tail.len);
        buf_puts(&x, end);
        buf_free(&tail);
    }
    entry *nav = &docs[ndocs++];
    *nav = take_buf(&e, EPUB_DIR "nav.xhtml", &x);
    entry *cover = NULL;
    if (e.cover_href) {
        epub_make_cover(&e, &x, e.cover_href);
        cover = &docs[ndocs++];
        *cover = take_buf(&e, EPUB_DIR "cover.xhtml", &x);
    }
    epub_make_titlepage(&e, &x);
    entry *title = &docs[ndocs++];
    *title = take_buf(&e, EPUB_DIR "title.xhtml", &x);
    epub_make_copyright(&e, &x);
    entry *copyright = &docs[ndocs++];
    *copyright = take_buf(&e, EPUB_DIR "copyright.xhtml", &x);
    if (cfg->epub_fonts && b->fonts) {
        const char **texts = ARENA_NEWN(e.a, const char *, (size_t)ndocs + 1);
        size_t *lens = ARENA_NEWN(e.a, size_t, (size_t)ndocs + 1);
        for (int i = 0; i < ndocs; i++)
            texts[i] = docs[i].data, lens[i] = docs[i].len;
        e.fonts = epubfont_embed(b, e.a, texts, lens, ndocs);
    }

    epub_make_opf(&e, &x);
    add_buf(&e, EPUB_DIR "package.opf", &x);
    add_entry(&e, nav->name, nav->data, nav->len, 0);
    epub_make_ncx(&e, &x);
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
    for (int i = 0; i < b->nimages; i++) {
        const image_info *im = b->images[i];
        if (!im)
            continue;
        add_entry(&e, arena_printf(e.a, EPUB_DIR "%s", e.imgfiles[i]),
                  im->edata ? im->edata : im->data, im->edata ? im->elen : im->len,
                  im->format != IMAGE_SVG); /* stored, but an SVG's text */
        if (!im->edata && !im->data)
            e.entries[e.nentries - 1].image = im; /* released: read again (image_source) */
    }
    for (int i = 0; e.fonts && i < e.fonts->nfiles; i++)
        add_entry(&e, arena_printf(e.a, EPUB_DIR "%s", e.fonts->files[i].file),
                  e.fonts->files[i].data.data, e.fonts->files[i].data.len, 0);
    int rc = write_zip(&e, out);
    for (int i = 0; e.fonts && i < e.fonts->nfiles; i++)
        buf_free(&e.fonts->files[i].data);
    return rc;
}
