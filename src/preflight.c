/* preflight.c: the print preflight (preflight.h). A small reader for the PDFs hanji writes:
 * it finds the objects by their "N 0 obj" headers, reads page dictionaries, resources and
 * font widths, inflates the page content streams (flate.c) and follows the text, image and
 * line operators to find where ink lands; then it checks each print requirement and reports
 * pass or fail with the numbers found. Every read is bounded by the buffer; malformed input
 * makes a check fail, never a crash. */
#define _GNU_SOURCE /* memmem */
#include "preflight.h"
#include "build.h"
#include "config.h"
#include "cover.h"
#include "file.h"
#include "flate.h"
#include "print.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#define PF_MAX_OBJ      (1 << 22) /* objects numbered beyond this are ignored */
#define PF_MAX_STREAM   (64u << 20)
#define PF_MIN_DPI      300.0
#define PF_ASCENT       1.1 /* of the font size, above the baseline (the fonts' ascent) */
#define PF_DESCENT      0.3
#define PF_EPS          0.05  /* pt of tolerance in comparisons */
#define PF_COVER_TOL_IN 0.001 /* the cover's size may differ from KDP's by this much (in) */

typedef struct pobj {
    const char *s, *e; /* the object's text after "obj", up to "stream" or "endobj" */
    const char *data;  /* stream data, or NULL */
    size_t len;
} pobj;

typedef struct fontw {
    int obj;  /* the font resource's object number */
    float dw; /* default width */
    float *w; /* 65536 widths (1/1000 em), -1 where not given */
} fontw;

typedef struct pf {
    const char *d, *end;
    pobj *objs;
    int nobj;
    fontw *fonts;
    int nfonts;
} pf;

/* ---- lexical helpers ---------------------------------------------------------------------- */

static int is_delim(int c)
{
    return isspace(c) || c == '/' || c == '[' || c == ']' || c == '<' || c == '>' || c == '(' ||
           c == ')' || c == '%';
}

static const char *skip_ws(const char *p, const char *e)
{
    while (p < e && isspace((unsigned char)*p))
        p++;
    return p;
}

/* Finds key (a name such as "/Type") in [s, e) followed by a delimiter; returns the first
 * non-space byte after it, or NULL. */
static const char *find_key(const char *s, const char *e, const char *key)
{
    size_t kl = strlen(key);
    const char *p = s;
    while (p < e) {
        const char *q = memmem(p, (size_t)(e - p), key, kl);
        if (!q)
            return NULL;
        if (q + kl >= e || is_delim((unsigned char)q[kl]))
            return skip_ws(q + kl, e);
        p = q + 1;
    }
    return NULL;
}

/* Whether the value at p is the name nm ("/Page", not "/Pages"). */
static int is_name(const char *p, const char *e, const char *nm)
{
    size_t l = strlen(nm);
    return p && (size_t)(e - p) >= l && !memcmp(p, nm, l) &&
           (p + l == e || is_delim((unsigned char)p[l]));
}

static double num_at(const char **pp, const char *e, int *ok)
{
    char tmp[64];
    const char *p = skip_ws(*pp, e);
    size_t n = 0;
    while (p + n < e && n < sizeof tmp - 1 &&
           (isdigit((unsigned char)p[n]) || p[n] == '.' || p[n] == '-' || p[n] == '+'))
        n++;
    if (n == 0) {
        *ok = 0;
        return 0;
    }
    memcpy(tmp, p, n);
    tmp[n] = 0;
    *pp = p + n;
    *ok = 1;
    return strtod(tmp, NULL);
}

/* "N 0 R" at p: N, else -1. */
static int ref_at(const char *p, const char *e)
{
    int ok, ok2;
    const char *q = p;
    double n = num_at(&q, e, &ok);
    num_at(&q, e, &ok2);
    q = skip_ws(q, e);
    if (!ok || !ok2 || q >= e || *q != 'R' || n < 0 || n >= PF_MAX_OBJ)
        return -1;
    return (int)n;
}

static const pobj *obj_get(const pf *f, int n)
{
    if (n < 0 || n >= f->nobj || !f->objs[n].s)
        return NULL;
    return &f->objs[n];
}

/* The dictionary a value stands for: inline "<< ... >>" or an indirect reference. */
static int dict_of(const pf *f, const char *p, const char *e, const char **ds, const char **de)
{
    if (!p)
        return -1;
    if (p + 1 < e && p[0] == '<' && p[1] == '<') {
        int depth = 0;
        for (const char *q = p; q + 1 < e; q++) {
            if (q[0] == '<' && q[1] == '<') {
                depth++;
                q++;
            } else if (q[0] == '>' && q[1] == '>') {
                if (--depth == 0) {
                    *ds = p + 2;
                    *de = q;
                    return 0;
                }
                q++;
            }
        }
        return -1;
    }
    const pobj *o = obj_get(f, ref_at(p, e));
    if (!o)
        return -1;
    *ds = o->s;
    *de = o->e;
    return 0;
}

/* Four numbers of a box array at p. */
static int box_at(const char *p, const char *e, double b[4])
{
    if (!p || p >= e || *p != '[')
        return -1;
    p++;
    for (int i = 0; i < 4; i++) {
        int ok;
        b[i] = num_at(&p, e, &ok);
        if (!ok)
            return -1;
    }
    return 0;
}

/* ---- objects ------------------------------------------------------------------------------ */

