/* config.c: book/book.yaml -> struct config (the only libyaml user). Uses libyaml's document
 * API so every node keeps its line and column for messages. Unknown keys are warnings; wrong
 * types and bad values are errors; parsing goes on after either so all problems show at once. */
#include "config.h"
#include "hyph.h"
#include "file.h"
#include "utf8.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define PT_PER_IN 72.0
#define PT_PER_MM (72.0 / 25.4)

void config_defaults(config *c)
{
    memset(c, 0, sizeof(*c));
    c->file = "book/book.yaml";
    c->lang = "en";
    c->page_width = 6 * PT_PER_IN; /* 6x9in trade paperback */
    c->page_height = 9 * PT_PER_IN;
    c->margin_inner = 0.875 * PT_PER_IN;
    c->margin_outer = 0.625 * PT_PER_IN;
    c->margin_top = 0.75 * PT_PER_IN;
    c->margin_bottom = 0.875 * PT_PER_IN;
    c->font_size = 10.5;
    c->leading = 14;
    c->toc_depth = 2;
    c->cover.spine_text = 1;
    c->cover.background = -1;
}

double config_length(const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || !(v >= 0) || v > 1e6)
        return -1;
    while (*end == ' ')
        end++;
    if (strcmp(end, "in") == 0)
        return v * PT_PER_IN;
    if (strcmp(end, "mm") == 0)
        return v * PT_PER_MM;
    if (strcmp(end, "cm") == 0)
        return v * 10 * PT_PER_MM;
    if (strcmp(end, "pt") == 0 || *end == 0)
        return v;
    return -1;
}

int config_page_size(const char *s, double *w, double *h)
{
    static const struct {
        const char *name;
        double w, h;
    } sizes[] = {
        {"6x9in", 6 * PT_PER_IN, 9 * PT_PER_IN},  {"5.5x8.5in", 5.5 * PT_PER_IN, 8.5 * PT_PER_IN},
        {"5x8in", 5 * PT_PER_IN, 8 * PT_PER_IN},  {"a5", 148 * PT_PER_MM, 210 * PT_PER_MM},
        {"a4", 210 * PT_PER_MM, 297 * PT_PER_MM}, {"letter", 8.5 * PT_PER_IN, 11 * PT_PER_IN},
    };
    char low[64];
    size_t n = strlen(s);
    if (n >= sizeof(low))
        return -1;
    for (size_t i = 0; i <= n; i++)
        low[i] = (char)tolower((unsigned char)s[i]);
    for (size_t i = 0; i < HJ_ARRAY_LEN(sizes); i++) {
        if (strcmp(low, sizes[i].name) == 0) {
            *w = sizes[i].w;
            *h = sizes[i].h;
            return 0;
        }
    }
    /* WIDTHxHEIGHT with one unit at the end ("6x9in") or on both ("152mmx229mm") */
    char *x = strchr(low, 'x');
    if (!x)
        return -1;
    *x = 0;
    const char *a = low, *b = x + 1;
    const char *unit = b + strspn(b, "0123456789. ");
    char abuf[80];
    if (*unit && strpbrk(a, "abcdefghijklmnopqrstuvwyz") == NULL) {
        snprintf(abuf, sizeof(abuf), "%s%s", a, unit);
        a = abuf;
    }
    double wv = config_length(a), hv = config_length(b);
    if (wv < 72 || hv < 72 || wv > 14400 || hv > 14400)
        return -1;
    *w = wv;
    *h = hv;
    return 0;
}

char *config_slug(arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    int dash = 0;
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t cp = utf8_decode(s + i, n - i, &len);
        if (cp < 0x80) {
            unsigned char c = (unsigned char)s[i];
            if (isalnum(c) || c == '_') {
                if (dash && o > 0)
                    out[o++] = '-';
                dash = 0;
                out[o++] = (char)tolower(c);
            } else if (c == ' ' || c == '-' || c == '\t') {
                dash = 1;
            }
        } else if (cp != UTF8_REPLACEMENT && utf8_is_text(cp) && !(cp >= 0x2000 && cp <= 0x206F) &&
                   !(cp >= 0x3000 && cp <= 0x303F)) {
            /* other letters are kept as they are (GitHub keeps them too) */
            if (dash && o > 0)
                out[o++] = '-';
            dash = 0;
            memcpy(out + o, s + i, len);
            o += len;
        }
        i += len;
    }
    out[o] = 0;
    return out;
}

