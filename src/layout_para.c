/* layout_para.c: a paragraph of styled spans -> shaped characters -> boxes, glue and penalties
 * -> Knuth-Plass breaks (layout_break.c) -> positioned lines of glyph runs.
 *
 * Design. The spans are shaped (font.c) into one flat array of characters for the whole
 * paragraph: code point, face, advance (pt) and span, plus flags for soft hyphens and pattern
 * hyphenation points. UAX #14 (ubrk.c) classifies the position after every character; spaces
 * become glue, other break opportunities penalties, hyphenation points flagged penalties that
 * carry the width of the hyphen, and the characters between break opportunities one box.
 * A box wider than the measure gets emergency breaks between all its characters (used only by
 * the breaker's final pass) and a warning. After breaking, each line's items are walked again
 * to place every character: glue set by the line's ratio (justified) or natural (ragged),
 * and characters grouped into runs that share face, span and word. Everything but the result
 * lives in a scratch arena reset per paragraph. */
#include "layout.h"

#include "bidi.h"
#include "htab.h"
#include "hyph.h"
#include "layout_break.h"
#include "layout_style.h"
#include "paracache.h"
#include "thbrk.h"
#include "ubrk.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- tunables ---------------------------------------------------------------------------- */

/* interword stretch, as a fraction of the space (CM: 1.67/3.33 = 0.5; with font expansion
 * beside it 0.33 makes loose lines dearer: the Handbook's p95/median word gap 1.38 -> 1.34) */
#define SPACE_STRETCH     0.33f
#define SPACE_SHRINK      0.333f  /* interword shrink, as a fraction of the space (CM: 1.11/3.33) */
#define CJK_STRETCH       0.05f   /* stretch between CJK characters, in em */
#define RAGGED_STRETCH    2.0f    /* ragged settings: stretch per line in em (TeX raggedright) */
#define HYPHEN_PENALTY    50.0f   /* TeX \hyphenpenalty: a pattern or soft hyphen break */
#define EX_HYPHEN_PENALTY 50.0f   /* TeX \exhyphenpenalty: after an explicit hyphen */
#define BREAK_PENALTY     100.0f  /* other UAX #14 breaks inside words (after '/', dashes) */
#define EMERGENCY_PENALTY 5000.0f /* a forced break inside a word wider than the measure */
#define SUPER_SCALE       0.65f   /* superscript size relative to its span's size */
#define SUPER_RAISE       0.35f   /* superscript baseline raise, in the span's em */
#define SUB_LOWER         0.15f   /* subscript baseline drop (SUPER_SCALE too), in the span's em */
#define SHAPE_CHUNK       4096    /* bytes shaped per HarfBuzz call at most (cut after a space) */
#define TOO_WIDE_EXCERPT  40      /* characters of a too-wide word quoted in the warning */

/* Character flags. */
enum {
    PC_SHY = 1 << 0,   /* a soft hyphen follows */
    PC_HYPH = 1 << 1,  /* a pattern hyphenation point follows */
    PC_ZWSP = 1 << 2,  /* a zero-width space follows (a break opportunity) */
    PC_BREAK = 1 << 3, /* a forced line break (SPAN_LINEBREAK); draws nothing */
    PC_CAPS = 1 << 4,  /* with PC_HYPH: the point is in a capitalised word */
};

struct para_ctx {
    diag_ctx *d;
    font_set *fs;
    const char *lang;
    hyph_dict *hyph;
    int hyph_tried;    /* patterns looked up (and a missing set reported) */
    arena scratch;     /* per paragraph */
    arena nodes;       /* the breaker's */
    arena shape;       /* per shaping chunk */
    pcache *cache;     /* a build session's paragraph cache, or NULL */
    int hyph_borrowed; /* hyph belongs to the cache */
    int cache_mode;    /* PARA_CACHE_* */
    hyph_exc *exc;     /* the book's hyphenation exceptions, or NULL */
    /* hyphenation points of the words met so far (for hyph), for the build */
    arena hw_arena;
    htab hwords;
};

/* One hyphenated word: its letters and hyph_word's answer (points in ok when r > 0). */
typedef struct hyph_entry {
    uint64_t hash;
    int n, r;
    uint32_t *cp;
    char *ok;
} hyph_entry;

para_ctx *para_ctx_new(arena *a, diag_ctx *d, font_set *fs, const char *lang)
{
    para_ctx *pc = calloc(1, sizeof(*pc));
    if (!pc)
        hj_oom();
    pc->d = d;
    pc->fs = fs;
    pc->lang = arena_strdup(a, lang && *lang ? lang : "en");
    arena_init(&pc->scratch);
    arena_init(&pc->nodes);
    arena_init(&pc->shape);
    arena_init(&pc->hw_arena);
    return pc;
}

void para_ctx_free(para_ctx *pc)
{
    if (!pc)
        return;
    if (!pc->hyph_borrowed)
        hyph_free(pc->hyph);
    hyph_exc_free(pc->exc);
    arena_free(&pc->scratch);
    arena_free(&pc->nodes);
    arena_free(&pc->shape);
    arena_free(&pc->hw_arena);
    htab_clear(&pc->hwords);
    free(pc);
}

void para_ctx_set_cache(para_ctx *pc, pcache *cache)
{
    if (pc)
        pc->cache = cache;
}

void para_ctx_set_cache_mode(para_ctx *pc, int mode)
{
    if (pc)
        pc->cache_mode = mode;
}