static int scan_objects(pf *f)
{
    int cap = 0;
    for (const char *p = f->d; p < f->end; p++) {
        if (p != f->d && p[-1] != '\n' && p[-1] != '\r')
            continue;
        if (!isdigit((unsigned char)*p))
            continue;
        const char *q = p;
        int ok, ok2;
        double n = num_at(&q, f->end, &ok);
        num_at(&q, f->end, &ok2);
        q = skip_ws(q, f->end);
        if (!ok || !ok2 || f->end - q < 3 || memcmp(q, "obj", 3) != 0 || n < 0 || n >= PF_MAX_OBJ)
            continue;
        int num = (int)n;
        const char *s = q + 3;
        const char *eo = memmem(s, (size_t)(f->end - s), "endobj", 6);
        if (!eo)
            eo = f->end;
        if (num >= cap) {
            int nc = cap ? cap : 256;
            while (nc <= num)
                nc *= 2;
            pobj *no = realloc(f->objs, (size_t)nc * sizeof *no);
            if (!no)
                hj_oom();
            memset(no + cap, 0, (size_t)(nc - cap) * sizeof *no);
            f->objs = no;
            cap = nc;
        }
        if (!f->objs)
            continue; /* cannot happen (num < cap); tells the analyzer so */
        pobj *o = &f->objs[num];
        o->s = s;
        o->e = eo;
        o->data = NULL;
        const char *st = memmem(s, (size_t)(eo - s), "stream", 6);
        if (st && (st == s || st[-1] != 'd')) { /* not "endstream" */
            const char *ds = st + 6;
            if (ds < eo && *ds == '\r')
                ds++;
            if (ds < eo && *ds == '\n')
                ds++;
            const char *de = memmem(ds, (size_t)(eo - ds), "endstream", 9);
            if (de) {
                if (de > ds && de[-1] == '\n') /* the end of line before endstream */
                    de--;
                if (de > ds && de[-1] == '\r')
                    de--;
                o->e = st;
                o->data = ds;
                o->len = (size_t)(de - ds);
            }
        }
        if (num + 1 > f->nobj)
            f->nobj = num + 1;
        p = eo;
    }
    /* stream lengths from /Length (direct or an object holding the number), which may end
     * in bytes that look like an end of line */
    for (int i = 0; i < f->nobj; i++) {
        pobj *o = &f->objs[i];
        if (!o->data)
            continue;
        const char *lp = find_key(o->s, o->e, "/Length");
        if (!lp)
            continue;
        int r = ref_at(lp, o->e), ok = 0;
        double v = 0;
        if (r >= 0) {
            const pobj *lo = obj_get(f, r);
            const char *q = lo ? lo->s : NULL;
            if (q)
                v = num_at(&q, lo->e, &ok);
        } else {
            v = num_at(&lp, o->e, &ok);
        }
        if (ok && v >= 0 && v <= (double)(f->end - o->data))
            o->len = (size_t)v;
    }
    return f->nobj > 0 ? 0 : -1;
}

/* The stream's bytes, inflated when it is Flate-encoded (malloc'd; NULL on failure). */
static unsigned char *stream_bytes(const pobj *o, size_t *len)
{
    if (!o || !o->data)
        return NULL;
    if (o->len == 0 || !find_key(o->s, o->e, "/Filter")) {
        unsigned char *b = malloc(o->len + 1);
        if (!b)
            hj_oom();
        memcpy(b, o->data, o->len);
        *len = o->len;
        return b;
    }
    const char *fl = find_key(o->s, o->e, "/Filter");
    if (fl < o->e && *fl == '[') /* [/FlateDecode] */
        fl = skip_ws(fl + 1, o->e);
    if (!is_name(fl, o->e, "/FlateDecode"))
        return NULL;
    return flate_inflate(o->data, o->len, PF_MAX_STREAM, len);
}

/* Widths of a Type0 font resource (object n), parsed once. */
static const fontw *font_widths(pf *f, int n)
{
    for (int i = 0; i < f->nfonts; i++)
        if (f->fonts[i].obj == n)
            return &f->fonts[i];
    const pobj *t0 = obj_get(f, n);
    if (!t0)
        return NULL;
    fontw *nf = realloc(f->fonts, (size_t)(f->nfonts + 1) * sizeof *nf);
    if (!nf)
        hj_oom();
    f->fonts = nf;
    fontw *fw = &f->fonts[f->nfonts++];
    fw->obj = n;
    fw->dw = 1000;
    fw->w = NULL;
    const char *df = find_key(t0->s, t0->e, "/DescendantFonts");
    if (!df || *df != '[')
        return fw;
    const pobj *cid = obj_get(f, ref_at(df + 1, t0->e));
    if (!cid)
        return fw;
    const char *p = find_key(cid->s, cid->e, "/DW");
    int ok;
    if (p) {
        double v = num_at(&p, cid->e, &ok);
        if (ok)
            fw->dw = (float)v;
    }
    fw->w = malloc(65536 * sizeof(float));
    if (!fw->w)
        hj_oom();
    for (int i = 0; i < 65536; i++)
        fw->w[i] = -1;
    p = find_key(cid->s, cid->e, "/W");
    if (!p || *p != '[')
        return fw;
    p++;
    const char *e = cid->e;
    for (;;) {
        p = skip_ws(p, e);
        if (p >= e || *p == ']')
            break;
        double c1 = num_at(&p, e, &ok);
        if (!ok)
            break;
        p = skip_ws(p, e);
        if (p < e && *p == '[') {
            p++;
            for (long c = (long)c1;; c++) {
                p = skip_ws(p, e);
                if (p >= e || *p == ']') {
                    p++;
                    break;
                }
                double w = num_at(&p, e, &ok);
                if (!ok)
                    return fw;
                if (c >= 0 && c < 65536)
                    fw->w[c] = (float)w;
            }
        } else {
            double c2 = num_at(&p, e, &ok), w = ok ? num_at(&p, e, &ok) : 0;
            if (!ok)
                break;
            for (long c = (long)c1; c <= (long)c2 && c < 65536; c++)
                if (c >= 0)
                    fw->w[c] = (float)w;
        }
    }
    return fw;
}