/* ---- the YAML walk -------------------------------------------------------------------- */

typedef struct ycx {
    arena *a;
    diag_ctx *d;
    const char *file;
    yaml_document_t *doc;
    int errors;
    int line0;    /* the file's line of the text's first line, less one (front matter) */
    size_t text;  /* bytes of text values taken so far (CONFIG_MAX_TEXT) */
    int too_much; /* CONFIG_MAX_TEXT was reported */
} ycx;

static void yerr(ycx *y, yaml_node_t *n, diag_code code, const char *arg1, const char *arg2)
{
    diag_report(y->d, code, y->file, (int)n->start_mark.line + 1 + y->line0,
                (int)n->start_mark.column + 1, arg1, arg2);
    if (diag_level_of(code) == DIAG_ERROR)
        y->errors++;
}

static const char *yscalar(ycx *y, yaml_node_t *n, const char *key)
{
    if (n->type != YAML_SCALAR_NODE) {
        yerr(y, n, D_YAML_TYPE, key, "a text value");
        return NULL;
    }
    const char *v = (const char *)n->data.scalar.value;
    size_t len = n->data.scalar.length;
    if (len > CONFIG_MAX_VALUE) {
        diag_report(
            y->d, D_YAML_LIMIT, y->file, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1,
            arena_printf(y->a, "the value of '%s' has too many bytes", key), CONFIG_MAX_VALUE);
        y->errors++;
        return NULL;
    }
    y->text += len;
    if (y->text > CONFIG_MAX_TEXT) {
        if (!y->too_much++) {
            diag_report(y->d, D_YAML_LIMIT, y->file, (int)n->start_mark.line + 1,
                        (int)n->start_mark.column + 1,
                        "the text values, aliases repeated, have too many bytes in all",
                        (int)CONFIG_MAX_TEXT);
            y->errors++;
        }
        return NULL;
    }
    if (utf8_invalid_at(v, len) != len || memchr(v, 0, len)) {
        yerr(y, n, D_YAML_BAD_VALUE, key, "not valid UTF-8 text");
        return NULL;
    }
    return arena_strndup(y->a, v, len);
}

static int ybool(ycx *y, yaml_node_t *n, const char *key, int *out)
{
    const char *v = yscalar(y, n, key);
    if (!v)
        return -1;
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on")) {
        *out = 1;
        return 0;
    }
    if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off")) {
        *out = 0;
        return 0;
    }
    yerr(y, n, D_YAML_TYPE, key, "true or false");
    return -1;
}

static double ylength(ycx *y, yaml_node_t *n, const char *key, double max)
{
    const char *v = yscalar(y, n, key);
    if (!v)
        return -1;
    double len = config_length(v);
    if (len < 0 || len > max) {
        yerr(y, n, D_YAML_BAD_VALUE, key, "expected a length such as 0.75in, 18mm or 54pt");
        return -1;
    }
    return len;
}

/* Reports a map or list of more than CONFIG_MAX_ITEMS entries. */
static int too_many(ycx *y, yaml_node_t *n, const char *key, int count)
{
    if (count <= CONFIG_MAX_ITEMS)
        return 0;
    diag_report(y->d, D_YAML_LIMIT, y->file, (int)n->start_mark.line + 1,
                (int)n->start_mark.column + 1, arena_printf(y->a, "'%s' has too many entries", key),
                CONFIG_MAX_ITEMS);
    y->errors++;
    return 1;
}