int para_ctx_set_patterns(para_ctx *pc, const char *path)
{
    if (!pc->hyph_borrowed)
        hyph_free(pc->hyph);
    pc->hyph_borrowed = 0;
    htab_clear(&pc->hwords); /* the words' points were for the old patterns */
    arena_free(&pc->hw_arena);
    arena_init(&pc->hw_arena);
    pc->hyph = hyph_load_file(path);
    pc->hyph_tried = 1;
    return pc->hyph ? 0 : -1;
}

void para_ctx_set_exceptions(para_ctx *pc, const char *const *words, int n)
{
    hyph_exc_free(pc->exc);
    pc->exc = NULL;
    for (int i = 0; i < n; i++) {
        if (!pc->exc)
            pc->exc = hyph_exc_new();
        hyph_exc_add(pc->exc, words[i]);
    }
    htab_clear(&pc->hwords); /* the words' points were without them */
    arena_free(&pc->hw_arena);
    arena_init(&pc->hw_arena);
}

static hyph_dict *ctx_hyph(para_ctx *pc)
{
    if (!pc->hyph_tried) {
        pc->hyph_tried = 1;
        if (pc->cache && pcache_hyph_get(pc->cache, pc->lang, &pc->hyph)) {
            pc->hyph_borrowed = 1; /* loaded by an earlier build of the session */
        } else {
            pc->hyph = hyph_load(pc->lang, NULL);
            if (pc->cache) {
                pcache_hyph_put(pc->cache, pc->lang, pc->hyph);
                pc->hyph_borrowed = 1;
            }
        }
        if (!pc->hyph && hyph_wanted(pc->lang))
            diag_report(pc->d, D_HYPH_NO_PATTERNS, NULL, 0, 0, pc->lang);
    }
    return pc->hyph;
}

/* ---- character classes ------------------------------------------------------------------- */

static int is_space(uint32_t c)
{
    return c == ' ' || c == 0x3000 || (c >= 0x2000 && c <= 0x200A && c != 0x2007);
}

static int is_nbsp(uint32_t c)
{
    return c == 0xA0 || c == 0x202F || c == 0x2007;
}

/* Letters that hyphenation patterns may apply to (Latin, Greek, Cyrillic). */
static int is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x52F);
}

/* Hangul: Korean words are set as units (CSS word-break: keep-all). */
static int is_hangul(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
           (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF);
}

/* CSS word-break: keep-all for Korean: no break (and no stretch) between two Hangul
 * characters, nor where Hangul meets a letter; Korean breaks at its spaces. */
static int keep_all(uint32_t a, uint32_t b)
{
    return (is_hangul(a) && (is_hangul(b) || is_letter(b))) || (is_letter(a) && is_hangul(b));
}

static int is_cjk(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0x20000 && c <= 0x3FFFF);
}

/* ---- the paragraph's characters ---------------------------------------------------------- */

typedef struct pchars {
    uint32_t *cp;
    float *adv;
    int *face;
    int *span;
    uint32_t *off; /* byte offset of the character in its span's text */
    unsigned char *flags;
    int n;
    /* right-to-left and shaped text (NULL when the paragraph has none): each character's
     * embedding level (UAX #9), the glyph shaping gave it (font_glyph.gid) and its offsets */
    unsigned char *level;
    int *gid;
    float *dx, *dy;
    int shaped; /* some character has a gid or an offset */
} pchars;

typedef struct hyphen_info {
    int face;
    float adv;
    int done;
} hyphen_info;

static float span_size(const para_span *s)
{
    float size = s->size > 0 ? s->size : 10.0f;
    return (s->flags & (SPAN_SUPER | SPAN_SUB)) ? size * SUPER_SCALE : size;
}

/* Appends the characters of s->text[off, end), shaped in one direction (rtl). blev: the
 * level of the character at each byte offset of the span (NULL: all 0). */
static void add_piece(para_ctx *pc, pchars *pcs, const para_span *s, int si, size_t off, size_t end,
                      int rtl, const unsigned char *blev)
{
    arena_reset(&pc->shape);
    font_glyph *g = NULL;
    int ng = font_shape_dir(pc->fs, &pc->shape, s->style, span_size(s), s->text + off, end - off,
                            rtl, &g);
    /* characters font_shape dropped (soft hyphens, zero-width spaces) leave gaps in the
     * clusters: look at the bytes between one character and the next */
    size_t prev_end = off;
    for (int k = 0; k <= ng; k++) {
        size_t at = k < ng ? off + g[k].cluster : end;
        for (size_t b = prev_end; b < at;) {
            size_t cl = 1;
            uint32_t c = utf8_decode(s->text + b, s->len - b, &cl);
            if (pcs->n > 0 && pcs->span[pcs->n - 1] == si) {
                if (c == 0xAD)
                    pcs->flags[pcs->n - 1] |= PC_SHY;
                else if (c == 0x200B)
                    pcs->flags[pcs->n - 1] |= PC_ZWSP;
            }
            b += cl;
        }
        if (k == ng)
            break;
        size_t cl = 1;
        utf8_decode(s->text + at, s->len - at, &cl);
        prev_end = at + cl;
        int i = pcs->n++;
        pcs->cp[i] = g[k].cp;
        pcs->adv[i] = g[k].advance;
        pcs->face[i] = g[k].face;
        pcs->span[i] = si;
        pcs->off[i] = (uint32_t)at;
        pcs->flags[i] = 0;
        if (pcs->level) {
            pcs->level[i] = blev ? blev[at] : 0;
            pcs->gid[i] = g[k].gid;
            pcs->dx[i] = g[k].dx;
            pcs->dy[i] = g[k].dy;
            pcs->shaped |= g[k].gid != 0 || g[k].dx != 0 || g[k].dy != 0;
        }
    }
}

