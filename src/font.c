/* font.c: the book's fonts through HarfBuzz: loading and validating TrueType and CFF faces, metrics
 * and advance widths, per-character fallback, shaping with kerning, and subsetting for
 * embedding. The only file that includes HarfBuzz. The characters no face has are listed and
 * reported by font_missing.c; a CFF table's bytes are read by font_cff.c.
 *
 * Design. A font_set is an array of faces: the distinct files of the five styles first, then
 * the fallbacks. Each face keeps its hb_face/hb_font at scale = units per em (so HarfBuzz
 * reports font units), a table of advance widths for every glyph (our own cache: layout never
 * asks libharu), a lazily filled cmap cache for the BMP, and the set of code points used (for
 * the subsetter). Advances handed to layout are quantised to the integer 1/1000 em that the
 * PDF's /W array holds, kerning included as integer 1/1000 em, so a PDF writer can reproduce
 * every position exactly with TJ numbers. */
#include "font.h"

#include "file.h"
#include "font_cff.h"
#include "font_missing.h"
#include "htab.h"
#include "sysfont.h"
#include "utf8.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <errno.h>
#include <limits.h>
#include <hb.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HANJI_DATADIR
#define HANJI_DATADIR "."
#endif

/* System folders searched last for a default face missing from both the project and the
 * bundled fonts (a development checkout without fonts/). */
static const char *const font_system_dirs[] = {
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/truetype/nanum",
};

static const char *const font_default_names[FONT_STYLE_COUNT] = {
    "NotoSerif-Regular.ttf",    "NotoSerif-Italic.ttf",     "NotoSerif-Bold.ttf",
    "NotoSerif-BoldItalic.ttf", "NotoSansMono-Regular.ttf",
};
static const char *const font_default_fallback = "NanumMyeongjo.ttf";

/* Tables a face must have before we trust it: outlines and metrics for layout, plus what
 * libharu reads when it embeds the file. A face with CFF outlines (an .otf) has "CFF " in
 * place of glyf and loca: pdf.c embeds its CFF program itself (libharu reads only TrueType). */
static const char *const font_required_tables[] = {
    "cmap", "glyf", "loca", "head", "hhea", "hmtx", "maxp", "name", "post",
};
static const char *const font_required_cff_tables[] = {
    "cmap", "CFF ", "head", "hhea", "hmtx", "maxp", "name", "post",
};

#define FONT_CMAP_CACHE   0x10000 /* code points cached directly (the BMP) */
#define FONT_CMAP_UNKNOWN (-2)
/* The largest font file a book may name: Noto Serif CJK as one TrueType face is about 25 MB;
 * the whole file is mapped and its tables parsed, so a bound on what an input may cost. */
#define FONT_MAX_BYTES ((size_t)64 << 20)

typedef struct font_face {
    char *path; /* file actually loaded */
    char *name; /* PostScript name */
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    unsigned upem;
    unsigned nglyphs;
    unsigned index;   /* the face's number in its file (a collection's, .ttc; else 0) */
    int cff;          /* outlines are CFF (an OpenType .otf), not TrueType */
    int *adv;         /* advance of every glyph in font units */
    int *cmap;        /* [FONT_CMAP_CACHE]: glyph id, -1 none, FONT_CMAP_UNKNOWN not looked up */
    hb_set_t *used;   /* code points drawn */
    hb_set_t *glyphs; /* glyph ids drawn by id (font_glyph.gid) */
    font_metrics m;
} font_face;

struct font_set {
    arena *a;
    font_face *faces;
    int nfaces;
    int style_face[FONT_STYLE_COUNT];
    int *fallback; /* face ids, in order */
    int nfallback, capfallback;
    int bundled_fallback;      /* the bundled Korean face's id, -1 when it did not load */
    font_missing_list missing; /* characters no face has (font_missing.c) */
    hb_buffer_t *hbuf;
    hb_feature_t feats[4];
    /* shaped words: the advances of a word in its context (see shape_run), for the build */
    arena wc_arena;
    htab words;
    int fork;         /* a font_set_fork: the faces' fonts, advances and names are the parent's */
    font_set *parent; /* a fork's: whose shaped words it shares */
    pthread_mutex_t *wlock; /* a set that has forks: guards words and wc_arena, else NULL */
};

/* ---- loading --------------------------------------------------------------------------- */

/* Is the head table's unitsPerEm as written in the file within 16..16384? HarfBuzz reports
 * 1000 for a value out of range, but the subset keeps the table as it is and libharu divides
 * by it (a unitsPerEm of 0 killed the process with SIGFPE). */
static int head_upem_valid(hb_face_t *face)
{
    hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned len = 0;
    const unsigned char *d = (const unsigned char *)hb_blob_get_data(head, &len);
    unsigned upem = d && len >= 54 ? (unsigned)d[18] << 8 | d[19] : 0;
    hb_blob_destroy(head);
    return upem >= 16 && upem <= 16384;
}

/* Can HarfBuzz subset face (the space and .notdef)? The PDF embeds only subsets, never a
 * font file itself (libharu's TrueType reader is not safe on damaged files), so a face that
 * cannot be subset cannot be used; nor a CFF face whose subset's CFF program
 * font_cff_program cannot read. */
static int face_subsets(hb_face_t *face, int cff)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        hj_oom();
    hb_set_add(hb_subset_input_unicode_set(in), 0x20);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NAME_LEGACY | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
    hb_face_t *sub = hb_subset_or_fail(face, in);
    hb_subset_input_destroy(in);
    int ok = sub != NULL;
    if (ok && cff) { /* and the PDF writer can read the subset's CFF program */
        hb_blob_t *blob = hb_face_reference_blob(sub);
        unsigned len = 0;
        const char *data = hb_blob_get_data(blob, &len);
        static const uint32_t space = 0x20;
        uint16_t cid = 0;
        buf prog = BUF_INIT;
        ok = font_cff_program(data, len, &space, 1, &cid, NULL, 0, NULL, &prog) == 0;
        buf_free(&prog);
        hb_blob_destroy(blob);
    }
    hb_face_destroy(sub);
    return ok;
}

/* Whether the cmap maps some character to a glyph the face has: a damaged one that does not
 * would have every character of the text set in the fallback fonts, without a word. */
static int maps_characters(hb_face_t *face)
{
    hb_set_t *cps = hb_set_create();
    hb_face_collect_unicodes(face, cps);
    hb_font_t *font = hb_font_create(face);
    unsigned nglyphs = hb_face_get_glyph_count(face);
    int found = 0;
    hb_codepoint_t cp = HB_SET_VALUE_INVALID, g;
    for (int tries = 0; !found && tries < 4096 && hb_set_next(cps, &cp); tries++)
        found = hb_font_get_nominal_glyph(font, cp, &g) && g > 0 && g < nglyphs;
    hb_font_destroy(font);
    hb_set_destroy(cps);
    return found;
}

/* Whether face has the table tag (4 characters). */
static int face_has_table(hb_face_t *face, const char *tag)
{
    hb_blob_t *tb = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
    unsigned tl = hb_blob_get_length(tb);
    hb_blob_destroy(tb);
    return tl > 0;
}