/* A string or a list of strings. */
static int ystrings(ycx *y, yaml_node_t *n, const char *key, const char ***out, int *count)
{
    if (n->type == YAML_SCALAR_NODE) {
        const char *v = yscalar(y, n, key);
        if (!v)
            return -1;
        *out = ARENA_NEWN(y->a, const char *, 1);
        (*out)[0] = v;
        *count = 1;
        return 0;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        yerr(y, n, D_YAML_TYPE, key, "a text value or a list of them");
        return -1;
    }
    int cap = (int)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (too_many(y, n, key, cap))
        return -1;
    const char **list = ARENA_NEWN(y->a, const char *, cap ? cap : 1);
    size_t total = 0;
    int k = 0;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(y->doc, *it);
        if (!item)
            continue;
        if (item->type == YAML_MAPPING_NODE) {
            /* pandoc allows {name: ...} entries for authors */
            const char *v = NULL;
            for (yaml_node_pair_t *p = item->data.mapping.pairs.start;
                 p < item->data.mapping.pairs.top; p++) {
                yaml_node_t *k2 = yaml_document_get_node(y->doc, p->key);
                yaml_node_t *v2 = yaml_document_get_node(y->doc, p->value);
                if (k2 && v2 && k2->type == YAML_SCALAR_NODE &&
                    !strcmp((const char *)k2->data.scalar.value, "name"))
                    v = yscalar(y, v2, key);
            }
            if (!v) {
                yerr(y, item, D_YAML_TYPE, key, "a list of text values");
                continue;
            }
            list[k++] = v;
            continue;
        }
        const char *v = yscalar(y, item, key);
        if (v)
            list[k++] = v;
    }
    for (int i = 0; i < k; i++)
        total += strlen(list[i]) + 2;
    if (total > CONFIG_MAX_VALUE) {
        diag_report(y->d, D_YAML_LIMIT, y->file, (int)n->start_mark.line + 1,
                    (int)n->start_mark.column + 1,
                    arena_printf(y->a, "the list '%s' has too many bytes", key), CONFIG_MAX_VALUE);
        y->errors++;
        return -1;
    }
    *out = list;
    *count = k;
    return 0;
}

static int ystr_list(ycx *y, yaml_node_t *n, const char *key, config_str **out, int *count)
{
    if (n->type == YAML_SCALAR_NODE) {
        *out = ARENA_NEWN(y->a, config_str, 1);
        (*out)[0].value = yscalar(y, n, key);
        (*out)[0].line = (int)n->start_mark.line + 1 + y->line0;
        (*out)[0].col = (int)n->start_mark.column + 1;
        *count = (*out)[0].value ? 1 : 0;
        return 0;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        yerr(y, n, D_YAML_TYPE, key, "a list of file names");
        return -1;
    }
    int cap = (int)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (too_many(y, n, key, cap))
        return -1;
    config_str *list = ARENA_NEWN(y->a, config_str, cap ? cap : 1);
    int k = 0;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(y->doc, *it);
        if (!item)
            continue;
        const char *v = yscalar(y, item, key);
        if (!v)
            continue;
        list[k].value = v;
        list[k].line = (int)item->start_mark.line + 1 + y->line0;
        list[k].col = (int)item->start_mark.column + 1;
        k++;
    }
    *out = list;
    *count = k;
    return 0;
}

static void ystr(ycx *y, yaml_node_t *n, const char *key, config_str *out)
{
    const char *v = yscalar(y, n, key);
    if (v) {
        out->value = v;
        out->line = (int)n->start_mark.line + 1 + y->line0;
        out->col = (int)n->start_mark.column + 1;
    }
}

/* Calls fn for each key/value pair of a mapping whose key is text. */
typedef void (*ypair_fn)(ycx *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *ud);
static void ymap_each(ycx *y, yaml_node_t *n, const char *name, ypair_fn fn, void *ud)
{
    yaml_node_pair_t *first = n->data.mapping.pairs.start;
    if (too_many(y, n, name, (int)(n->data.mapping.pairs.top - first)))
        return;
    for (yaml_node_pair_t *p = first; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
        if (!k || !v)
            continue;
        if (k->type != YAML_SCALAR_NODE) {
            yerr(y, k, D_YAML_TYPE, "a key", "text");
            continue;
        }
        /* a key given twice: YAML forbids it and libyaml keeps both; a warning, and the later
           one counts, as it always did (quadratic, but in at most CONFIG_MAX_ITEMS keys) */
        const yaml_node_t *dup = NULL;
        for (yaml_node_pair_t *q = first; q < p && !dup; q++) {
            const yaml_node_t *k2 = yaml_document_get_node(y->doc, q->key);
            if (k2 && k2->type == YAML_SCALAR_NODE &&
                k2->data.scalar.length == k->data.scalar.length &&
                !memcmp(k2->data.scalar.value, k->data.scalar.value, k->data.scalar.length))
                dup = k2;
        }
        if (dup) {
            diag_report(y->d, D_YAML_DUP_KEY, y->file, (int)k->start_mark.line + 1 + y->line0,
                        (int)k->start_mark.column + 1, (const char *)k->data.scalar.value,
                        (int)dup->start_mark.line + 1 + y->line0);
        }
        fn(y, (const char *)k->data.scalar.value, k, v, ud);
    }
}