/* Appends one span's characters, shaping it in chunks cut after spaces and where the
 * direction changes. */
static void add_span(para_ctx *pc, pchars *pcs, const para_span *s, int si,
                     const unsigned char *blev)
{
    if (s->flags & (SPAN_LINEBREAK | SPAN_IMAGE)) {
        /* a forced break, or an image: one character standing for it (U+FFFC, the object
           replacement character, breaks as any object does: UAX #14 class CB) */
        int img = (s->flags & SPAN_IMAGE) != 0;
        int i = pcs->n++;
        pcs->cp[i] = img ? 0xFFFC : 0x2028;
        pcs->adv[i] = img ? s->image_w : 0;
        pcs->face[i] = font_style_face(pc->fs, s->style);
        pcs->span[i] = si;
        pcs->off[i] = 0;
        pcs->flags[i] = img ? 0 : PC_BREAK;
        if (pcs->level) {
            pcs->level[i] = blev ? blev[0] : 0;
            pcs->gid[i] = 0;
            pcs->dx[i] = pcs->dy[i] = 0;
        }
        return;
    }
    if (!s->text || s->len == 0)
        return;
    size_t off = 0;
    while (off < s->len) {
        size_t end = s->len;
        if (end - off > SHAPE_CHUNK) {
            end = off + SHAPE_CHUNK;
            size_t sp = end;
            while (sp > off && s->text[sp - 1] != ' ')
                sp--;
            if (sp > off) {
                end = sp;
            } else {
                while (end > off && ((unsigned char)s->text[end] & 0xC0) == 0x80)
                    end--; /* do not cut a character */
                if (end == off)
                    end = off + 1;
            }
        }
        /* pieces of one direction (levels of one parity) */
        for (size_t p = off; p < end;) {
            int rtl = blev ? blev[p] & 1 : 0;
            size_t q = p;
            while (q < end) {
                size_t cl = 1;
                utf8_decode(s->text + q, s->len - q, &cl);
                if (blev && (blev[q] & 1) != rtl)
                    break;
                q += cl;
            }
            if (q > end)
                q = end;
            add_piece(pc, pcs, s, si, p, q, rtl, blev);
            p = q;
        }
        off = end;
    }
    if (s->src)
        font_note_location(pc->fs, s->src->file, s->src->line, s->src->col);
}

/* The paragraph's embedding levels, when it has right-to-left text or its base direction is
 * right to left: blev[si][b] is the level of the character at byte b of span si's text (the
 * byte of a line break span: [0]). Returns the paragraph level, or -1 when every level is 0
 * (blev left NULL). */
static int para_levels(arena *sa, const para_span *spans, int nspans, const para_opts *o,
                       unsigned char ***blev)
{
    *blev = NULL;
    size_t cap = 0;
    for (int i = 0; i < nspans; i++)
        cap += spans[i].len + 1;
    uint32_t *cps = arena_alloc(sa, sizeof(uint32_t) * cap);
    int n = 0;
    for (int i = 0; i < nspans; i++) {
        const para_span *s = &spans[i];
        if (s->flags & (SPAN_LINEBREAK | SPAN_IMAGE)) {
            cps[n++] = s->flags & SPAN_IMAGE ? 0xFFFC : 0x2028;
            continue;
        }
        for (size_t b = 0; s->text && b < s->len;) {
            size_t cl = 1;
            cps[n++] = utf8_decode(s->text + b, s->len - b, &cl);
            b += cl;
        }
    }
    if (o->dir != PARA_DIR_RTL && !bidi_needed(cps, n))
        return -1;
    unsigned char *lv = arena_alloc(sa, (size_t)(n ? n : 1));
    int para = bidi_levels(cps, n, o->dir == PARA_DIR_RTL ? BIDI_RTL : BIDI_AUTO, lv);
    unsigned char **bl = ARENA_NEWN(sa, unsigned char *, (size_t)nspans);
    int c = 0;
    for (int i = 0; i < nspans; i++) {
        const para_span *s = &spans[i];
        bl[i] = arena_alloc(sa, s->len + 1);
        if (s->flags & (SPAN_LINEBREAK | SPAN_IMAGE)) {
            bl[i][0] = lv[c++];
            continue;
        }
        for (size_t b = 0; s->text && b < s->len;) {
            size_t cl = 1;
            utf8_decode(s->text + b, s->len - b, &cl);
            bl[i][b] = lv[c++];
            b += cl;
        }
    }
    *blev = bl;
    return para;
}

/* What hyph_cached looks for. */
typedef struct hyph_key {
    int n;
    const uint32_t *cp;
} hyph_key;

static int hyph_same(const void *entry, const void *key)
{
    const hyph_entry *e = entry;
    const hyph_key *k = key;
    return e->n == k->n && !memcmp(e->cp, k->cp, sizeof(uint32_t) * (size_t)k->n);
}

/* hyph_word for cps[0..n) (n <= HYPH_MAX_WORD), remembered per word for the build. Returns
 * hyph_word's result; *ok points at the word's points (valid for the build). */