/* Loads and validates face index of a file (a collection's, .ttc, may hold several; other
 * files one). Returns 0, or -1 with *why set to a static reason. */
static int face_open(font_face *f, const char *path, unsigned index, const char **why)
{
    memset(f, 0, sizeof(*f));
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        *why = "cannot read the file";
        return -1;
    }
    unsigned len = 0;
    const unsigned char *d = (const unsigned char *)hb_blob_get_data(blob, &len);
    if (len < 12) {
        *why = "not a font file";
        goto fail;
    }
    if (memcmp(d, "OTTO", 4) != 0 && memcmp(d, "\0\1\0\0", 4) != 0 && memcmp(d, "true", 4) != 0 &&
        memcmp(d, "ttcf", 4) != 0) {
        *why = "not a TrueType or OpenType font";
        goto fail;
    }
    if (index >= hb_face_count(blob)) {
        *why = "the font tables are damaged (no such face in the collection)";
        goto fail;
    }
    hb_face_t *face = hb_face_create(blob, index);
    if (!face || hb_face_get_glyph_count(face) == 0 || hb_face_get_upem(face) < 16) {
        hb_face_destroy(face);
        *why = "the font tables are damaged";
        goto fail;
    }
    /* the outlines: TrueType (glyf) or CFF; a file with both is read as TrueType */
    int cff = !face_has_table(face, "glyf") &&
              (face_has_table(face, "CFF ") || face_has_table(face, "CFF2"));
    const char *const *req = cff ? font_required_cff_tables : font_required_tables;
    size_t nreq = cff ? HJ_ARRAY_LEN(font_required_cff_tables) : HJ_ARRAY_LEN(font_required_tables);
    for (size_t i = 0; i < nreq; i++) {
        hb_blob_t *tb = hb_face_reference_table(face, hb_tag_from_string(req[i], 4));
        unsigned tl = hb_blob_get_length(tb);
        hb_blob_destroy(tb);
        if (tl == 0) {
            int cff2 = cff && !strcmp(req[i], "CFF ") && face_has_table(face, "CFF2");
            hb_face_destroy(face);
            if (cff2)
                *why = "variable OpenType fonts (CFF2 outlines) cannot be embedded; use a static "
                       "instance";
            else if (cff)
                *why = "a required table (cmap, CFF, head, hhea, hmtx, maxp, name or post) is "
                       "missing or damaged";
            else
                *why = "a required table (cmap, glyf, loca, head, hhea, hmtx, maxp, name or post) "
                       "is missing or damaged";
            goto fail;
        }
    }
    if (!maps_characters(face)) {
        hb_face_destroy(face);
        *why = "the font tables are damaged (its cmap maps no character to a glyph it has)";
        goto fail;
    }
    if (!head_upem_valid(face)) {
        hb_face_destroy(face);
        *why = "the font tables are damaged (units per em in the head table out of range)";
        goto fail;
    }
    if (!face_subsets(face, cff)) {
        hb_face_destroy(face);
        *why = "the font tables are damaged (the font cannot be subset for embedding)";
        goto fail;
    }
    f->blob = blob;
    f->face = face;
    f->index = index;
    f->cff = cff;
    f->upem = hb_face_get_upem(face);
    f->nglyphs = hb_face_get_glyph_count(face);
    f->font = hb_font_create(face);
    hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
    f->adv = malloc(sizeof(int) * f->nglyphs);
    f->cmap = malloc(sizeof(int) * FONT_CMAP_CACHE);
    hb_codepoint_t *gids = malloc(sizeof(hb_codepoint_t) * f->nglyphs);
    hb_position_t *advs = malloc(sizeof(hb_position_t) * f->nglyphs);
    if (!f->adv || !f->cmap || !gids || !advs)
        hj_oom();
    for (unsigned g = 0; g < f->nglyphs; g++)
        gids[g] = g;
    hb_font_get_glyph_h_advances(f->font, f->nglyphs, gids, sizeof(*gids), advs, sizeof(*advs));
    for (unsigned g = 0; g < f->nglyphs; g++)
        f->adv[g] = advs[g] < 0 ? 0 : advs[g];
    free(gids);
    free(advs);
    for (int i = 0; i < FONT_CMAP_CACHE; i++)
        f->cmap[i] = FONT_CMAP_UNKNOWN;
    f->used = hb_set_create();
    f->glyphs = hb_set_create();

    hb_position_t v;
    double k = 1000.0 / f->upem;
    if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v))
        f->m.ascender = (int)lround(v * k);
    if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v))
        f->m.descender = (int)lround(v * k);
    if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v))
        f->m.cap_height = (int)lround(v * k);
    if (hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_X_HEIGHT, &v))
        f->m.x_height = (int)lround(v * k);
    if (f->m.ascender <= 0)
        f->m.ascender = 800;
    if (f->m.descender >= 0)
        f->m.descender = -200;
    if (f->m.cap_height <= 0)
        f->m.cap_height = 700;
    if (f->m.x_height <= 0)
        f->m.x_height = 500;
    return 0;
fail:
    hb_blob_destroy(blob);
    return -1;
}

static void face_close(font_face *f)
{
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    hb_set_destroy(f->used);
    hb_set_destroy(f->glyphs);
    free(f->adv);
    free(f->cmap);
    free(f->path);
    free(f->name);
}

static char *dup_heap(const char *s)
{
    char *r = strdup(s);
    if (!r)
        hj_oom();
    return r;
}

/* Returns the id of face index of path (loading it once), or -1 with *why set. */
static int set_add_face(font_set *fs, const char *path, unsigned index, const char **why)
{
    for (int i = 0; i < fs->nfaces; i++)
        if (!strcmp(fs->faces[i].path, path) && fs->faces[i].index == index)
            return i;
    font_face f;
    if (face_open(&f, path, index, why) < 0)
        return -1;
    f.path = dup_heap(path);
    char name[128];
    unsigned nl = sizeof(name);
    if (hb_ot_name_get_utf8(f.face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &nl,
                            name) == 0 ||
        name[0] == '\0') {
        const char *b = file_basename(path);
        snprintf(name, sizeof(name), "%.*s", (int)(strcspn(b, ".")), b);
    }
    f.name = dup_heap(name);
    fs->faces = realloc(fs->faces, sizeof(font_face) * (size_t)(fs->nfaces + 1));
    if (!fs->faces)
        hj_oom();
    fs->faces[fs->nfaces] = f;
    return fs->nfaces++;
}

/* Loads a bundled (or, failing that, system) face by file name; -1 when none loads. */
static int set_add_bundled(font_set *fs, diag_ctx *d, const char *name)
{
    const char *why = NULL;
    char *p = arena_printf(fs->a, "%s/fonts/%s", HANJI_DATADIR, name);
    if (file_exists(p)) {
        int id = set_add_face(fs, p, 0, &why);
        if (id >= 0)
            return id;
        diag_report(d, D_FONT_BAD, NULL, 0, 0, p, why);
    }
    for (size_t i = 0; i < HJ_ARRAY_LEN(font_system_dirs); i++) {
        p = arena_printf(fs->a, "%s/%s", font_system_dirs[i], name);
        if (file_exists(p)) {
            int id = set_add_face(fs, p, 0, &why);
            if (id >= 0)
                return id;
        }
    }
    return -1;
}