static void margin_key(ycx *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *ud)
{
    config *c = ud;
    double *dst = !strcmp(key, "inner")    ? &c->margin_inner
                  : !strcmp(key, "outer")  ? &c->margin_outer
                  : !strcmp(key, "top")    ? &c->margin_top
                  : !strcmp(key, "bottom") ? &c->margin_bottom
                                           : NULL;
    if (!dst) {
        yerr(y, k, D_YAML_UNKNOWN_KEY, arena_printf(y->a, "margins.%s", key), NULL);
        return;
    }
    double len = ylength(y, v, key, 1000);
    if (len >= 0)
        *dst = len;
}

static void margins(ycx *y, yaml_node_t *n, config *c)
{
    if (n->type == YAML_SCALAR_NODE) {
        double v = ylength(y, n, "margins", 1000);
        if (v >= 0)
            c->margin_inner = c->margin_outer = c->margin_top = c->margin_bottom = v;
        return;
    }
    if (n->type != YAML_MAPPING_NODE) {
        yerr(y, n, D_YAML_TYPE, "margins", "a length or a map of inner, outer, top, bottom");
        return;
    }
    ymap_each(y, n, "margins", margin_key, c);
}

static void font_key(ycx *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *ud)
{
    config *c = ud;
    if (!strcmp(key, "body"))
        ystr(y, v, key, &c->font_body);
    else if (!strcmp(key, "italic"))
        ystr(y, v, key, &c->font_italic);
    else if (!strcmp(key, "bold"))
        ystr(y, v, key, &c->font_bold);
    else if (!strcmp(key, "bold-italic"))
        ystr(y, v, key, &c->font_bold_italic);
    else if (!strcmp(key, "mono"))
        ystr(y, v, key, &c->font_mono);
    else if (!strcmp(key, "fallback"))
        ystr_list(y, v, key, &c->font_fallback, &c->nfont_fallback);
    else if (!strcmp(key, "size") || !strcmp(key, "leading")) {
        int size = key[0] == 's';
        double s = ylength(y, v, key, size ? 72 : 144);
        if (s >= 4)
            *(size ? &c->font_size : &c->leading) = s;
        else if (s >= 0)
            yerr(y, v, D_YAML_BAD_VALUE, key, "at least 4pt");
    } else
        yerr(y, k, D_YAML_UNKNOWN_KEY, arena_printf(y->a, "fonts.%s", key), NULL);
}

static void fonts(ycx *y, yaml_node_t *n, config *c)
{
    if (n->type != YAML_MAPPING_NODE) {
        yerr(y, n, D_YAML_TYPE, "fonts",
             "a map of body, italic, bold, bold-italic, mono, fallback");
        return;
    }
    ymap_each(y, n, "fonts", font_key, c);
}

/* No control characters (C0, DEL, C1) nor noncharacters: for names of files hanji writes. */
static int plain_text(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t len;
        if (!utf8_is_text(utf8_decode(s + i, n - i, &len)) || (unsigned char)s[i] < 0x20)
            return 0;
        i += len;
    }
    return 1;
}

/* A colour written #RRGGBB or #RGB: 0xRRGGBB, or -1. */
static int ycolor(ycx *y, yaml_node_t *n, const char *key)
{
    const char *s = yscalar(y, n, key);
    if (!s)
        return -1;
    size_t len = strlen(s);
    if (s[0] == '#' && (len == 7 || len == 4) &&
        strspn(s + 1, "0123456789abcdefABCDEF") == len - 1) {
        unsigned v = (unsigned)strtoul(s + 1, NULL, 16);
        if (len == 4) /* #abc is #aabbcc */
            v = (v >> 8 & 0xF) * 0x110000 + (v >> 4 & 0xF) * 0x1100 + (v & 0xF) * 0x11;
        return (int)v;
    }
    yerr(y, n, D_YAML_BAD_VALUE, key, "expected a colour written #RRGGBB");
    return -1;
}