/* ---- page content ------------------------------------------------------------------------- */

/* A rectangle of the page (PDF coordinates) and what was drawn in it, for the cover's checks:
 * glyphs (with the extent of their ink in x) and other marks (images as clipped, painted
 * paths; not a fill of the whole media box, which is the paper's colour). */
typedef struct probe {
    double x0, y0, x1, y1;
    int glyphs, marks;
    double gx0, gx1;
} probe;

typedef struct ink {
    double x0, y0, x1, y1; /* extent of what is drawn */
    int any;
    double min_dpi; /* least image resolution on the page (DBL_MAX: none) */
    int images;
    probe *probes; /* NULL, or nprobes rectangles to watch */
    int nprobes;
    double media[4]; /* the page's media box (for a fill of the whole sheet) */
} ink;

static int overlaps(const probe *r, double x0, double y0, double x1, double y1)
{
    return x0 < r->x1 && x1 > r->x0 && y0 < r->y1 && y1 > r->y0;
}

/* A mark (glyph when glyph is set) over [x0,x1] x [y0,y1] for the probes. */
static void probe_mark(ink *k, double x0, double y0, double x1, double y1, int glyph)
{
    for (int i = 0; i < k->nprobes; i++) {
        probe *r = &k->probes[i];
        if (!overlaps(r, x0, y0, x1, y1))
            continue;
        if (!glyph) {
            r->marks++;
            continue;
        }
        if (!r->glyphs || x0 < r->gx0)
            r->gx0 = x0;
        if (!r->glyphs || x1 > r->gx1)
            r->gx1 = x1;
        r->glyphs++;
    }
}

/* Puts a rectangle's corners in order: (x0, y0) the smaller, (x1, y1) the larger. */
static void rect_order(double *x0, double *y0, double *x1, double *y1)
{
    if (*x0 > *x1) {
        double t = *x0;
        *x0 = *x1;
        *x1 = t;
    }
    if (*y0 > *y1) {
        double t = *y0;
        *y0 = *y1;
        *y1 = t;
    }
}

static void ink_add(ink *k, double x0, double y0, double x1, double y1)
{
    rect_order(&x0, &y0, &x1, &y1);
    if (!k->any || x0 < k->x0)
        k->x0 = x0;
    if (!k->any || y0 < k->y0)
        k->y0 = y0;
    if (!k->any || x1 > k->x1)
        k->x1 = x1;
    if (!k->any || y1 > k->y1)
        k->y1 = y1;
    k->any = 1;
}

/* The object a resource name (without the slash) refers to in a resources sub-dictionary. */
static int resource(const pf *f, const char *rs, const char *re, const char *cat, const char *nm,
                    size_t nl)
{
    const char *ds, *de;
    if (dict_of(f, find_key(rs, re, cat), re, &ds, &de) < 0)
        return -1;
    char key[80];
    if (nl + 2 > sizeof key)
        return -1;
    key[0] = '/';
    memcpy(key + 1, nm, nl);
    key[nl + 1] = 0;
    const char *v = find_key(ds, de, key);
    return v ? ref_at(v, de) : -1;
}

/* One glyph of a text array t along the baseline from the text origin (ox, oy), the text
 * matrix's a b c d in m (1 0 0 1 unless the text is turned): its ink (unless it is a space);
 * returns the pen after it. */
static double glyph_ink(ink *k, const fontw *font, double size, double hz, const double m[4],
                        double ox, double oy, double t, unsigned code)
{
    float w = font && font->w && font->w[code & 0xFFFF] >= 0 ? font->w[code & 0xFFFF]
              : font                                         ? font->dw
                                                             : 1000;
    double nt = t + w * size * hz / 1000.0; /* hz: the horizontal scaling (Tz / 100) */
    if (code != ' ') {
        /* the corners of the glyph's box in text space, mapped to the page */
        double tx[2] = {t, nt}, ty[2] = {-PF_DESCENT * size, PF_ASCENT * size};
        double x0 = DBL_MAX, y0 = DBL_MAX, x1 = -DBL_MAX, y1 = -DBL_MAX;
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) {
                double x = ox + m[0] * tx[i] + m[2] * ty[j], y = oy + m[1] * tx[i] + m[3] * ty[j];
                x0 = x < x0 ? x : x0;
                y0 = y < y0 ? y : y0;
                x1 = x > x1 ? x : x1;
                y1 = y > y1 ? y : y1;
            }
        ink_add(k, x0, y0, x1, y1);
        probe_mark(k, x0, y0, x1, y1, 1);
    }
    return nt;
}

/* Extends a path's extent by a rectangle. */
static void path_add(double p[4], int *have, double x0, double y0, double x1, double y1)
{
    rect_order(&x0, &y0, &x1, &y1);
    if (!*have) {
        p[0] = x0, p[1] = y0, p[2] = x1, p[3] = y1;
        *have = 1;
        return;
    }
    p[0] = x0 < p[0] ? x0 : p[0];
    p[1] = y0 < p[1] ? y0 : p[1];
    p[2] = x1 > p[2] ? x1 : p[2];
    p[3] = y1 > p[3] ? y1 : p[3];
}