/* Loads a face the book names (cs may be NULL or hold no value: then the default name),
 * looking in project_dir/fonts first. Problems are reported; then the bundled default. */
static int set_add_named(font_set *fs, diag_ctx *d, const config *cfg, const config_str *cs,
                         const char *project_dir, const char *def)
{
    const char *name = cs && cs->value ? cs->value : def;
    const char *yfile = cfg && cs && cs->line ? cfg->file : NULL;
    int yline = cs ? cs->line : 0, ycol = cs ? cs->col : 0;
    const char *why = NULL;
    if (name && project_dir) {
        char *shown = arena_printf(fs->a, "fonts/%s", name);
        char *rel = file_normalize(fs->a, file_join(fs->a, "fonts", name));
        if (!rel) {
            diag_report(d, D_PATH_OUTSIDE, yfile ? yfile : shown, yline, ycol, name);
            return def ? set_add_bundled(fs, d, def) : -1;
        }
        char *p = file_join(fs->a, project_dir, rel);
        /* the policy for every input (file.h): a regular file inside the project */
        if (file_exists(p) && file_check_input(project_dir, p, FONT_MAX_BYTES) < 0) {
            if (errno == EXDEV)
                diag_report(d, D_LINK_OUTSIDE, yfile ? yfile : shown, yline, ycol, shown);
            else
                diag_report(d, D_FONT_BAD, yfile ? yfile : shown, yline, ycol, shown,
                            file_strerror(errno));
            return def ? set_add_bundled(fs, d, def) : -1;
        }
        if (file_exists(p)) {
            int id = set_add_face(fs, p, 0, &why);
            if (id >= 0)
                return id;
            diag_report(d, D_FONT_BAD, yfile ? yfile : shown, yfile ? yline : 0, yfile ? ycol : 0,
                        shown, why);
        } else if (cs && cs->value) {
            /* a face the book names but does not have (a fallback without a default is then
               left out below) */
            diag_report(d, D_FONT_BAD, yfile, yline, ycol, shown, "file not found");
        }
    }
    if (!def)
        return -1;
    return set_add_bundled(fs, d, def);
}

/* Appends face id to the fallbacks (once). */
static void fallback_add(font_set *fs, int id)
{
    for (int i = 0; i < fs->nfallback; i++)
        if (fs->fallback[i] == id)
            return;
    if (fs->nfallback == fs->capfallback) {
        fs->capfallback *= 2;
        fs->fallback = realloc(fs->fallback, sizeof(int) * (size_t)fs->capfallback);
        if (!fs->fallback)
            hj_oom();
    }
    fs->fallback[fs->nfallback++] = id;
}

font_set *font_set_load(arena *a, diag_ctx *d, const config *cfg, const char *project_dir)
{
    font_set *fs = calloc(1, sizeof(*fs));
    if (!fs)
        hj_oom();
    fs->a = a;
    const config_str *named[FONT_STYLE_COUNT] = {
        cfg ? &cfg->font_body : NULL, cfg ? &cfg->font_italic : NULL,
        cfg ? &cfg->font_bold : NULL, cfg ? &cfg->font_bold_italic : NULL,
        cfg ? &cfg->font_mono : NULL,
    };
    for (int s = 0; s < FONT_STYLE_COUNT; s++) {
        int id = set_add_named(fs, d, cfg, named[s], project_dir, font_default_names[s]);
        if (id < 0) {
            diag_report(d, D_FONT_BAD, NULL, 0, 0, font_default_names[s],
                        "the bundled font is missing or damaged");
            /* use any face already loaded rather than failing the whole book */
            if (fs->nfaces == 0) {
                font_set_free(fs);
                return NULL;
            }
            id = fs->style_face[FONT_REGULAR];
        }
        fs->style_face[s] = id;
    }
    /* the book's fallbacks, then the bundled one (added to, not replaced); font_set_cover may
       add installed faces after them */
    int nfb = cfg && cfg->font_fallback ? cfg->nfont_fallback : 0;
    fs->capfallback = nfb + 8;
    fs->fallback = calloc((size_t)fs->capfallback, sizeof(int));
    if (!fs->fallback)
        hj_oom();
    for (int i = 0; i < nfb; i++) {
        int id = set_add_named(fs, d, cfg, &cfg->font_fallback[i], project_dir, NULL);
        if (id >= 0)
            fallback_add(fs, id);
    }
    int id = set_add_bundled(fs, d, font_default_fallback);
    fs->bundled_fallback = id;
    if (id >= 0)
        fallback_add(fs, id);
    fs->hbuf = hb_buffer_create();
    arena_init(&fs->wc_arena);
    static const char *const feats[] = {"kern=1", "liga=0", "clig=0", "dlig=0"};
    for (int i = 0; i < 4; i++)
        hb_feature_from_string(feats[i], -1, &fs->feats[i]);
    return fs;
}

font_set *font_set_fork(font_set *fs)
{
    /* HarfBuzz's lazily made defaults (the language a buffer guesses, the Unicode functions),
       made here before the fork's thread starts rather than by both threads at once */
    (void)hb_language_get_default();
    (void)hb_unicode_funcs_get_default();
    if (!fs->wlock) { /* from now on the shaped words are shared */
        fs->wlock = malloc(sizeof(*fs->wlock));
        if (!fs->wlock)
            hj_oom();
        pthread_mutex_init(fs->wlock, NULL);
    }
    font_set *f = calloc(1, sizeof(*f));
    font_face *faces = calloc((size_t)fs->nfaces + 1, sizeof(*faces));
    int *fallback = calloc((size_t)fs->nfallback + 1, sizeof(int));
    if (!f || !faces || !fallback)
        hj_oom();
    f->a = fs->a;
    f->faces = faces;
    f->nfaces = fs->nfaces;
    for (int i = 0; i < fs->nfaces; i++) {
        font_face *ff = &faces[i];
        *ff = fs->faces[i]; /* the fonts, advances and character map cache shared */
        ff->used = hb_set_create();
        ff->glyphs = hb_set_create();
    }
    memcpy(f->style_face, fs->style_face, sizeof(f->style_face));
    memcpy(fallback, fs->fallback, sizeof(int) * (size_t)fs->nfallback);
    f->fallback = fallback;
    f->nfallback = fs->nfallback;
    f->capfallback = fs->nfallback + 1;
    f->bundled_fallback = fs->bundled_fallback;
    f->hbuf = hb_buffer_create();
    memcpy(f->feats, fs->feats, sizeof(f->feats));
    arena_init(&f->wc_arena);
    f->fork = 1;
    f->parent = fs;
    return f;
}

void font_set_free(font_set *fs)
{
    if (!fs)
        return;
    for (int i = 0; i < fs->nfaces; i++) {
        if (fs->fork) {
            hb_set_destroy(fs->faces[i].used);
            hb_set_destroy(fs->faces[i].glyphs);
        } else {
            face_close(&fs->faces[i]);
        }
    }
    free(fs->faces);
    free(fs->fallback);
    fontmiss_free(&fs->missing);
    hb_buffer_destroy(fs->hbuf);
    arena_free(&fs->wc_arena);
    htab_clear(&fs->words);
    if (fs->wlock) {
        pthread_mutex_destroy(fs->wlock);
        free(fs->wlock);
    }
    free(fs);
}