static void cover_key(ycx *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *ud)
{
    config *c = ud;
    config_cover *cv = &c->cover;
    if (!strcmp(key, "front"))
        ystr(y, v, key, &cv->front);
    else if (!strcmp(key, "back-text"))
        ystr(y, v, key, &cv->back_text);
    else if (!strcmp(key, "spine-text"))
        ybool(y, v, key, &cv->spine_text);
    else if (!strcmp(key, "paper")) {
        const char *s = yscalar(y, v, key);
        if (s && !strcmp(s, "white"))
            cv->paper = CONFIG_PAPER_WHITE;
        else if (s && !strcmp(s, "cream"))
            cv->paper = CONFIG_PAPER_CREAM;
        else if (s && (!strcmp(s, "color") || !strcmp(s, "colour")))
            cv->paper = CONFIG_PAPER_COLOR;
        else if (s)
            yerr(y, v, D_YAML_BAD_VALUE, key, "white, cream or color");
    } else if (!strcmp(key, "service")) {
        const char *s = yscalar(y, v, key);
        if (s && !strcmp(s, "kdp"))
            cv->service = CONFIG_SERVICE_KDP;
        else if (s && !strcmp(s, "ingramspark"))
            yerr(y, v, D_COVER_SERVICE, s,
                 "hanji has no IngramSpark spine formula yet (IngramSpark gives spine widths "
                 "only through its cover template generator); use 'kdp', or IngramSpark's "
                 "template");
        else if (s)
            yerr(y, v, D_YAML_BAD_VALUE, key, "kdp");
    } else if (!strcmp(key, "background")) {
        int col = ycolor(y, v, key);
        if (col >= 0)
            cv->background = col;
    } else if (!strcmp(key, "text-color")) {
        int col = ycolor(y, v, key);
        if (col >= 0)
            cv->text_color = col;
    } else
        yerr(y, k, D_YAML_UNKNOWN_KEY, arena_printf(y->a, "cover.%s", key), NULL);
}

static void cover(ycx *y, yaml_node_t *n, config *c)
{
    if (n->type != YAML_MAPPING_NODE) {
        yerr(y, n, D_YAML_TYPE, "cover",
             "a map of front, back-text, spine-text, paper, service, background, text-color");
        return;
    }
    c->cover.on = 1;
    c->cover.line = (int)n->start_mark.line + 1 + y->line0;
    c->cover.col = (int)n->start_mark.column + 1;
    ymap_each(y, n, "cover", cover_key, c);
}

/* Reports each entry of a hyphenation-exceptions value (a text or a list, read by ystrings)
 * that hyph_exc_check refuses, at the entry. */
static void hyph_exceptions_check(ycx *y, yaml_node_t *v, const char *key)
{
    yaml_node_item_t *it = NULL, *end = NULL;
    if (v->type == YAML_SEQUENCE_NODE) {
        it = v->data.sequence.items.start;
        end = v->data.sequence.items.top;
    }
    for (yaml_node_t *n = v; n; n = it < end ? yaml_document_get_node(y->doc, *it++) : NULL) {
        if (n->type != YAML_SCALAR_NODE)
            continue;
        const char *w = (const char *)n->data.scalar.value;
        const char *why = hyph_exc_check(w);
        if (why)
            yerr(y, n, D_YAML_BAD_VALUE, key, arena_printf(y->a, "'%s': %s", w, why));
    }
}