static int hyph_cached(para_ctx *pc, hyph_dict *h, const uint32_t *cps, int n, const char **ok)
{
    uint64_t hv = 1469598103934665603ull;
    for (int k = 0; k < n; k++)
        hv = (hv ^ cps[k]) * 1099511628211ull;
    hv ^= hv >> 29;
    hyph_key key = {n, cps};
    size_t at;
    const hyph_entry *found = htab_find(&pc->hwords, hv, hyph_same, &key, &at);
    if (found) {
        *ok = found->ok;
        return found->r;
    }
    hyph_entry *e = ARENA_NEW(&pc->hw_arena, hyph_entry);
    e->hash = hv;
    e->n = n;
    e->cp = arena_alloc(&pc->hw_arena, sizeof(uint32_t) * (size_t)n);
    memcpy(e->cp, cps, sizeof(uint32_t) * (size_t)n);
    e->ok = arena_alloc(&pc->hw_arena, (size_t)n);
    char tmp[HYPH_MAX_WORD];
    e->r = hyph_word_exc(h, pc->exc, cps, n, tmp);
    if (e->r > 0)
        memcpy(e->ok, tmp, (size_t)n);
    else
        memset(e->ok, 0, (size_t)n);
    htab_put(&pc->hwords, at, e);
    *ok = e->ok;
    return e->r;
}

/* Marks pattern hyphenation points in words made of letters only; those of capitalised words
 * (proper names, mostly) also PC_CAPS. */
static void hyphenate(para_ctx *pc, pchars *pcs, const para_span *spans)
{
    hyph_dict *h = ctx_hyph(pc);
    if (!h)
        return;
    const char *ok = NULL;
    for (int i = 0; i < pcs->n;) {
        if (!is_letter(pcs->cp[i])) {
            i++;
            continue;
        }
        int j = i, shy = 0, nobreak = 0;
        while (j < pcs->n && is_letter(pcs->cp[j])) {
            shy |= pcs->flags[j] & PC_SHY;
            nobreak |= spans[pcs->span[j]].flags & (SPAN_NOBREAK | SPAN_SUPER | SPAN_SUB);
            j++;
        }
        /* not inside URLs, file names, numbers or identifiers */
        uint32_t before = i > 0 ? pcs->cp[i - 1] : ' ';
        uint32_t after = j < pcs->n ? pcs->cp[j] : ' ';
        int odd = strchr("/@_\\.0123456789", (int)(before < 128 ? before : 'x')) ||
                  strchr("/@_\\0123456789", (int)(after < 128 ? after : 'x')) ||
                  (after == '.' && j + 1 < pcs->n && is_letter(pcs->cp[j + 1]));
        if (!shy && !nobreak && !odd && j - i <= HYPH_MAX_WORD &&
            hyph_cached(pc, h, pcs->cp + i, j - i, &ok) > 0) {
            int caps = hyph_is_upper(pcs->cp[i]) ? PC_CAPS : 0;
            for (int k = 0; k < j - i; k++)
                if (ok[k])
                    pcs->flags[i + k] |= PC_HYPH | caps;
        }
        i = j;
    }
}

/* ---- items ------------------------------------------------------------------------------- */

typedef struct items {
    kp_item *it;
    int *len; /* characters each item stands for (from it[k].ref) */
    int n, cap;
} items;

static kp_item *add_item(arena *a, items *is, int kind, float width, int ref, int len)
{
    if (is->n == is->cap) {
        int nc = is->cap ? is->cap * 2 : 256;
        is->it = arena_realloc(a, is->it, sizeof(kp_item) * (size_t)is->cap,
                               sizeof(kp_item) * (size_t)nc);
        is->len =
            arena_realloc(a, is->len, sizeof(int) * (size_t)is->cap, sizeof(int) * (size_t)nc);
        is->cap = nc;
    }
    kp_item *k = &is->it[is->n];
    memset(k, 0, sizeof(*k));
    k->kind = (unsigned char)kind;
    k->width = width;
    k->ref = ref;
    is->len[is->n] = len;
    is->n++;
    return k;
}

static void add_penalty(arena *a, items *is, float width, float penalty, int flags, int ref)
{
    kp_item *k = add_item(a, is, KP_PENALTY, width, ref, 0);
    k->penalty = penalty;
    k->flags = (unsigned char)flags;
}

static const hyphen_info *span_hyphen(para_ctx *pc, hyphen_info *hy, const para_span *spans, int si)
{
    if (!hy[si].done) {
        font_glyph *g = NULL;
        hy[si].done = 1;
        hy[si].face = font_style_face(pc->fs, spans[si].style);
        hy[si].adv = 0;
        if (font_shape(pc->fs, &pc->shape, spans[si].style, span_size(&spans[si]), "-", 1, &g) ==
            1) {
            hy[si].face = g[0].face;
            hy[si].adv = g[0].advance;
        }
    }
    return &hy[si];
}

/* Emits the box for characters [from, to). A box too wide for the measure (with room for a
 * hyphen after it) is cut greedily from its start into pieces that fit, with emergency breaks
 * between them (used only by the breaker's final pass), and reported when it is wider than
 * the measure itself. Cutting into whole-line pieces rather than offering a break after every
 * character keeps a 5 MB "word" linear: the breaker sees one breakpoint per line. */
static void flush_box(para_ctx *pc, arena *a, items *is, const pchars *pcs, int from, int to,
                      const para_span *spans, hyphen_info *hy, float measure)
{
    if (to <= from)
        return;
    float w = 0;
    for (int i = from; i < to; i++)
        w += pcs->adv[i];
    const hyphen_info *h = span_hyphen(pc, hy, spans, pcs->span[to - 1]);
    float fit = measure - h->adv;
    if (w <= fit) {
        add_item(a, is, KP_BOX, w, from, to - from);
        return;
    }
    if (w > measure) {
        const para_span *s = &spans[pcs->span[from]];
        buf b = BUF_INIT;
        for (int i = from; i < to && i < from + TOO_WIDE_EXCERPT; i++) {
            char u[4];
            buf_put(&b, u, utf8_encode(pcs->cp[i], u));
        }
        if (to - from > TOO_WIDE_EXCERPT)
            buf_puts(&b, "...");
        diag_report(pc->d, D_WORD_TOO_WIDE, s->src ? s->src->file : NULL, s->src ? s->src->line : 0,
                    s->src ? s->src->col : 0, buf_cstr(&b));
        buf_free(&b);
    }
    for (int i = from; i < to;) {
        int j = i;
        float pw = 0;
        /* at least one character per piece, however wide */
        do {
            pw += pcs->adv[j++];
        } while (j < to && pw + pcs->adv[j] <= fit);
        if (i > from)
            add_penalty(a, is, 0, EMERGENCY_PENALTY, KP_F_EMERGENCY, i);
        add_item(a, is, KP_BOX, pw, i, j - i);
        i = j;
    }
}