int font_face_count(const font_set *fs)
{
    return fs->nfaces;
}

const char *font_face_path(const font_set *fs, int face)
{
    return fs->faces[face].path;
}

const char *font_face_name(const font_set *fs, int face)
{
    return fs->faces[face].name;
}

font_metrics font_face_metrics(const font_set *fs, int face)
{
    return fs->faces[face].m;
}

int font_style_face(const font_set *fs, font_style style)
{
    if ((int)style < 0 || style >= FONT_STYLE_COUNT)
        style = FONT_REGULAR;
    return fs->style_face[style];
}

/* ---- glyphs and widths ----------------------------------------------------------------- */

/* Glyph id of cp in a face, or -1 when the face lacks it. */
static int face_glyph(font_face *f, uint32_t cp)
{
    /* a set and its forks share the cache (font_set_fork): the threads store the same value
       for a code point, atomically (plain loads and stores on the machines we build for) */
    if (cp < FONT_CMAP_CACHE) {
        int c = __atomic_load_n(&f->cmap[cp], __ATOMIC_RELAXED);
        if (c != FONT_CMAP_UNKNOWN)
            return c;
    }
    hb_codepoint_t g = 0;
    /* a damaged cmap can name a glyph the font does not have: that is no glyph at all */
    int r = hb_font_get_nominal_glyph(f->font, cp, &g) && g != 0 && g < f->nglyphs ? (int)g : -1;
    if (cp < FONT_CMAP_CACHE)
        __atomic_store_n(&f->cmap[cp], r, __ATOMIC_RELAXED);
    return r;
}

/* Advance of glyph g in 1/1000 em, truncated as libharu writes it into /W. */
static int face_pdf_width_gid(const font_face *f, int g)
{
    if (g < 0 || (unsigned)g >= f->nglyphs)
        g = 0;
    return (int)((unsigned)f->adv[g] * 1000u / f->upem);
}

int font_pdf_width(const font_set *fs, int face, uint32_t cp)
{
    font_face *f = &fs->faces[face];
    return face_pdf_width_gid(f, face_glyph(f, cp));
}

void font_mark_used(font_set *fs, int face, uint32_t cp)
{
    if (cp & FONT_MARK_GLYPH)
        hb_set_add(fs->faces[face].glyphs, cp & ~FONT_MARK_GLYPH);
    else
        hb_set_add(fs->faces[face].used, cp);
}

int font_pdf_width_glyph(const font_set *fs, int face, int gid)
{
    return face_pdf_width_gid(&fs->faces[face], gid);
}

int font_face_uses_glyphs(const font_set *fs, int face)
{
    return fs && face >= 0 && face < fs->nfaces && !hb_set_is_empty(fs->faces[face].glyphs);
}

/* Characters that draw nothing and take no room: dropped before shaping (soft hyphen, zero
 * width space and joiners, word joiner, BOM, variation selectors). */
static int is_dropped(uint32_t cp)
{
    return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) ||
           cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) || cp < 0x20 || cp == 0x7F;
}

/* Puts face id among the fallbacks just before the bundled face (after the book's own), or
 * moves it there. */
static void fallback_before_bundled(font_set *fs, int id)
{
    fallback_add(fs, id);
    int at = -1, from = -1;
    for (int i = 0; i < fs->nfallback; i++) {
        if (fs->fallback[i] == fs->bundled_fallback && at < 0)
            at = i;
        if (fs->fallback[i] == id)
            from = i;
    }
    if (at < 0 || from < at)
        return;
    memmove(fs->fallback + at + 1, fs->fallback + at, sizeof(int) * (size_t)(from - at));
    fs->fallback[at] = id;
}

/* The face that draws cp in a style: the style's face, then the fallbacks in order; -1 when
 * none has it. */
static int pick_face(font_set *fs, int sface, uint32_t cp, int *gid)
{
    int g = face_glyph(&fs->faces[sface], cp);
    if (g >= 0) {
        *gid = g;
        return sface;
    }
    for (int i = 0; i < fs->nfallback; i++) {
        int id = fs->fallback[i];
        g = face_glyph(&fs->faces[id], cp);
        if (g >= 0) {
            *gid = g;
            return id;
        }
    }
    return -1;
}

/* The language to ask the installed fonts for when cp is missing: the script's own (Hebrew
 * for Hebrew letters), the book's for Han characters when it writes Chinese, Japanese or
 * Korean (their forms differ), else Chinese. */
static const char *script_lang(uint32_t cp, const char *lang)
{
    static const struct {
        hb_script_t script;
        const char *lang;
    } by_script[] = {
        {HB_SCRIPT_HEBREW, "he"},     {HB_SCRIPT_ARABIC, "ar"},   {HB_SCRIPT_THAI, "th"},
        {HB_SCRIPT_DEVANAGARI, "hi"}, {HB_SCRIPT_HANGUL, "ko"},   {HB_SCRIPT_HIRAGANA, "ja"},
        {HB_SCRIPT_KATAKANA, "ja"},   {HB_SCRIPT_CYRILLIC, "ru"}, {HB_SCRIPT_GREEK, "el"},
        {HB_SCRIPT_ARMENIAN, "hy"},   {HB_SCRIPT_GEORGIAN, "ka"}, {HB_SCRIPT_ETHIOPIC, "am"},
        {HB_SCRIPT_BENGALI, "bn"},    {HB_SCRIPT_TAMIL, "ta"},    {HB_SCRIPT_KHMER, "km"},
        {HB_SCRIPT_LAO, "lo"},        {HB_SCRIPT_MYANMAR, "my"},  {HB_SCRIPT_SINHALA, "si"},
    };
    hb_script_t sc = hb_unicode_script(hb_unicode_funcs_get_default(), cp);
    for (size_t i = 0; i < HJ_ARRAY_LEN(by_script); i++)
        if (by_script[i].script == sc)
            return by_script[i].lang;
    if (sc == HB_SCRIPT_HAN || sc == HB_SCRIPT_BOPOMOFO) {
        /* fontconfig knows Chinese by region (zh-cn, zh-tw, zh-hk), not as bare "zh" */
        if (lang && !strncmp(lang, "zh", 2) && (!lang[2] || lang[2] == '-')) {
            if (strstr(lang, "Hant") || strstr(lang, "TW") || strstr(lang, "tw"))
                return "zh-tw";
            if (strstr(lang, "HK") || strstr(lang, "hk") || strstr(lang, "MO"))
                return "zh-hk";
            return "zh-cn";
        }
        static const char *const cjk[] = {"ja", "ko"};
        for (size_t i = 0; lang && i < HJ_ARRAY_LEN(cjk); i++)
            if (!strncmp(lang, cjk[i], 2) && (!lang[2] || lang[2] == '-'))
                return lang;
        return "zh-cn";
    }
    return lang;
}

/* Whether lang is Chinese or Japanese, whose Han characters take other forms than the bundled
 * Korean face's. */