static void top_key(ycx *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *ud)
{
    config *c = ud;
    if (!strcmp(key, "title"))
        c->title = yscalar(y, v, key);
    else if (!strcmp(key, "subtitle"))
        c->subtitle = yscalar(y, v, key);
    else if (!strcmp(key, "author"))
        ystrings(y, v, key, &c->authors, &c->nauthors);
    else if (!strcmp(key, "lang")) {
        const char *l = yscalar(y, v, key);
        if (l && (strlen(l) < 2 || strlen(l) > 35 ||
                  strspn(l, "abcdefghijklmnopqrstuvwxyz"
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "0123456789-") != strlen(l)))
            yerr(y, v, D_YAML_BAD_VALUE, key, "expected a BCP 47 language tag such as en or de-CH");
        else if (l)
            c->lang = l;
    } else if (!strcmp(key, "direction")) {
        const char *dir = yscalar(y, v, key);
        if (dir && strcmp(dir, "ltr") != 0 && strcmp(dir, "rtl") != 0)
            yerr(y, v, D_YAML_BAD_VALUE, key, "ltr or rtl");
        else if (dir) {
            c->rtl = !strcmp(dir, "rtl");
            c->direction_set = 1;
        }
    } else if (!strcmp(key, "date"))
        c->date = yscalar(y, v, key);
    else if (!strcmp(key, "identifier"))
        c->identifier = yscalar(y, v, key);
    else if (!strcmp(key, "publisher"))
        c->publisher = yscalar(y, v, key);
    else if (!strcmp(key, "rights"))
        c->rights = yscalar(y, v, key);
    else if (!strcmp(key, "description"))
        c->description = yscalar(y, v, key);
    else if (!strcmp(key, "subject"))
        ystrings(y, v, key, &c->subjects, &c->nsubjects);
    else if (!strcmp(key, "keywords"))
        ystrings(y, v, key, &c->keywords, &c->nkeywords);
    else if (!strcmp(key, "cover-image"))
        ystr(y, v, key, &c->cover_image);
    else if (!strcmp(key, "cover"))
        cover(y, v, c);
    else if (!strcmp(key, "chapters"))
        ystr_list(y, v, key, &c->chapters, &c->nchapters);
    else if (!strcmp(key, "output-name")) {
        const char *o = yscalar(y, v, key);
        if (o && (!*o || strchr(o, '/') || o[0] == '.' || !plain_text(o)))
            yerr(y, v, D_YAML_BAD_VALUE, key,
                 "a plain file name without folders or control characters");
        else if (o)
            c->output_name = o;
    } else if (!strcmp(key, "page-size")) {
        const char *s = yscalar(y, v, key);
        if (s && config_page_size(s, &c->page_width, &c->page_height) < 0)
            yerr(y, v, D_YAML_BAD_VALUE, key,
                 "expected 6x9in, 5.5x8.5in, 5x8in, A5, A4, letter or WIDTHxHEIGHT in in/mm/pt");
    } else if (!strcmp(key, "margins"))
        margins(y, v, c);
    else if (!strcmp(key, "fonts"))
        fonts(y, v, c);
    else if (!strcmp(key, "lof"))
        ybool(y, v, key, &c->lof);
    else if (!strcmp(key, "lot"))
        ybool(y, v, key, &c->lot);
    else if (!strcmp(key, "bleed"))
        ybool(y, v, key, &c->bleed);
    else if (!strcmp(key, "hyphenate-capitalized"))
        ybool(y, v, key, &c->hyphenate_caps);
    else if (!strcmp(key, "toc-depth")) {
        const char *s = yscalar(y, v, key);
        if (s && (strlen(s) != 1 || s[0] < '1' || s[0] > '3'))
            yerr(y, v, D_YAML_BAD_VALUE, key, "1, 2 or 3");
        else if (s)
            c->toc_depth = s[0] - '0';
    } else if (!strcmp(key, "hyphenation-exceptions")) {
        if (ystrings(y, v, key, &c->hyph_exceptions, &c->nhyph_exceptions) == 0)
            hyph_exceptions_check(y, v, key);
    } else if (!strcmp(key, "epub-fonts")) {
        const char *s = yscalar(y, v, key);
        if (s && strcmp(s, "embed") != 0 && strcmp(s, "none") != 0)
            yerr(y, v, D_YAML_BAD_VALUE, key, "embed or none");
        else if (s)
            c->epub_fonts = !strcmp(s, "embed");
    } else
        yerr(y, k, D_YAML_UNKNOWN_KEY, key, NULL);
}

/* Reads the events of text once, before libyaml builds the document, and stops at the first
 * collection nested deeper than CONFIG_MAX_DEPTH: 0, or -1 after reporting it. A syntax error
 * is left for the load to report. */
static int depth_ok(ycx *y, const char *text, size_t len)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        hj_oom();
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    int depth = 0, rc = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev))
            break;
        yaml_event_type_t t = ev.type;
        if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
            if (++depth > CONFIG_MAX_DEPTH) {
                diag_report(y->d, D_YAML_LIMIT, y->file, (int)ev.start_mark.line + 1 + y->line0,
                            (int)ev.start_mark.column + 1, "maps and lists nest too deep",
                            CONFIG_MAX_DEPTH);
                rc = -1;
                y->errors++;
            }
        } else if (t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        yaml_event_delete(&ev);
        if (rc < 0 || t == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&parser);
    return rc;
}

/* Loads text into y->doc. Returns 0, or -1 after reporting the syntax error or the nesting
 * past CONFIG_MAX_DEPTH (the parser is deleted then, or never made). */