static void build_items(para_ctx *pc, arena *a, items *is, const pchars *pcs, const char *brk,
                        const para_span *spans, const para_opts *o, hyphen_info *hy)
{
    int justify = o->align == PARA_JUSTIFY;
    if (o->indent > 0) {
        add_item(a, is, KP_BOX, o->indent, 0, 0);
        /* a way out when the first word does not fit beside the indent */
        add_penalty(a, is, 0, EMERGENCY_PENALTY, KP_F_EMERGENCY, 0);
    }
    int box_from = 0, seen_text = 0;
    for (int i = 0; i < pcs->n; i++) {
        uint32_t c = pcs->cp[i];
        const para_span *s = &spans[pcs->span[i]];
        if (pcs->flags[i] & PC_BREAK) {
            flush_box(pc, a, is, pcs, box_from, i, spans, hy, (float)o->width);
            kp_item *g = add_item(a, is, KP_GLUE, 0, i, 1);
            g->flags = KP_F_FIL;
            add_penalty(a, is, 0, -KP_INF, 0, i + 1);
            box_from = i + 1;
            continue;
        }
        if (is_space(c) || is_nbsp(c)) {
            flush_box(pc, a, is, pcs, box_from, i, spans, hy, (float)o->width);
            box_from = i + 1;
            if (!seen_text)
                continue;
            if (is->n > 0 && is->it[is->n - 1].kind == KP_GLUE &&
                !(is->it[is->n - 1].flags & KP_F_FIL)) {
                is->len[is->n - 1]++; /* collapse runs of spaces into one glue */
                continue;
            }
            if (is_nbsp(c)) /* no break, but for words that cannot fit otherwise */
                add_penalty(a, is, 0, EMERGENCY_PENALTY, KP_F_EMERGENCY, i);
            kp_item *g = add_item(a, is, KP_GLUE, pcs->adv[i], i, 1);
            if (justify) {
                g->stretch = pcs->adv[i] * SPACE_STRETCH;
                g->shrink = pcs->adv[i] * SPACE_SHRINK;
            }
            continue;
        }
        seen_text = 1;
        if (i + 1 >= pcs->n || is_space(pcs->cp[i + 1]) || is_nbsp(pcs->cp[i + 1]) ||
            (pcs->flags[i + 1] & PC_BREAK))
            continue; /* glue or the end follows */
        unsigned char f = pcs->flags[i];
        int nobreak = s->flags & SPAN_NOBREAK;
        if ((f & (PC_SHY | PC_HYPH)) && !nobreak) {
            flush_box(pc, a, is, pcs, box_from, i + 1, spans, hy, (float)o->width);
            box_from = i + 1;
            const hyphen_info *h = span_hyphen(pc, hy, spans, pcs->span[i]);
            int fl = KP_F_HYPHEN | ((f & PC_SHY) ? 0 : KP_F_DISC);
            if (!(f & PC_SHY) && (f & PC_CAPS) && !o->hyphenate_caps)
                fl |= KP_F_EMERGENCY; /* a name: only when nothing else fits */
            add_penalty(a, is, h->adv, HYPHEN_PENALTY, fl, i + 1);
        } else if (!(f & PC_ZWSP) && keep_all(c, pcs->cp[i + 1])) {
            continue; /* one Korean word: one box */
        } else if (brk[i] == UBRK_ALLOW || brk[i] == UBRK_MUST || (f & PC_ZWSP)) {
            flush_box(pc, a, is, pcs, box_from, i + 1, spans, hy, (float)o->width);
            box_from = i + 1;
            if (c == '-' || c == 0x2010) {
                add_penalty(a, is, 0, EX_HYPHEN_PENALTY, KP_F_HYPHEN, i + 1);
            } else if (is_cjk(c) && is_cjk(pcs->cp[i + 1])) {
                kp_item *g = add_item(a, is, KP_GLUE, 0, i + 1, 0);
                if (justify)
                    g->stretch = CJK_STRETCH * span_size(s);
            } else {
                add_penalty(a, is, 0, (f & PC_ZWSP) ? 0 : BREAK_PENALTY, 0, i + 1);
            }
        }
    }
    flush_box(pc, a, is, pcs, box_from, pcs->n, spans, hy, (float)o->width);
    /* font expansion: a justified line's glyphs (and its hyphen) may be set a little wider or
     * narrower, which the breaker counts as stretch and shrink of the boxes */
    for (int k = 0; justify && k < is->n; k++) {
        kp_item *it = &is->it[k];
        if ((it->kind == KP_BOX && is->len[k] > 0) || (it->kind == KP_PENALTY && it->width > 0))
            it->stretch = it->shrink = it->width * FONT_EXPAND;
    }
    /* TeX's paragraph end: drop trailing glue, then \penalty10000 \parfillskip \penalty-10000
     * (unless a forced break already ends it) */
    while (is->n > 0 && is->it[is->n - 1].kind == KP_GLUE && !(is->it[is->n - 1].flags & KP_F_FIL))
        is->n--;
    if (is->n >= 2 && is->it[is->n - 1].kind == KP_PENALTY && is->it[is->n - 1].penalty <= -KP_INF)
        return;
    add_penalty(a, is, 0, KP_INF, 0, pcs->n);
    kp_item *g = add_item(a, is, KP_GLUE, 0, pcs->n, 0);
    g->flags = KP_F_FIL;
    add_penalty(a, is, 0, -KP_INF, 0, pcs->n);
}