static int lang_is_zh_ja(const char *lang)
{
    return lang && (!strncmp(lang, "zh", 2) || !strncmp(lang, "ja", 2)) &&
           (!lang[2] || lang[2] == '-');
}

/* Whether cp is written with Han forms or kana, which a Chinese or Japanese book wants from a
 * face made for its language. */
static int is_han_or_kana(uint32_t cp)
{
    hb_script_t sc = hb_unicode_script(hb_unicode_funcs_get_default(), cp);
    return sc == HB_SCRIPT_HAN || sc == HB_SCRIPT_HIRAGANA || sc == HB_SCRIPT_KATAKANA ||
           sc == HB_SCRIPT_BOPOMOFO;
}

/* Prints which face draws which script (hanji -v). */
static void say_cover(const font_set *fs, int id, uint32_t cp, FILE *verbose)
{
    if (!verbose)
        return;
    char tag[5];
    hb_tag_to_string(
        hb_script_to_iso15924_tag(hb_unicode_script(hb_unicode_funcs_get_default(), cp)), tag);
    tag[4] = '\0';
    fprintf(verbose, "hanji: %s (installed) draws %s, from U+%04X on\n", fs->faces[id].name, tag,
            (unsigned)cp);
}

int font_set_cover(font_set *fs, const uint32_t *cps, int n, const char *lang, FILE *verbose)
{
    if (!fs)
        return 0;
    sysfont *sf = NULL;
    int added = 0, tried = 0;
    /* A Chinese or Japanese book's Han characters and kana come from an installed face for its
       language before the bundled Korean one, whose Han forms are Korean (and which lacks most
       kana): one face then draws all of them, not two styles mixed. */
    if (lang_is_zh_ja(lang) && fs->bundled_fallback >= 0) {
        for (int i = 0; i < n; i++) {
            if (!is_han_or_kana(cps[i]) ||
                face_glyph(&fs->faces[fs->style_face[FONT_REGULAR]], cps[i]) >= 0)
                continue;
            char path[4096];
            unsigned index = 0;
            const char *why = NULL;
            sf = sysfont_open();
            tried = 1;
            int id = -1;
            if (sf &&
                sysfont_find(sf, cps[i], script_lang(cps[i], lang), path, sizeof path, &index) >= 0)
                id = set_add_face(fs, path, index, &why);
            if (id >= 0 && id != fs->bundled_fallback) {
                fallback_before_bundled(fs, id);
                added++;
                say_cover(fs, id, cps[i], verbose);
            }
            break;
        }
    }
    for (int i = 0; i < n; i++) {
        uint32_t cp = cps[i];
        int gid;
        /* private use characters mean what the book's own faces make them mean: an installed
           face that happens to have glyphs there (TeX Gyre's) draws something else */
        int private_use = (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000;
        if (is_dropped(cp) || cp == ' ' || private_use ||
            pick_face(fs, fs->style_face[FONT_REGULAR], cp, &gid) >= 0)
            continue;
        if (!tried) {
            sf = sysfont_open();
            tried = 1;
        }
        char path[4096];
        unsigned index = 0;
        const char *why = NULL;
        if (!sf || sysfont_find(sf, cp, script_lang(cp, lang), path, sizeof path, &index) < 0)
            continue; /* font_report_missing says which characters no face has */
        int id = set_add_face(fs, path, index, &why);
        if (id < 0)
            continue;
        fallback_add(fs, id);
        added++;
        say_cover(fs, id, cp, verbose);
    }
    sysfont_close(sf);
    return added;
}

/* What shaping a piece drew beyond advances, per character (1/1000 em for offsets): sub[k] is
 * font_glyph.gid. */
typedef struct piece_glyphs {
    int *sub;
    int *dx, *dy;
} piece_glyphs;

/* One shaped word: the code points of a piece of a run (a word and the spaces after it) with
 * the characters around it, and each character's PDF advance in 1/1000 em (nominal width
 * plus kerning), or ok = 0 when HarfBuzz did not give one glyph per character in order. */
typedef struct word_entry {
    uint64_t hash;
    int face, script, n;    /* n: code points of the piece, context excluded */
    int rtl;                /* shaped right to left */
    uint32_t before, after; /* context characters, 0 for none */
    int ok;
    uint32_t *cp;
    int *w;
    piece_glyphs pg; /* glyph ids and offsets, NULL arrays when all nominal and unmoved */
} word_entry;

#define WORD_MAX 64 /* longer pieces are not cached */

static uint64_t word_hash(int face, int script, int rtl, uint32_t before, uint32_t after,
                          const uint32_t *cp, int n)
{
    uint64_t h =
        1469598103934665603ull ^ (uint64_t)face ^ ((uint64_t)script << 8) ^ ((uint64_t)rtl << 40);
    h = (h ^ before) * 1099511628211ull;
    h = (h ^ after) * 1099511628211ull;
    for (int k = 0; k < n; k++)
        h = (h ^ cp[k]) * 1099511628211ull;
    return h ^ (h >> 29);
}

/* The script HarfBuzz would guess for the run out[i..j): its first character that has one. */
static hb_script_t run_script(const font_glyph *out, int i, int j)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    for (int k = i; k < j; k++) {
        hb_script_t sc = hb_unicode_script(uf, out[k].cp);
        if (sc != HB_SCRIPT_COMMON && sc != HB_SCRIPT_INHERITED && sc != HB_SCRIPT_UNKNOWN)
            return sc;
    }
    return HB_SCRIPT_INVALID;
}

/* Shapes cps (with one character of context each side, 0 for none) in face f, left to right
 * or right to left, and fills the advances of the middle characters in 1/1000 em, and in pg
 * (arrays of n, may be NULL) the glyph each character is drawn with and its offsets. Returns
 * 0 when HarfBuzz did not give at most one glyph per character in order (a ligature's glyph
 * stands for its first character, the others draw nothing). */