/* Follows a page's content stream and records where ink lands. */
static int page_ink(pf *f, const char *rs, const char *re, const unsigned char *c, size_t len,
                    ink *k)
{
    const char *p = (const char *)c, *e = (const char *)c + len;
    double st[16];
    int ns = 0;
    const char *name = NULL;
    size_t namel = 0;
    const fontw *font = NULL;
    double size = 0, lx = 0, ly = 0, px = 0, py = 0, hz = 1;
    double cm[8][6], clips[8][4];
    int depth = 0;
    double cur[6] = {1, 0, 0, 1, 0, 0};
    double tm[4] = {1, 0, 0, 1}; /* the text matrix's a b c d */
    double clip[4] = {-DBL_MAX, -DBL_MAX, DBL_MAX, DBL_MAX};
    double path[4] = {0, 0, 0, 0}; /* extent of the path being built */
    int have_path = 0;
    int in_arr = 0;
    double arr_x = 0; /* the pen along the baseline from (px, py) */
    while (p < e) {
        unsigned char ch = (unsigned char)*p;
        if (isspace(ch)) { // NOLINT(bugprone-branch-clone): skipping white space, as ']' skips
            p++;
        } else if (ch == '%') {
            while (p < e && *p != '\n' && *p != '\r')
                p++;
        } else if (ch == '[') {
            in_arr = 1;
            arr_x = 0;
            p++;
        } else if (ch == ']') {
            in_arr = 0;
            p++;
        } else if (ch == '/') {
            const char *q = ++p;
            while (p < e && !is_delim((unsigned char)*p))
                p++;
            name = q;
            namel = (size_t)(p - q);
        } else if (ch == '<' && p + 1 < e && p[1] != '<') {
            /* a hex string: 2-byte codes (Identity-H) */
            p++;
            unsigned code = 0;
            int nd = 0;
            while (p < e && *p != '>') {
                int v = isdigit((unsigned char)*p)    ? *p - '0'
                        : isxdigit((unsigned char)*p) ? (tolower((unsigned char)*p) - 'a' + 10)
                                                      : -1;
                p++;
                if (v < 0)
                    continue;
                code = code * 16 + (unsigned)v;
                if (++nd == 4) {
                    arr_x = glyph_ink(k, font, size, hz, tm, px, py, arr_x, code);
                    code = 0;
                    nd = 0;
                }
            }
            p++;
        } else if (ch == '(') {
            /* a literal string: bytes (escapes decoded) taken in pairs as 2-byte codes */
            int d = 1, nb = 0;
            unsigned code = 0;
            p++;
            while (p < e) {
                int b = (unsigned char)*p++;
                if (b == '\\' && p < e) {
                    int x = (unsigned char)*p++;
                    if (x >= '0' && x <= '7') {
                        b = x - '0';
                        for (int i = 0; i < 2 && p < e && *p >= '0' && *p <= '7'; i++)
                            b = b * 8 + (*p++ - '0');
                        b &= 0xFF;
                    } else {
                        b = x == 'n'   ? '\n'
                            : x == 'r' ? '\r'
                            : x == 't' ? '\t'
                            : x == 'b' ? '\b'
                            : x == 'f' ? '\f'
                                       : x;
                    }
                } else if (b == '(') {
                    d++;
                } else if (b == ')' && --d == 0) {
                    break;
                }
                code = code * 256 + (unsigned)b;
                if (++nb == 2) {
                    arr_x = glyph_ink(k, font, size, hz, tm, px, py, arr_x, code);
                    code = 0;
                    nb = 0;
                }
            }
        } else if (isdigit(ch) || ch == '-' || ch == '.' || ch == '+') {
            int ok;
            double v = num_at(&p, e, &ok);
            if (!ok) {
                p++;
                continue;
            }
            if (in_arr) {
                arr_x -= v * size * hz / 1000.0;
            } else {
                if (ns == 16) {
                    memmove(st, st + 1, 15 * sizeof *st);
                    ns--;
                }
                st[ns++] = v;
            }
        } else if (isalpha(ch) || ch == '\'' || ch == '"' || ch == '*') {
            const char *q = p;
            while (p < e && (isalpha((unsigned char)*p) || *p == '*' || *p == '\'' || *p == '"'))
                p++;
            size_t ol = (size_t)(p - q);
#define OP(s) (ol == strlen(s) && !memcmp(q, s, ol))
            if (OP("Tf") && ns >= 1 && name) {
                size = st[ns - 1];
                int fo = resource(f, rs, re, "/Font", name, namel);
                font = fo >= 0 ? font_widths(f, fo) : NULL;
            } else if (OP("Tz") && ns >= 1) {
                hz = st[ns - 1] / 100.0;
            } else if (OP("Tm") && ns >= 6) {
                memcpy(tm, st + ns - 6, sizeof tm);
                lx = px = st[ns - 2];
                ly = py = st[ns - 1];
                arr_x = 0;
            } else if (OP("Td") && ns >= 2) {
                lx += st[ns - 2];
                ly += st[ns - 1];
                px = lx;
                py = ly;
            } else if (OP("BT")) {
                lx = ly = px = py = 0;
                tm[0] = tm[3] = 1;
                tm[1] = tm[2] = 0;
            } else if (OP("TJ") || OP("Tj")) {
                px += tm[0] * arr_x;
                py += tm[1] * arr_x;
                arr_x = 0;
            } else if (OP("q")) {
                if (depth < 8) {
                    memcpy(cm[depth], cur, sizeof cur);
                    memcpy(clips[depth], clip, sizeof clip);
                }
                depth++;
            } else if (OP("Q")) {
                if (depth > 0 && --depth < 8) {
                    memcpy(cur, cm[depth], sizeof cur);
                    memcpy(clip, clips[depth], sizeof clip);
                }
            } else if (OP("cm") && ns >= 6) {
                memcpy(cur, st + ns - 6, sizeof cur);
            } else if (OP("Do") && name) {
                int io = resource(f, rs, re, "/XObject", name, namel);
                const pobj *im = obj_get(f, io);
                if (im && is_name(find_key(im->s, im->e, "/Subtype"), im->e, "/Image")) {
                    /* placed with a scaling cm (hanji draws no rotated images) */
                    double w = cur[0], h = cur[3];
                    ink_add(k, cur[4], cur[5], cur[4] + w, cur[5] + h);
                    double x0 = cur[4] > clip[0] ? cur[4] : clip[0];
                    double y0 = cur[5] > clip[1] ? cur[5] : clip[1];
                    double x1 = cur[4] + w < clip[2] ? cur[4] + w : clip[2];
                    double y1 = cur[5] + h < clip[3] ? cur[5] + h : clip[3];
                    if (x0 < x1 && y0 < y1)
                        probe_mark(k, x0, y0, x1, y1, 0);
                    const char *wp = find_key(im->s, im->e, "/Width");
                    const char *hp = find_key(im->s, im->e, "/Height");
                    int ok1 = 0, ok2 = 0;
                    double pw = wp ? num_at(&wp, im->e, &ok1) : 0;
                    double ph = hp ? num_at(&hp, im->e, &ok2) : 0;
                    if (ok1 && ok2 && w > 0 && h > 0) {
                        double dx = pw * 72 / w, dy = ph * 72 / h;
                        double dpi = dx < dy ? dx : dy;
                        if (dpi < k->min_dpi)
                            k->min_dpi = dpi;
                        k->images++;
                    }
                }
            } else if ((OP("m") || OP("l")) && ns >= 2) {
                ink_add(k, st[ns - 2], st[ns - 1], st[ns - 2], st[ns - 1]);
                path_add(path, &have_path, st[ns - 2], st[ns - 1], st[ns - 2], st[ns - 1]);
            } else if (OP("re") && ns >= 4) {
                ink_add(k, st[ns - 4], st[ns - 3], st[ns - 4] + st[ns - 2],
                        st[ns - 3] + st[ns - 1]);
                path_add(path, &have_path, st[ns - 4], st[ns - 3], st[ns - 4] + st[ns - 2],
                         st[ns - 3] + st[ns - 1]);
            } else if (OP("W") || OP("W*")) {
                if (have_path) { /* the clip becomes the path (hanji clips to rectangles) */
                    clip[0] = path[0] > clip[0] ? path[0] : clip[0];
                    clip[1] = path[1] > clip[1] ? path[1] : clip[1];
                    clip[2] = path[2] < clip[2] ? path[2] : clip[2];
                    clip[3] = path[3] < clip[3] ? path[3] : clip[3];
                }
            } else if (OP("n")) {
                have_path = 0;
            } else if (OP("f") || OP("F") || OP("f*") || OP("S") || OP("s") || OP("B") ||
                       OP("B*") || OP("b") || OP("b*")) {
                /* a painted path: a mark, unless it fills the whole sheet (the paper) */
                int sheet = have_path && (OP("f") || OP("F") || OP("f*")) &&
                            path[0] <= k->media[0] + PF_EPS && path[1] <= k->media[1] + PF_EPS &&
                            path[2] >= k->media[2] - PF_EPS && path[3] >= k->media[3] - PF_EPS;
                if (have_path && !sheet) {
                    /* strokes reach half a line width beyond the path: any ink counts */
                    probe_mark(k, path[0] - 0.5, path[1] - 0.5, path[2] + 0.5, path[3] + 0.5, 0);
                }
                have_path = 0;
            }
#undef OP
            ns = 0;
        } else {
            p++;
        }
    }
    return 0;
}