static int yload(ycx *y, yaml_parser_t *parser, const char *text, size_t len)
{
    if (depth_ok(y, text, len) < 0)
        return -1; /* (the parser was never made) */
    if (!yaml_parser_initialize(parser))
        hj_oom();
    yaml_parser_set_input_string(parser, (const unsigned char *)text, len);
    if (yaml_parser_load(parser, y->doc))
        return 0;
    const char *what = parser->problem ? parser->problem : "cannot parse";
    if (parser->context)
        what =
            arena_printf(y->a, "%s (%s that starts at line %d)", what,
                         strncmp(parser->context, "while parsing ", 14) == 0 ? parser->context + 14
                                                                             : parser->context,
                         (int)parser->context_mark.line + 1 + y->line0);
    diag_report(y->d, D_YAML_SYNTAX, y->file, (int)parser->problem_mark.line + 1 + y->line0,
                (int)parser->problem_mark.column + 1, what);
    yaml_parser_delete(parser);
    return -1;
}

int config_parse(arena *a, diag_ctx *d, const char *text, size_t len, const char *display,
                 config *c)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    ycx y = {a, d, display, &doc, 0, 0, 0, 0};
    c->file = display;
    if (yload(&y, &parser, text, len) < 0)
        return -1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        ymap_each(&y, root, "book.yaml", top_key, c);
    } else if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)) {
        yerr(&y, root, D_YAML_TYPE, "book.yaml", "a map of keys and values");
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (!c->title && !y.errors)
        diag_report(d, D_YAML_NO_TITLE, display, 1, 1, "Untitled");
    return y.errors ? -1 : 0;
}

int config_load(arena *a, diag_ctx *d, const char *path, const char *display, config *c)
{
    char *data;
    size_t len;
    if (file_read_max(a, path, CONFIG_MAX_BYTES, &data, &len) < 0) {
        diag_report(d, D_SYS_READ, display, 0, 0, file_strerror(errno));
        return -1;
    }
    return config_parse(a, d, data, len, display, c);
}

/* ---- a chapter's front matter ----------------------------------------------------------- */

static void front_key(ycx *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *ud)
{
    config_front *f = ud;
    if (!strcmp(key, "title"))
        ystr(y, v, key, &f->title);
    else
        yerr(y, k, D_YAML_UNKNOWN_KEY, key, NULL);
}

int config_front_matter(arena *a, diag_ctx *d, const char *file, const char *text, size_t len,
                        int first_line, config_front *out)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    ycx y = {a, d, file, &doc, 0, first_line - 1, 0, 0};
    memset(out, 0, sizeof(*out));
    if (yload(&y, &parser, text, len) < 0)
        return -1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE)
        ymap_each(&y, root, "front matter", front_key, out);
    else if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0))
        yerr(&y, root, D_YAML_TYPE, "front matter", "a map of keys and values");
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return y.errors ? -1 : 0;
}

/* FNV-1a 64, twice with different seeds, for the identifier's UUID bits. */
static uint64_t fnv64(const char *s, uint64_t h)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

void config_finish(arena *a, config *c)
{
    if (!c->title)
        c->title = "Untitled";
    if (!c->identifier) {
        /* a name-based UUID (version 5 layout) from title and authors: stable across builds */
        uint64_t h1 = fnv64(c->title, 0xcbf29ce484222325ULL);
        uint64_t h2 = fnv64(c->title, 0x84222325cbf29ce4ULL);
        for (int i = 0; i < c->nauthors; i++) {
            h1 = fnv64(c->authors[i], h1 ^ 0x1f);
            h2 = fnv64(c->authors[i], h2 ^ 0x2f);
        }
        c->identifier =
            arena_printf(a, "urn:uuid:%08x-%04x-5%03x-%04x-%012llx", (unsigned)(h1 >> 32),
                         (unsigned)((h1 >> 16) & 0xffff), (unsigned)(h1 & 0xfff),
                         (unsigned)(0x8000 | ((h2 >> 48) & 0x3fff)),
                         (unsigned long long)(h2 & 0xffffffffffffULL));
    }
    if (!c->output_name) {
        char *s = config_slug(a, c->title);
        c->output_name = *s ? s : "book";
    }
    if (!c->direction_set && c->lang) {
        /* languages written right to left (their primary subtag) */
        static const char *const rtl[] = {"ar", "he", "fa", "ur",  "yi",  "ps",
                                          "sd", "ug", "dv", "ckb", "syr", "iw"};
        size_t pl = strcspn(c->lang, "-");
        for (size_t i = 0; i < HJ_ARRAY_LEN(rtl); i++)
            if (strlen(rtl[i]) == pl && !strncasecmp(c->lang, rtl[i], pl))
                c->rtl = 1;
    }
}