static int shape_piece(font_set *fs, font_face *f, hb_script_t script, int rtl, uint32_t before,
                       const uint32_t *cps, const int *gid, int n, uint32_t after, int *w,
                       const piece_glyphs *pg)
{
    hb_buffer_t *b = fs->hbuf;
    hb_buffer_clear_contents(b);
    hb_buffer_set_content_type(b, HB_BUFFER_CONTENT_TYPE_UNICODE);
    /* marks keep clusters of their own, so that each character finds its glyph */
    hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    unsigned base = 0;
    if (before)
        hb_buffer_add(b, before, base++);
    for (int k = 0; k < n; k++)
        hb_buffer_add(b, cps[k], base + (unsigned)k);
    if (after)
        hb_buffer_add(b, after, base + (unsigned)n);
    unsigned total = base + (unsigned)n + (after ? 1u : 0u);
    hb_buffer_set_direction(b, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_guess_segment_properties(b);
    if (script != HB_SCRIPT_INVALID)
        hb_buffer_set_script(b, script);
    hb_shape(f->font, b, fs->feats, 4);
    if (rtl) /* back to logical order (positions stay those of the visual line) */
        hb_buffer_reverse(b);
    unsigned len = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &len);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &len);
    if (len == 0 || len > total || info[0].cluster != 0)
        return 0;
    /* glyph k stands for the characters [cluster k, cluster k+1) */
    for (unsigned k = 0; k < len; k++) {
        unsigned end = k + 1 < len ? info[k + 1].cluster : total;
        if (end <= info[k].cluster || end > total)
            return 0;
        /* the context characters keep glyphs of their own */
        if ((before && info[k].cluster == 0 && end != 1) ||
            (after && info[k].cluster < total - 1 && end == total))
            return 0;
    }
    double k1000 = 1000.0 / f->upem;
    for (unsigned k = 0; k < len; k++) {
        unsigned c = info[k].cluster, end = k + 1 < len ? info[k + 1].cluster : total;
        if (c < base || c >= base + (unsigned)n)
            continue;
        int ci = (int)(c - base);
        int g = (int)info[k].codepoint, nominal = gid[ci];
        if (g < 0 || (unsigned)g >= f->nglyphs)
            g = 0;
        int kern = pos[k].x_advance - f->adv[g]; /* font units */
        w[ci] = face_pdf_width_gid(f, g);
        if (kern != 0)
            w[ci] += (int)lround(kern * k1000);
        if (pg && pg->sub) {
            /* a ligature's glyph always by id: its text is more than one character */
            pg->sub[ci] = g != nominal || end - c > 1 ? g : 0;
            if (g == 0 && nominal <= 0)
                pg->sub[ci] = 0; /* a missing character stays the character */
            pg->dx[ci] = (int)lround(pos[k].x_offset * k1000);
            pg->dy[ci] = (int)lround(pos[k].y_offset * k1000);
        }
        for (unsigned e = c + 1; e < end && e < base + (unsigned)n; e++) {
            w[e - base] = 0;
            if (pg && pg->sub) {
                pg->sub[e - base] = FONT_GID_NONE;
                pg->dx[e - base] = pg->dy[e - base] = 0;
            }
        }
    }
    return 1;
}

/* What word_get looks for. */
typedef struct word_key {
    int face, script, n, rtl;
    uint32_t before, after;
    const uint32_t *cp;
} word_key;

static int word_same(const void *entry, const void *key)
{
    const word_entry *e = entry;
    const word_key *k = key;
    return e->face == k->face && e->script == k->script && e->n == k->n && e->rtl == k->rtl &&
           e->before == k->before && e->after == k->after &&
           !memcmp(e->cp, k->cp, sizeof(uint32_t) * (size_t)k->n);
}

/* The cached shaping of one piece (looked up, or shaped and remembered). A fork shares its
 * parent's cache under the parent's lock (font_set_fork); entries never change once stored,
 * so they are read outside it, and shaping happens outside it too (with the set's own buffer). */
static const word_entry *word_get(font_set *fs, int face, hb_script_t script, int rtl,
                                  uint32_t before, const uint32_t *cps, const int *gid, int n,
                                  uint32_t after)
{
    font_set *o = fs->parent ? fs->parent : fs; /* whose cache */
    uint64_t h = word_hash(face, (int)script, rtl, before, after, cps, n);
    word_key key = {face, (int)script, n, rtl, before, after, cps};
    size_t at;
    if (o->wlock)
        pthread_mutex_lock(o->wlock);
    const word_entry *found = htab_find(&o->words, h, word_same, &key, &at);
    if (o->wlock)
        pthread_mutex_unlock(o->wlock);
    if (found)
        return found;
    int w[WORD_MAX] = {0}, sub[WORD_MAX], dx[WORD_MAX], dy[WORD_MAX];
    piece_glyphs pg = {sub, dx, dy};
    int ok = shape_piece(fs, &fs->faces[face], script, rtl, before, cps, gid, n, after, w, &pg);
    int plain = 1; /* nothing but nominal glyphs where the pen stands: no arrays kept */
    for (int k = 0; ok && k < n; k++)
        plain &= sub[k] == 0 && dx[k] == 0 && dy[k] == 0;
    if (o->wlock) {
        pthread_mutex_lock(o->wlock);
        found = htab_find(&o->words, h, word_same, &key, &at); /* the other thread's, meanwhile */
        if (found) {
            pthread_mutex_unlock(o->wlock);
            return found;
        }
    }
    word_entry *e = ARENA_NEW(&o->wc_arena, word_entry);
    e->hash = h;
    e->face = face;
    e->script = (int)script;
    e->n = n;
    e->rtl = rtl;
    e->before = before;
    e->after = after;
    e->ok = ok;
    e->cp = arena_alloc(&o->wc_arena, sizeof(uint32_t) * (size_t)n);
    memcpy(e->cp, cps, sizeof(uint32_t) * (size_t)n);
    e->w = arena_alloc(&o->wc_arena, sizeof(int) * (size_t)n);
    memcpy(e->w, w, sizeof(int) * (size_t)n);
    if (ok && !plain) {
        e->pg.sub = arena_alloc(&o->wc_arena, sizeof(int) * (size_t)n);
        e->pg.dx = arena_alloc(&o->wc_arena, sizeof(int) * (size_t)n);
        e->pg.dy = arena_alloc(&o->wc_arena, sizeof(int) * (size_t)n);
        memcpy(e->pg.sub, sub, sizeof(int) * (size_t)n);
        memcpy(e->pg.dx, dx, sizeof(int) * (size_t)n);
        memcpy(e->pg.dy, dy, sizeof(int) * (size_t)n);
    }
    htab_put(&o->words, at, e);
    if (o->wlock)
        pthread_mutex_unlock(o->wlock);
    return e;
}

/* Copies what shaping drew (piece_glyphs in 1/1000 em) onto out[k] for k in [from, to). */
static void put_glyphs(font_set *fs, font_glyph *out, int from, int to, const piece_glyphs *pg,
                       double scale)
{
    for (int k = from; k < to; k++) {
        int sub = pg->sub[k - from];
        out[k].gid = sub;
        out[k].dx = (float)(pg->dx[k - from] * scale);
        out[k].dy = (float)(pg->dy[k - from] * scale);
        if (sub > 0)
            hb_set_add(fs->faces[out[k].face].glyphs, (hb_codepoint_t)sub);
    }
}

/* Shapes out[i..j) (all in one face and direction, cp filled) with HarfBuzz and sets their
 * advances from nominal widths plus kerning, and the glyphs and offsets shaping gave. When
 * HarfBuzz does not give at most one glyph per character in order (decomposition,
 * reordering), the nominal glyphs and widths stand. The run is shaped piece by piece (a word,
 * then the spaces after it, each with one character of context each side: kerning and joining
 * are between neighbours), each piece's result cached for the build; when a piece does not
 * shape one to one, the whole run is shaped at once as before. */