/* ---- the checks --------------------------------------------------------------------------- */

static void line(buf *out, int ok, int *fails, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void line(buf *out, int ok, int *fails, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    buf_printf(out, "  %s  %s\n", ok ? "pass" : "FAIL", msg);
    if (!ok)
        (*fails)++;
}

/* What the whole document holds: its pages in order (the Pages tree's Kids as hanji writes
 * it, one level; order malloc'd), bookmarks, fonts and the unembedded ones among them. */
typedef struct doc_facts {
    int *order, npages;
    int outlines, fonts, unembedded;
} doc_facts;

static void scan_doc(const pf *f, doc_facts *df)
{
    memset(df, 0, sizeof *df);
    for (int i = 0; i < f->nobj; i++) {
        const pobj *o = &f->objs[i];
        if (!o->s)
            continue;
        const char *t = find_key(o->s, o->e, "/Type");
        if (is_name(t, o->e, "/Catalog") && find_key(o->s, o->e, "/Outlines"))
            df->outlines = 1;
        if (is_name(t, o->e, "/Pages") && !find_key(o->s, o->e, "/Parent")) {
            const char *k = find_key(o->s, o->e, "/Kids");
            if (k && *k == '[') {
                k++;
                for (;;) {
                    k = skip_ws(k, o->e);
                    if (k >= o->e || *k == ']')
                        break;
                    int r = ref_at(k, o->e);
                    if (r < 0)
                        break;
                    int *no = realloc(df->order, (size_t)(df->npages + 1) * sizeof *no);
                    if (!no)
                        hj_oom();
                    df->order = no;
                    df->order[df->npages++] = r;
                    while (k < o->e && *k != 'R')
                        k++;
                    k++;
                }
            }
        }
        if (is_name(t, o->e, "/FontDescriptor")) {
            df->fonts++;
            if (!find_key(o->s, o->e, "/FontFile2") && !find_key(o->s, o->e, "/FontFile") &&
                !find_key(o->s, o->e, "/FontFile3"))
                df->unembedded++;
        }
        if (is_name(t, o->e, "/Font")) {
            const char *s = find_key(o->s, o->e, "/Subtype");
            if ((is_name(s, o->e, "/Type1") || is_name(s, o->e, "/TrueType")) &&
                !find_key(o->s, o->e, "/FontDescriptor")) {
                df->fonts++;
                df->unembedded++; /* a standard font, never embedded */
            }
        }
    }
}

int preflight_pdf(const unsigned char *pdf, size_t len, buf *out)
{
    pf f;
    memset(&f, 0, sizeof f);
    f.d = (const char *)pdf;
    f.end = f.d + len;
    if (len < 8 || memcmp(pdf, "%PDF-", 5) != 0 || scan_objects(&f) < 0) {
        buf_puts(out, "  FAIL  not a PDF this check can read\n");
        free(f.objs);
        return -1;
    }
    int fails = 0, npages = 0, trim_all = 1, bleed_all = 1, bleed_any = 0, annots = 0;
    int outlines = 0, fonts = 0, unembedded = 0, images = 0;
    double tw = 0, th = 0, least_in = DBL_MAX, least_out = DBL_MAX, min_dpi = DBL_MAX;
    int in_page = 0, out_page = 0, dpi_page = 0, size_same = 1, content_bad = 0;
    doc_facts df;
    scan_doc(&f, &df);
    int *order = df.order, norder = df.npages;
    outlines = df.outlines;
    fonts = df.fonts;
    unembedded = df.unembedded;
    npages = norder;
    for (int pi = 0; pi < norder; pi++) {
        const pobj *o = obj_get(&f, order[pi]);
        if (!o)
            continue;
        double mb[4], tb[4], bb[4];
        if (box_at(find_key(o->s, o->e, "/MediaBox"), o->e, mb) < 0)
            memset(mb, 0, sizeof mb);
        int has_trim = box_at(find_key(o->s, o->e, "/TrimBox"), o->e, tb) == 0;
        int has_bleed = box_at(find_key(o->s, o->e, "/BleedBox"), o->e, bb) == 0;
        if (!has_trim) {
            trim_all = 0;
            memcpy(tb, mb, sizeof tb);
        }
        double w = tb[2] - tb[0], h = tb[3] - tb[1];
        if (pi == 0) {
            tw = w;
            th = h;
        } else if (w < tw - PF_EPS || w > tw + PF_EPS || h < th - PF_EPS || h > th + PF_EPS) {
            size_same = 0;
        }
        int bleeds = has_bleed && (bb[2] - bb[0]) > w + 1;
        if (bleeds) {
            bleed_any = 1;
            /* 0.125 in beyond the trim on every side, inside the media box */
            for (int s = 0; s < 2; s++)
                if (tb[s] - bb[s] < 9 - PF_EPS || tb[s] - bb[s] > 9 + PF_EPS ||
                    bb[s + 2] - tb[s + 2] < 9 - PF_EPS || bb[s + 2] - tb[s + 2] > 9 + PF_EPS ||
                    bb[s] < mb[s] - PF_EPS || bb[s + 2] > mb[s + 2] + PF_EPS)
                    bleed_all = 0;
        } else if (has_bleed && bleed_any) {
            bleed_all = 0;
        }
        if (find_key(o->s, o->e, "/Annots"))
            annots++;
        /* the content */
        const char *rs = NULL, *re = NULL;
        if (dict_of(&f, find_key(o->s, o->e, "/Resources"), o->e, &rs, &re) < 0)
            rs = re = NULL;
        const char *cp = find_key(o->s, o->e, "/Contents");
        const pobj *co = cp ? obj_get(&f, ref_at(cp, o->e)) : NULL;
        ink k;
        memset(&k, 0, sizeof k);
        k.min_dpi = DBL_MAX;
        if (co) {
            size_t cl = 0;
            unsigned char *cb = stream_bytes(co, &cl);
            if (!cb) {
                content_bad++;
                continue;
            }
            page_ink(&f, rs ? rs : o->s, rs ? re : o->s, cb, cl, &k);
            free(cb);
        }
        if (k.images) {
            images += k.images;
            if (k.min_dpi < min_dpi) {
                min_dpi = k.min_dpi;
                dpi_page = pi + 1;
            }
        }
        if (!k.any)
            continue;
        int recto = pi % 2 == 0; /* page 1 is a right-hand page: its inside edge is the left */
        double left = k.x0 - tb[0], right = tb[2] - k.x1, top = tb[3] - k.y1, bottom = k.y0 - tb[1];
        double in = recto ? left : right, outm = recto ? right : left;
        if (in < least_in) {
            least_in = in;
            in_page = pi + 1;
        }
        double o2 = outm < top ? outm : top;
        o2 = o2 < bottom ? o2 : bottom;
        if (o2 < least_out) {
            least_out = o2;
            out_page = pi + 1;
        }
    }
    free(order);
    double need_in = print_kdp_inside(npages), need_out = print_kdp_outside(bleed_any);
    buf_printf(out, "  %d pages, trim %.3g x %.3g in%s\n", npages, tw / 72, th / 72,
               bleed_any ? ", with bleed" : "");
    line(out, npages > 0 && npages % 2 == 0, &fails, "page count is even (%d)", npages);
    line(out, npages >= 24 && npages <= 828, &fails, "page count within KDP's 24 to 828 (%d)",
         npages);
    line(out, npages > 0 && trim_all && size_same, &fails,
         "a TrimBox on every page, all %.4g x %.4g in", tw / 72, th / 72);
    if (bleed_any)
        line(out, bleed_all, &fails, "BleedBox 0.125 in beyond the trim on every page");
    else
        buf_puts(out, "  pass  no bleed (no BleedBox needed)\n");
    line(out, content_bad == 0, &fails, "every page's content readable (%d not)", content_bad);
    if (least_in == DBL_MAX)
        line(out, 0, &fails, "margins: nothing drawn on any page");
    else {
        line(out, least_in >= need_in - PF_EPS, &fails,
             "inside margin at least %.3g in for %d pages (least %.3f in, page %d)", need_in / 72,
             npages, least_in / 72, in_page);
        line(out, least_out >= need_out - PF_EPS, &fails,
             "outside, top and bottom margins at least %.3g in (least %.3f in, page %d)",
             need_out / 72, least_out / 72, out_page);
    }
    line(out, fonts > 0 && unembedded == 0, &fails, "every font embedded (%d of %d)",
         fonts - unembedded, fonts);
    if (images == 0)
        buf_puts(out, "  pass  images at 300 dpi or more (no images)\n");
    else
        line(out, min_dpi >= PF_MIN_DPI - 0.5, &fails,
             "images at 300 dpi or more (%d placed; least %.0f dpi, page %d)", images, min_dpi,
             dpi_page);
    line(out, annots == 0, &fails, "no link annotations (%d pages with some)", annots);
    line(out, !outlines, &fails, "no bookmarks");
    for (int i = 0; i < f.nfonts; i++)
        free(f.fonts[i].w);
    free(f.fonts);
    free(f.objs);
    return fails;
}

static const char *paper_name(int paper)
{
    return paper == CONFIG_PAPER_CREAM ? "cream" : paper == CONFIG_PAPER_COLOR ? "colour" : "white";
}

int preflight_cover(const unsigned char *pdf, size_t len, const preflight_cover_spec *spec,
                    buf *out)
{
    pf f;
    memset(&f, 0, sizeof f);
    f.d = (const char *)pdf;
    f.end = f.d + len;
    if (len < 8 || memcmp(pdf, "%PDF-", 5) != 0 || scan_objects(&f) < 0) {
        buf_puts(out, "  FAIL  cover: not a PDF this check can read\n");
        free(f.objs);
        return -1;
    }
    cover_geom g;
    cover_geometry(spec->trim_w, spec->trim_h, spec->pages, spec->paper, &g);
    double want_w = g.sheet_w + 2 * g.bleed, want_h = g.sheet_h + 2 * g.bleed;
    doc_facts df;
    scan_doc(&f, &df);
    int fails = 0;
    buf_printf(out, "  cover: %.4f x %.4f in, spine %.4f in (%d pages on %s paper)\n", want_w / 72,
               want_h / 72, g.spine / 72, spec->pages, paper_name(spec->paper));
    line(out, df.npages == 1, &fails, "cover: one page (%d)", df.npages);
    const pobj *o = df.npages >= 1 ? obj_get(&f, df.order[0]) : NULL;
    double mb[4] = {0, 0, 0, 0}, tb[4] = {0, 0, 0, 0}, bb[4] = {0, 0, 0, 0};
    int has_mb = o && box_at(find_key(o->s, o->e, "/MediaBox"), o->e, mb) == 0;
    int has_tb = o && box_at(find_key(o->s, o->e, "/TrimBox"), o->e, tb) == 0;
    int has_bb = o && box_at(find_key(o->s, o->e, "/BleedBox"), o->e, bb) == 0;
    double mw = mb[2] - mb[0], mh = mb[3] - mb[1];
    double tol = PF_COVER_TOL_IN * 72;
    line(out, has_mb && fabs(mw - want_w) <= tol && fabs(mh - want_h) <= tol, &fails,
         "cover: MediaBox %.4f x %.4f in for %d pages (found %.4f x %.4f in)", want_w / 72,
         want_h / 72, spec->pages, mw / 72, mh / 72);
    int inset = has_tb;
    for (int i = 0; i < 4 && inset; i++)
        inset = fabs((i < 2 ? tb[i] - mb[i] : mb[i] - tb[i]) - g.bleed) <= PF_EPS;
    line(out, inset, &fails, "cover: TrimBox inset 0.125 in from the MediaBox on every side");
    int bleeds = has_bb;
    for (int i = 0; i < 4 && bleeds; i++)
        bleeds = fabs((i < 2 ? tb[i] - bb[i] : bb[i] - tb[i]) - g.bleed) <= PF_EPS;
    line(out, bleeds, &fails, "cover: BleedBox 0.125 in beyond the TrimBox");
    line(out, df.fonts > 0 ? df.unembedded == 0 : 1, &fails,
         "cover: every font embedded (%d of %d)", df.fonts - df.unembedded, df.fonts);
    /* what is drawn: on the spine, and in the barcode area (PDF coordinates) */
    probe pr[2];
    memset(pr, 0, sizeof pr);
    double ox = tb[0] - 0, oy = tb[3]; /* the trim's top-left corner */
    pr[0] = (probe){ox + g.spine_x, tb[1], ox + g.front_x, tb[3], 0, 0, 0, 0};
    pr[1] = (probe){ox + g.barcode_x,
                    oy - g.barcode_y - g.barcode_h,
                    ox + g.barcode_x + g.barcode_w,
                    oy - g.barcode_y,
                    0,
                    0,
                    0,
                    0};
    ink k;
    memset(&k, 0, sizeof k);
    k.min_dpi = DBL_MAX;
    k.probes = pr;
    k.nprobes = 2;
    memcpy(k.media, mb, sizeof mb);
    int readable = 0;
    if (o && has_tb) {
        const char *rs = NULL, *re = NULL;
        if (dict_of(&f, find_key(o->s, o->e, "/Resources"), o->e, &rs, &re) < 0)
            rs = re = NULL;
        const char *cp = find_key(o->s, o->e, "/Contents");
        const pobj *co = cp ? obj_get(&f, ref_at(cp, o->e)) : NULL;
        size_t cl = 0;
        unsigned char *cb = co ? stream_bytes(co, &cl) : NULL;
        if (cb) {
            page_ink(&f, rs ? rs : o->s, rs ? re : o->s, cb, cl, &k);
            readable = 1;
            free(cb);
        }
    }
    line(out, readable, &fails, "cover: its content readable");
    if (k.images == 0)
        buf_puts(out, "  pass  cover: images at 300 dpi or more (no images)\n");
    else
        line(out, k.min_dpi >= PF_MIN_DPI - 0.5, &fails,
             "cover: images at 300 dpi or more (least %.0f dpi)", k.min_dpi);
    double clear = COVER_SPINE_CLEAR_IN * 72;
    if (!g.spine_text)
        line(out, pr[0].glyphs == 0, &fails,
             "cover: no text on the spine below %d pages (%d glyphs there)", COVER_SPINE_TEXT_MIN,
             pr[0].glyphs);
    else if (pr[0].glyphs == 0)
        buf_puts(out, "  pass  cover: spine text 0.0625 in clear of the folds (no spine text)\n");
    else
        line(out, pr[0].gx0 >= pr[0].x0 + clear - PF_EPS && pr[0].gx1 <= pr[0].x1 - clear + PF_EPS,
             &fails, "cover: spine text 0.0625 in clear of the folds (least %.4f in)",
             fmin(pr[0].gx0 - pr[0].x0, pr[0].x1 - pr[0].gx1) / 72);
    line(out, pr[1].glyphs == 0 && pr[1].marks == 0, &fails,
         "cover: barcode area (2 x 1.2 in, lower right of the back) free of ink (%d glyphs, %d "
         "marks)",
         pr[1].glyphs, pr[1].marks);
    int annots = o && find_key(o->s, o->e, "/Annots");
    line(out, !annots, &fails, "cover: no annotations");
    line(out, !df.outlines, &fails, "cover: no bookmarks");
    free(df.order);
    for (int i = 0; i < f.nfonts; i++)
        free(f.fonts[i].w);
    free(f.fonts);
    free(f.objs);
    return fails;
}

/* The file among a build's outputs whose name ends in suffix, or NULL. */
static const char *output_ending(const build_result *r, const char *suffix)
{
    for (int i = 0; i < r->noutputs; i++) {
        size_t n = strlen(r->outputs[i]), m = strlen(suffix);
        if (n >= m && !strcmp(r->outputs[i] + n - m, suffix))
            return r->outputs[i];
    }
    return NULL;
}

int preflight_run(const char *project, int quiet)
{
    const char *tmpdir = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/hanji-check-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "hanji: error: cannot create a temporary folder in '%s' (TMPDIR): %s\n",
                tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
        return 1;
    }
    build_opts o;
    memset(&o, 0, sizeof o);
    o.project = project;
    o.outdir = dir;
    o.formats = BUILD_PDF;
    o.print_profile = 1;
    diag_ctx d;
    diag_init(&d, stderr);
    d.quiet = quiet;
    build_result r;
    int status = build_run(&o, &d, &r);
    int fails = 1;
    if (status == 0 && r.outputs[0]) {
        arena a;
        arena_init(&a);
        char *data;
        size_t len;
        if (file_read(&a, r.outputs[0], &data, &len) == 0) {
            buf rep = BUF_INIT;
            printf("hanji check --print: %s (%d warning%s)\n", project, r.warnings,
                   r.warnings == 1 ? "" : "s");
            fails = preflight_pdf((const unsigned char *)data, len, &rep);
            fwrite(rep.data, 1, rep.len, stdout);
            buf_free(&rep);
        } else {
            perror("hanji: cannot read the PDF");
        }
        /* the cover, when book.yaml asks for one */
        config cfg;
        config_defaults(&cfg);
        diag_ctx qd;
        diag_init(&qd, NULL);
        config_load(&a, &qd, file_join(&a, project, "book/book.yaml"), "book/book.yaml", &cfg);
        const char *cover = output_ending(&r, "-cover.pdf");
        if (fails >= 0 && cfg.cover.on) {
            buf rep = BUF_INIT;
            preflight_cover_spec spec = {r.pages, cfg.page_width, cfg.page_height, cfg.cover.paper};
            if (cover && file_read(&a, cover, &data, &len) == 0) {
                int cf = preflight_cover((const unsigned char *)data, len, &spec, &rep);
                fails += cf < 0 ? 1 : cf;
            } else {
                buf_puts(&rep, "  FAIL  cover: not written\n");
                fails++;
            }
            fwrite(rep.data, 1, rep.len, stdout);
            buf_free(&rep);
        }
        if (fails >= 0)
            printf(fails == 0 ? "ready for print\n" : "%d requirement%s not met\n", fails,
                   fails == 1 ? "" : "s");
        for (int i = 0; i < r.noutputs; i++)
            unlink(r.outputs[i]);
        arena_free(&a);
    } else {
        printf("hanji check --print: %s: the book does not build (%d error%s)\n", project, r.errors,
               r.errors == 1 ? "" : "s");
    }
    rmdir(dir);
    return fails == 0 ? 0 : 1;
}