/* ---- lines ------------------------------------------------------------------------------- */

typedef struct placed {
    uint32_t cp;
    int face, span, word;
    float x, adv;
    /* right-to-left and shaped paragraphs: */
    int level; /* embedding level */
    int white; /* white space (glue or the indent): reordered, then dropped */
    int gid;   /* font_glyph.gid */
    float dx, dy;
} placed;

/* A line of a paragraph with right-to-left text: its placed glyphs and white spaces, in
 * logical order with x as if set left to right, are put in visual order (L1, L2) and their x
 * set again from the left; the white spaces are dropped. Returns the glyphs left in pl. */
static int line_visual(arena *sa, placed *pl, int np, int para_level)
{
    uint32_t *cps = arena_alloc(sa, sizeof(uint32_t) * (size_t)(np ? np : 1));
    unsigned char *lv = arena_alloc(sa, (size_t)(np ? np : 1));
    int *order = arena_alloc(sa, sizeof(int) * (size_t)(np ? np : 1));
    placed *tmp = arena_alloc(sa, sizeof(placed) * (size_t)(np ? np : 1));
    for (int j = 0; j < np; j++) {
        /* white space: glue is a space (L1 puts it back at the paragraph level at the line's
         * end); the indent, which opens the paragraph, an object at the paragraph's level */
        cps[j] = !pl[j].white ? pl[j].cp : pl[j].cp == ' ' ? ' ' : 0xFFFC;
        lv[j] = (unsigned char)pl[j].level;
    }
    bidi_reorder(para_level, cps, lv, np, order);
    float x = 0;
    int n = 0;
    for (int v = 0; v < np; v++) {
        placed p = pl[order[v]];
        p.x = x;
        x += p.adv;
        if (!p.white) {
            p.level = lv[order[v]];
            tmp[n++] = p;
        }
    }
    memcpy(pl, tmp, sizeof(placed) * (size_t)n);
    return n;
}

/* Turns the placed glyphs of one line into runs in out; when run_span is not NULL, the span
 * of each run goes there (room for np). */
static void make_runs(para_ctx *pc, arena *out, const placed *pl, int np, const para_span *spans,
                      float expand, lay_line *ln, int *run_span)
{
    int nruns = 0;
    for (int k = 0; k < np; k++)
        if (k == 0 || pl[k].face != pl[k - 1].face || pl[k].span != pl[k - 1].span ||
            pl[k].word != pl[k - 1].word || pl[k].level != pl[k - 1].level)
            nruns++;
    ln->runs = ARENA_NEWN(out, lay_run, (size_t)(nruns ? nruns : 1));
    ln->nruns = 0;
    float right = 0, asc = 0, desc = 0;
    for (int k = 0; k < np;) {
        int e = k + 1;
        while (e < np && pl[e].face == pl[k].face && pl[e].span == pl[k].span &&
               pl[e].word == pl[k].word && pl[e].level == pl[k].level)
            e++;
        const para_span *s = &spans[pl[k].span];
        if (run_span)
            run_span[ln->nruns] = pl[k].span;
        lay_run *r = &ln->runs[ln->nruns++];
        uint32_t *cps = ARENA_NEWN(out, uint32_t, (size_t)(e - k));
        float *xs = ARENA_NEWN(out, float, (size_t)(e - k));
        int shaped = 0;
        for (int j = k; j < e; j++) {
            cps[j - k] = pl[j].cp;
            xs[j - k] = pl[j].x - pl[k].x + pl[j].dx;
            shaped |= pl[j].gid != 0 || pl[j].dy != 0;
        }
        if (shaped) {
            int *gids = ARENA_NEWN(out, int, (size_t)(e - k));
            float *ys = ARENA_NEWN(out, float, (size_t)(e - k));
            for (int j = k; j < e; j++) {
                gids[j - k] = pl[j].gid;
                ys[j - k] = -pl[j].dy;
            }
            r->gids = gids;
            r->ys = ys;
        }
        r->rtl = pl[k].level > 0 && (pl[k].level & 1);
        r->face = pl[k].face;
        r->size = span_size(s);
        r->x = pl[k].x;
        r->y = (s->flags & SPAN_SUPER) ? -SUPER_RAISE * (s->size > 0 ? s->size : 10.0f)
               : (s->flags & SPAN_SUB) ? SUB_LOWER * (s->size > 0 ? s->size : 10.0f)
                                       : 0;
        r->n = e - k;
        r->cps = cps;
        r->xs = xs;
        r->width = pl[e - 1].x + pl[e - 1].adv - pl[k].x;
        r->expand = expand;
        r->uri = s->uri;
        r->dest = s->dest;
        r->strike = (s->flags & SPAN_STRIKE) != 0;
        font_metrics m = font_face_metrics(pc->fs, r->face);
        float a = m.ascender * r->size / 1000.0f - r->y;
        float d = -m.descender * r->size / 1000.0f + r->y;
        if (s->flags & SPAN_IMAGE) {
            r->n = 0; /* drawn as an image, not a glyph */
            r->image = s->image;
            r->image_w = s->image_w;
            r->image_h = s->image_h;
            r->image_drop = s->image_drop;
            a = s->image_h - s->image_drop;
            d = s->image_drop;
        }
        if (a > asc)
            asc = a;
        if (d > desc)
            desc = d;
        if (r->x + r->width > right)
            right = r->x + r->width;
        k = e;
    }
    ln->width = right;
    ln->ascent = asc;
    ln->descent = desc;
}