static void shape_run(font_set *fs, font_glyph *out, const int *gid, int i, int j, double scale,
                      int rtl)
{
    font_face *f = &fs->faces[out[i].face];
    for (int k = i; k < j; k++)
        out[k].advance = (float)(face_pdf_width_gid(f, gid[k]) * scale);
    hb_script_t script = run_script(out, i, j);
    uint32_t cps[WORD_MAX];
    int whole = 0;
    for (int s = i; s < j && !whole;) {
        int m = s;
        while (m < j && out[m].cp != ' ')
            m++;
        int e = m;
        while (e < j && out[e].cp == ' ')
            e++;
        /* the word, then its spaces: two pieces, so that a word's entry does not depend on the
         * word after it (only the spaces' entry sees that word's first character) */
        for (int part = 0; part < 2 && !whole; part++) {
            int ps = part ? m : s, pe = part ? e : m;
            if (pe == ps)
                continue;
            if (pe - ps > WORD_MAX) {
                whole = 1;
                break;
            }
            for (int k = ps; k < pe; k++)
                cps[k - ps] = out[k].cp;
            uint32_t before = ps > i ? out[ps - 1].cp : 0;
            uint32_t after = pe < j ? out[pe].cp : 0;
            const word_entry *we =
                word_get(fs, out[i].face, script, rtl, before, cps, gid + ps, pe - ps, after);
            if (!we->ok) {
                whole = 1;
                break;
            }
            for (int k = ps; k < pe; k++)
                out[k].advance = (float)(we->w[k - ps] * scale);
            if (we->pg.sub)
                put_glyphs(fs, out, ps, pe, &we->pg, scale);
        }
        s = e;
    }
    if (!whole)
        return;
    for (int k = i; k < j; k++) {
        out[k].advance = (float)(face_pdf_width_gid(f, gid[k]) * scale);
        out[k].gid = 0;
        out[k].dx = out[k].dy = 0;
    }
    uint32_t *all = malloc(sizeof(uint32_t) * (size_t)(j - i));
    int *w = malloc(sizeof(int) * (size_t)(j - i) * 4);
    if (!all || !w)
        hj_oom();
    for (int k = i; k < j; k++)
        all[k - i] = out[k].cp;
    piece_glyphs pg = {w + (j - i), w + 2 * (j - i), w + 3 * (j - i)};
    if (shape_piece(fs, f, HB_SCRIPT_INVALID, rtl, 0, all, gid + i, j - i, 0, w, &pg)) {
        for (int k = i; k < j; k++)
            out[k].advance = (float)(w[k - i] * scale);
        put_glyphs(fs, out, i, j, &pg, scale);
    }
    free(all);
    free(w);
}

int font_shape(font_set *fs, arena *a, font_style style, double size, const char *text, size_t len,
               font_glyph **out)
{
    return font_shape_dir(fs, a, style, size, text, len, 0, out);
}

int font_shape_dir(font_set *fs, arena *a, font_style style, double size, const char *text,
                   size_t len, int rtl, font_glyph **out)
{
    *out = NULL;
    if (!fs || !text || len == 0)
        return 0;
    int sface = font_style_face(fs, style);
    size_t cap = utf8_count(text, len);
    font_glyph *g = arena_alloc(a, sizeof(font_glyph) * (cap ? cap : 1));
    int *gid = malloc(sizeof(int) * (cap ? cap : 1));
    if (!gid)
        hj_oom();
    int n = 0;
    for (size_t off = 0; off < len;) {
        size_t cl = 1;
        uint32_t cp = utf8_decode(text + off, len - off, &cl);
        if (cp == '\t' || cp == '\n' || cp == '\r')
            cp = ' ';
        if (!is_dropped(cp)) {
            int id = -1;
            int face = pick_face(fs, sface, cp, &id);
            if (face < 0) {
                fs->missing.seen++;
                if (cp != 0x20 && cp != 0xA0)
                    fontmiss_note(&fs->missing, cp);
                face = sface;
                id = 0;
                /* beyond the BMP, pdf.c draws U+FFFD: set that, so that the width laid out is
                 * the width drawn (else the pen runs ahead and the space after is lost) */
                if (cp > 0xFFFF && (face = pick_face(fs, sface, 0xFFFD, &id)) >= 0) {
                    cp = 0xFFFD;
                    hb_set_add(fs->faces[face].used, cp);
                } else if (face < 0) {
                    face = sface;
                    id = 0;
                }
            } else {
                hb_set_add(fs->faces[face].used, cp);
            }
            g[n].cp = cp;
            g[n].face = face;
            g[n].cluster = (uint32_t)off;
            gid[n] = id;
            n++;
        }
        off += cl;
    }
    double scale = size / 1000.0;
    for (int i = 0; i < n;) {
        int j = i + 1;
        while (j < n && g[j].face == g[i].face)
            j++;
        shape_run(fs, g, gid, i, j, scale, rtl);
        i = j;
    }
    /* A TrueType face's character beyond the BMP is drawn by glyph id: the PDF's codes for such
     * a face are two bytes, the code point (pdf.c), so it gets a code of its own as a shaped
     * glyph does (a CFF face's codes are its CIDs already). */
    for (int i = 0; i < n; i++)
        if (g[i].cp > 0xFFFF && g[i].gid == 0 && gid[i] > 0 && !fs->faces[g[i].face].cff) {
            g[i].gid = gid[i];
            hb_set_add(fs->faces[g[i].face].glyphs, (hb_codepoint_t)gid[i]);
        }
    free(gid);
    float x = 0;
    for (int i = 0; i < n; i++) {
        g[i].x = x;
        x += g[i].advance;
    }
    *out = g;
    return n;
}

/* ---- missing glyphs -------------------------------------------------------------------- */

void font_note_location(font_set *fs, const char *file, int line, int col)
{
    if (fs)
        fontmiss_locate(&fs->missing, file, line, col);
}

int font_missing_count(const font_set *fs)
{
    return fs ? fs->missing.seen : 0;
}

void font_report_missing(font_set *fs, diag_ctx *d, font_locate_fn locate, void *ud)
{
    if (fs)
        fontmiss_report(&fs->missing, d, locate, ud);
}

/* ---- subsetting ------------------------------------------------------------------------ */

/* Runs HarfBuzz's subsetter on face with in (destroyed here) and appends the font file it
 * makes to out. Returns 0, or -1 when nothing came out. */
static int subset_into(hb_face_t *face, hb_subset_input_t *in, buf *out)
{
    hb_face_t *sub = hb_subset_or_fail(face, in);
    hb_subset_input_destroy(in);
    if (!sub)
        return -1;
    hb_blob_t *blob = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    int r = -1;
    if (data && len > 0) {
        buf_put(out, data, len);
        r = 0;
    }
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    return r;
}

int font_subset(font_set *fs, int face, buf *out)
{
    if (!fs || face < 0 || face >= fs->nfaces)
        return -1;
    font_face *f = &fs->faces[face];
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return -1;
    hb_set_t *u = hb_subset_input_unicode_set(in);
    hb_set_union(u, f->used);
    /* the space keeps a format 4 (3,1) cmap subtable in the output even when nothing else is
     * used: libharu rejects a font without one */
    hb_set_add(u, 0x20);
    /* keep what libharu's TrueType loader reads: hinting tables (cvt, fpgm, prep) stay by
     * default; the name table keeps its legacy (Macintosh) records too; .notdef keeps its
     * outline so a missing character shows as a box */
    unsigned flags = HB_SUBSET_FLAGS_NAME_LEGACY | HB_SUBSET_FLAGS_NOTDEF_OUTLINE;
    if (!hb_set_is_empty(f->glyphs)) { /* glyphs drawn by id (pdf.c maps codes to them) */
        hb_set_union(hb_subset_input_glyph_set(in), f->glyphs);
        flags |= HB_SUBSET_FLAGS_RETAIN_GIDS;
    }
    hb_subset_input_set_flags(in, flags);
    return subset_into(f->face, in, out);
}