int para_layout(para_ctx *pc, arena *out, const para_span *spans, int nspans, const para_opts *opts,
                lay_line **lines)
{
    *lines = NULL;
    if (!pc || !spans || nspans <= 0 || !opts)
        return 0;
    arena *sa = &pc->scratch;
    arena_reset(sa);
    /* a session's cache: the same inputs give the same lines */
    pcache_key key = {NULL, 0, 0};
    int reported = 0, missing = 0;
    if (pc->cache) {
        key = pcache_make_key(sa, pc->lang, spans, nspans, opts);
        int n = pcache_get(pc->cache, &key, pc->fs, out, spans, lines);
        if (n >= 0) {
            if (opts->hyphenate)
                ctx_hyph(pc); /* a missing-patterns warning comes at the same point */
            return n;
        }
        reported = pc->d ? pc->d->errors + pc->d->warnings : 0;
        missing = font_missing_count(pc->fs);
    }
    size_t cap = 0;
    for (int i = 0; i < nspans; i++)
        cap += spans[i].len + 1;
    pchars pcs = {0};
    pcs.cp = arena_alloc(sa, sizeof(uint32_t) * cap);
    pcs.adv = arena_alloc(sa, sizeof(float) * cap);
    pcs.face = arena_alloc(sa, sizeof(int) * cap);
    pcs.span = arena_alloc(sa, sizeof(int) * cap);
    pcs.off = arena_alloc(sa, sizeof(uint32_t) * cap);
    pcs.flags = arena_alloc(sa, cap);
    unsigned char **blev = NULL;
    int para_level = para_levels(sa, spans, nspans, opts, &blev);
    /* the shaped glyphs are kept for every paragraph, in the one direction when it has none */
    pcs.level = arena_alloc(sa, cap);
    pcs.gid = arena_alloc(sa, sizeof(int) * cap);
    pcs.dx = arena_alloc(sa, sizeof(float) * cap);
    pcs.dy = arena_alloc(sa, sizeof(float) * cap);
    for (int i = 0; i < nspans; i++)
        add_span(pc, &pcs, &spans[i], i, blev ? blev[i] : NULL);
    int bidi = para_level >= 0; /* lines need reordering */
    int rtl = para_level == 1;
    int has_text = 0;
    for (int i = 0; i < pcs.n && !has_text; i++)
        has_text = !is_space(pcs.cp[i]) && !(pcs.flags[i] & PC_BREAK);
    if (!has_text)
        return 0;

    char *brk = arena_alloc(sa, (size_t)pcs.n);
    ubrk_breaks(pcs.cp, (size_t)pcs.n, pc->lang, brk);
    thbrk_words(pcs.cp, (size_t)pcs.n, brk); /* Thai: between words, from a dictionary */
    if (opts->hyphenate)
        hyphenate(pc, &pcs, spans);

    hyphen_info *hy = ARENA_NEWN(sa, hyphen_info, (size_t)nspans);
    items is = {0};
    build_items(pc, sa, &is, &pcs, brk, spans, opts, hy);

    /* the body size: the first span's, for em-based tunables */
    float em = spans[0].size > 0 ? spans[0].size : 10.0f;
    kp_params kp;
    kp_defaults(&kp, opts->width);
    if (opts->align != PARA_JUSTIFY)
        kp.line_stretch = RAGGED_STRETCH * em;
    kp.hyphen_limit = HYPHEN_LIMIT;
    if (opts->align == PARA_JUSTIFY)
        kp.pretolerance = PRETOLERANCE;
    kp.emergency_stretch = EMERGENCY_STRETCH * opts->width;
    kp_line *kl = NULL;
    int nl = kp_break(is.it, is.n, &kp, &pc->nodes, sa, &kl, NULL);

    lay_line *ls = ARENA_NEWN(out, lay_line, (size_t)(nl ? nl : 1));
    int plcap = 256;
    placed *pl = arena_alloc(sa, sizeof(placed) * (size_t)plcap);
    int *run_span = NULL, nrs = 0, caprs = 0; /* for the cache: every run's span */
    for (int l = 0; l < nl; l++) {
        const kp_line *k = &kl[l];
        int np = 0, word = 0;
        ls[l].start_span = -1;
        float x = 0;
        /* the glyphs' width on this line (font expansion) */
        float scale = opts->align == PARA_JUSTIFY ? 1 + k->expand * FONT_EXPAND : 1;
        for (int t = k->start; t <= k->end && t < is.n; t++) {
            const kp_item *it = &is.it[t];
            if (it->kind == KP_GLUE) {
                if (t == k->end)
                    break;
                float w = it->width;
                if (opts->align == PARA_JUSTIFY && !(it->flags & KP_F_FIL))
                    w += k->ratio > 0 ? k->ratio * it->stretch : k->ratio * it->shrink;
                if (bidi) { /* the space, to be reordered with the glyphs */
                    if (np == plcap) {
                        pl = arena_realloc(sa, pl, sizeof(placed) * (size_t)plcap,
                                           sizeof(placed) * (size_t)plcap * 2);
                        plcap *= 2;
                    }
                    /* at the level of the space (or spaces) it stands for */
                    int sp = it->ref < pcs.n ? it->ref : pcs.n - 1;
                    pl[np++] = (placed){' ', 0, 0, word, x, w, pcs.level[sp], 1, 0, 0, 0};
                }
                x += w;
                word++;
                continue;
            }
            if (it->kind == KP_PENALTY) {
                /* (a hyphen that cannot fit, after a glyph wider than the measure, is left
                 * out: nothing may reach past the measure) */
                if (t == k->end && it->width > 0 && x + it->width * scale <= opts->width + 0.01f) {
                    /* the hyphen at a hyphen break, in the face of the character before */
                    int ci = it->ref - 1;
                    if (ci < 0)
                        ci = 0;
                    const hyphen_info *h = span_hyphen(pc, hy, spans, pcs.span[ci]);
                    if (np == plcap) {
                        pl = arena_realloc(sa, pl, sizeof(placed) * (size_t)plcap,
                                           sizeof(placed) * (size_t)plcap * 2);
                        plcap *= 2;
                    }
                    pl[np++] = (placed){
                        '-', h->face, pcs.span[ci], word, x, h->adv * scale, pcs.level[ci], 0, 0,
                        0,   0};
                    x += h->adv * scale;
                    font_mark_used(pc->fs, h->face, '-');
                    ls[l].hyphenated = 1;
                }
                continue;
            }
            if (t == k->end)
                break;
            if (is.len[t] == 0) { /* the indent */
                if (bidi) {
                    if (np == plcap) {
                        pl = arena_realloc(sa, pl, sizeof(placed) * (size_t)plcap,
                                           sizeof(placed) * (size_t)plcap * 2);
                        plcap *= 2;
                    }
                    pl[np++] = (placed){0, 0, 0, word, x, it->width, para_level, 1, 0, 0, 0};
                }
                x += it->width;
                continue;
            }
            if (ls[l].start_span < 0) {
                ls[l].start_span = pcs.span[it->ref];
                ls[l].start_off = pcs.off[it->ref];
            }
            for (int c = it->ref; c < it->ref + is.len[t]; c++) {
                if (np == plcap) {
                    pl = arena_realloc(sa, pl, sizeof(placed) * (size_t)plcap,
                                       sizeof(placed) * (size_t)plcap * 2);
                    plcap *= 2;
                }
                pl[np++] = (placed){pcs.cp[c],  pcs.face[c],        pcs.span[c],  word,
                                    x,          pcs.adv[c] * scale, pcs.level[c], 0,
                                    pcs.gid[c], pcs.dx[c] * scale,  pcs.dy[c]};
                x += pcs.adv[c] * scale;
            }
        }
        if (bidi)
            np = line_visual(sa, pl, np, para_level);
        /* ragged and centred lines: shift by the white space left; a right-to-left
         * paragraph's lines start at the right (its ragged last line is flush right) */
        float shift = 0;
        float room = opts->width - x;
        int align = opts->align;
        if (rtl)
            align = align == PARA_RIGHT ? PARA_LEFT : align == PARA_CENTER ? align : PARA_RIGHT;
        if (room > 0 && align == PARA_CENTER)
            shift = room / 2;
        else if (room > 0 && align == PARA_RIGHT)
            shift = room;
        for (int j = 0; j < np; j++)
            pl[j].x += shift;
        int *rs = NULL;
        if (pc->cache) {
            if (nrs + np > caprs) {
                int ncap = (nrs + np) * 2 + 16;
                run_span = arena_realloc(sa, run_span, sizeof(int) * (size_t)caprs,
                                         sizeof(int) * (size_t)ncap);
                caprs = ncap;
            }
            rs = run_span + nrs;
        }
        make_runs(pc, out, pl, np, spans, scale - 1, &ls[l], rs);
        nrs += ls[l].nruns;
        if (ls[l].nruns == 0) {
            /* an empty line (two forced breaks in a row): the extent of its span's font */
            int si = k->start < is.n
                         ? pcs.span[is.it[k->start].ref < pcs.n ? is.it[k->start].ref : pcs.n - 1]
                         : 0;
            float size = span_size(&spans[si]);
            font_metrics m = font_face_metrics(pc->fs, font_style_face(pc->fs, spans[si].style));
            ls[l].ascent = m.ascender * size / 1000.0f;
            ls[l].descent = -m.descender * size / 1000.0f;
        }
    }
    /* store what reported nothing (messages carry locations and must not be lost) */
    if (pc->cache && pc->cache_mode != PARA_CACHE_LOOKUP &&
        (pc->d ? pc->d->errors + pc->d->warnings : 0) == reported &&
        font_missing_count(pc->fs) == missing) {
        /* the glyphs font_shape marked used: every shaped character and each span's hyphen */
        uint64_t *marks = arena_alloc(sa, sizeof(uint64_t) * (size_t)(2 * pcs.n + nspans + 1));
        int nm = 0;
        for (int i = 0; i < pcs.n; i++) {
            if (pcs.flags[i] & PC_BREAK)
                continue;
            marks[nm++] = (uint64_t)(uint32_t)pcs.face[i] << 32 | pcs.cp[i];
            if (pcs.gid[i] > 0) /* and the glyph drawn for it */
                marks[nm++] =
                    (uint64_t)(uint32_t)pcs.face[i] << 32 | FONT_MARK_GLYPH | (uint32_t)pcs.gid[i];
        }
        for (int i = 0; i < nspans; i++)
            if (hy[i].done)
                marks[nm++] = (uint64_t)(uint32_t)hy[i].face << 32 | '-';
        if (pc->cache_mode == PARA_CACHE_LEND)
            pcache_lend(pc->cache, &key, ls, nl, run_span, marks, nm);
        else
            pcache_put(pc->cache, &key, ls, nl, run_span, marks, nm);
    }
    *lines = ls;
    return nl;
}