void font_subset_key(const font_set *fs, int face, buf *key)
{
    if (!fs || face < 0 || face >= fs->nfaces)
        return;
    const font_face *f = &fs->faces[face];
    /* the file: its path, size and the head table's whole-file checksum (a font replaced
     * under the same name gives another key) */
    buf_puts(key, f->path);
    unsigned len = hb_blob_get_length(f->blob);
    buf_put(key, &len, sizeof len);
    buf_put(key, &f->index, sizeof f->index);
    hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned hl = 0;
    const char *hd = hb_blob_get_data(head, &hl);
    if (hd && hl >= 12)
        buf_put(key, hd + 8, 4);
    hb_blob_destroy(head);
    for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(f->used, &cp);) {
        uint32_t v = cp;
        buf_put(key, &v, sizeof v);
    }
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(f->glyphs, &g);) {
        uint32_t v = g | FONT_MARK_GLYPH;
        buf_put(key, &v, sizeof v);
    }
}

/* ---- CFF programs for the PDF ---------------------------------------------------------- */

int font_cff_program(const void *sfnt, size_t len, const uint32_t *cps, int n, uint16_t *cids,
                     const int *gids, int ngids, uint16_t *gcids, buf *cff)
{
    if (!sfnt || len == 0 || len > UINT_MAX || n < 0 || ngids < 0)
        return -1;
    hb_blob_t *blob =
        hb_blob_create_or_fail(sfnt, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    if (!blob)
        return -1;
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_t *tb = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
    unsigned tl = 0;
    const unsigned char *d = (const unsigned char *)hb_blob_get_data(tb, &tl);
    unsigned nglyphs = hb_face_get_glyph_count(face);
    int r = -1;
    int cid_keyed = 0;
    long charset = 0;
    if (fontcff_top(d, tl, &cid_keyed, &charset) == 0) {
        hb_font_t *font = hb_font_create(face);
        r = 0;
        for (int i = 0; i < n && r == 0; i++) {
            hb_codepoint_t g = 0;
            long cid = 0;
            if (hb_font_get_nominal_glyph(font, cps[i], &g) && g < nglyphs)
                cid = cid_keyed ? fontcff_charset_cid(d, tl, charset, g) : (long)g;
            if (cid < 0 || cid > 0xFFFF)
                r = -1;
            else
                cids[i] = (uint16_t)cid;
        }
        for (int i = 0; i < ngids && r == 0; i++) { /* the subset kept these glyphs' ids */
            long cid = 0;
            if (gids[i] > 0 && (unsigned)gids[i] < nglyphs)
                cid = cid_keyed ? fontcff_charset_cid(d, tl, charset, (unsigned)gids[i]) : gids[i];
            if (cid < 0 || cid > 0xFFFF)
                r = -1;
            else
                gcids[i] = (uint16_t)cid;
        }
        hb_font_destroy(font);
        if (r == 0)
            buf_put(cff, d, tl);
    }
    hb_blob_destroy(tb);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return r;
}

int font_face_is_cff(const font_set *fs, int face)
{
    return fs && face >= 0 && face < fs->nfaces && fs->faces[face].cff;
}

/* A big-endian signed 16-bit value. */
static int be16s(const unsigned char *p)
{
    return (int16_t)(p[0] << 8 | p[1]);
}

font_desc font_face_desc(const font_set *fs, int face)
{
    font_desc fd = {{0, -250, 1000, 1000}, 0, 0};
    if (!fs || face < 0 || face >= fs->nfaces)
        return fd;
    const font_face *f = &fs->faces[face];
    hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned len = 0;
    const unsigned char *d = (const unsigned char *)hb_blob_get_data(head, &len);
    if (d && len >= 54)
        for (int k = 0; k < 4; k++)
            fd.bbox[k] = (int)lround(be16s(d + 36 + 2 * k) * 1000.0 / f->upem);
    hb_blob_destroy(head);
    hb_blob_t *post = hb_face_reference_table(f->face, HB_TAG('p', 'o', 's', 't'));
    d = (const unsigned char *)hb_blob_get_data(post, &len);
    if (d && len >= 16) {
        int32_t angle =
            (int32_t)((uint32_t)d[4] << 24 | (uint32_t)d[5] << 16 | (uint32_t)d[6] << 8 | d[7]);
        fd.italic_angle = angle / 65536.0;
        fd.fixed_pitch = (d[12] | d[13] | d[14] | d[15]) != 0;
    }
    hb_blob_destroy(post);
    return fd;
}

uint32_t *font_used_chars(const font_set *fs, int face, int *n)
{
    *n = 0;
    if (!fs || face < 0 || face >= fs->nfaces)
        return NULL;
    const hb_set_t *u = fs->faces[face].used;
    unsigned cap = hb_set_get_population(u);
    uint32_t *v = malloc(sizeof(uint32_t) * (cap ? cap : 1));
    if (!v)
        hj_oom();
    unsigned k = 0;
    for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; k < cap && hb_set_next(u, &cp);)
        v[k++] = cp;
    *n = (int)k;
    return v;
}

int font_has_char(const font_set *fs, int face, uint32_t cp)
{
    if (!fs || face < 0 || face >= fs->nfaces)
        return 0;
    const font_face *f = &fs->faces[face];
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(f->font, cp, &g) && g != 0 && g < f->nglyphs;
}

int font_subset_chars(const font_set *fs, int face, const uint32_t *cps, int n, buf *out)
{
    if (!fs || face < 0 || face >= fs->nfaces || n < 0 || (n > 0 && !cps))
        return -1;
    const font_face *f = &fs->faces[face];
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return -1;
    hb_set_t *u = hb_subset_input_unicode_set(in);
    for (int i = 0; i < n; i++)
        hb_set_add(u, cps[i]);
    hb_set_add(u, 0x20);
    /* name IDs kept: 0-6 (copyright, family, subfamily, unique id, full name, version,
     * PostScript name), 13 and 14 (licence description and URL) */
    hb_set_t *names = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
    hb_set_clear(names);
    hb_set_add_range(names, 0, 6);
    hb_set_add(names, 13);
    hb_set_add(names, 14);
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
    return subset_into(f->face, in, out);
}

const char *font_face_family(const font_set *fs, int face, arena *a)
{
    if (!fs || face < 0 || face >= fs->nfaces)
        return NULL;
    hb_face_t *hf = fs->faces[face].face;
    hb_language_t en = hb_language_from_string("en", -1);
    unsigned len = hb_ot_name_get_utf8(hf, HB_OT_NAME_ID_FONT_FAMILY, en, NULL, NULL);
    if (len == 0 || len > 1024)
        return NULL;
    char *s = arena_alloc(a, len + 1);
    unsigned size = len + 1;
    hb_ot_name_get_utf8(hf, HB_OT_NAME_ID_FONT_FAMILY, en, &size, s);
    s[size <= len ? size : len] = 0;
    return s;
}
