/* hyph.c: hyphenation through libhyphen (see hyph.h). Words are lowercased and converted to
 * the dictionary's charset one character per unit, so libhyphen's result indexes characters. */
#include "hyph.h"

#include "utf8.h"

#include <ctype.h>
#include <dirent.h>
#include <hyphen.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct hyph_dict {
    HyphenDict *d;
    int utf8;
    iconv_t cv;    /* UTF-8 -> the dictionary's 8-bit charset; (iconv_t)-1 when utf8 */
    hyph_exc *exc; /* the language's built-in exceptions, or NULL */
};

/* One exception: the word's code points, lowercased, and its points as hyph_word gives them. */
typedef struct hyph_exc_word {
    uint64_t hash;
    uint32_t *cp;
    char *ok;
    int n;
} hyph_exc_word;

/* A short list, searched linearly by hash: layout_para.c asks once per distinct word. */
struct hyph_exc {
    hyph_exc_word *w;
    int n, cap;
};

/* Known bad breaks of the patterns hyph_load picks, per language (primary subtag), as TeX's
 * \hyphenation lists them. en_GB's ".en1" breaks any word after "en": "en-dpaper",
 * "en-dgame", "en-d-point" (the American patterns get these right). */
static const struct {
    const char *lang, *word;
} hyph_builtin[] = {
    {"en", "end-pa-per"}, {"en", "end-pa-pers"}, {"en", "end-game"},  {"en", "end-games"},
    {"en", "end-point"},  {"en", "end-points"},  {"en", "end-plate"}, {"en", "end-plates"},
    {"en", "end-zone"},   {"en", "end-zones"},   {"en", "end-run"},   {"en", "end-runs"},
    {"en", "end-leaf"},   {"en", "end-leaves"},
};

/* Languages whose patterns are filed under a region by default (the Debian hyphen-*
 * packages' file names; "no", Norwegian, is written as Bokmål unless it says nn). */
static const struct {
    const char *lang, *file;
} hyph_defaults[] = {
    {"en", "en_US"}, {"de", "de_DE"}, {"fr", "fr"},    {"pt", "pt_BR"}, {"es", "es_ES"},
    {"it", "it_IT"}, {"nl", "nl_NL"}, {"sv", "sv_SE"}, {"da", "da_DK"}, {"ru", "ru_RU"},
    {"nb", "nb_NO"}, {"no", "nb_NO"}, {"nn", "nn_NO"}, {"pl", "pl_PL"}, {"ca", "ca_ES"},
    {"bg", "bg_BG"}, {"cs", "cs_CZ"}, {"el", "el_GR"}, {"hu", "hu_HU"}, {"uk", "uk_UA"},
};

/* Languages (primary subtags) that do not hyphenate: CJK, the Brahmic scripts of Southeast
 * Asia and Tibet that break between syllables or words without a hyphen, and the Arabic and
 * Hebrew scripts' languages. */
static const char *const hyph_none[] = {
    "zh", "ja", "ko", "th",  "lo", "km", "my", "bo", "dz",  "ar",  "fa",  "ur",
    "ps", "sd", "ug", "ckb", "he", "yi", "iw", "ji", "yue", "wuu", "cmn",
};

int hyph_wanted(const char *lang)
{
    if (!lang)
        return 1;
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < HJ_ARRAY_LEN(hyph_none); i++)
        if (strlen(hyph_none[i]) == n && strncasecmp(lang, hyph_none[i], n) == 0)
            return 0;
    return 1;
}

hyph_dict *hyph_load_file(const char *path)
{
    if (access(path, R_OK) != 0)
        return NULL;
    HyphenDict *d = hnj_hyphen_load(path);
    if (!d)
        return NULL;
    hyph_dict *h = calloc(1, sizeof(*h));
    if (!h)
        hj_oom();
    h->d = d;
    h->utf8 = d->utf8 || !strcasecmp(d->cset, "UTF-8");
    h->cv = (iconv_t)-1;
    if (!h->utf8) {
        h->cv = iconv_open(d->cset, "UTF-8");
        if (h->cv == (iconv_t)-1) {
            hyph_free(h);
            return NULL;
        }
    }
    return h;
}

static hyph_dict *try_file(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/hyph_%s.dic", dir, name);
    return hyph_load_file(path);
}

static hyph_dict *load_lang(const char *lang, const char *dir);

hyph_dict *hyph_load(const char *lang, const char *dir)
{
    hyph_dict *h = load_lang(lang, dir);
    if (!h)
        return NULL;
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < HJ_ARRAY_LEN(hyph_builtin); i++) {
        if (strlen(hyph_builtin[i].lang) != n || strncasecmp(lang, hyph_builtin[i].lang, n) != 0)
            continue;
        if (!h->exc)
            h->exc = hyph_exc_new();
        hyph_exc_add(h->exc, hyph_builtin[i].word);
    }
    return h;
}

static hyph_dict *load_lang(const char *lang, const char *dir)
{
    if (!lang || !*lang || !hyph_wanted(lang))
        return NULL;
    if (!dir)
        dir = "/usr/share/hyphen";
    /* split the tag: language, optional script (4 letters, ignored), optional region */
    char ll[16] = "", rr[16] = "";
    const char *p = lang;
    size_t n = strcspn(p, "-_");
    if (n == 0 || n >= sizeof(ll))
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!isalpha((unsigned char)p[i]))
            return NULL;
        ll[i] = (char)tolower((unsigned char)p[i]);
    }
    ll[n] = '\0';
    p += n;
    while (*p) {
        p++;
        n = strcspn(p, "-_");
        if (n == 2 || n == 3) {
            for (size_t i = 0; i < n && i < sizeof(rr) - 1; i++)
                rr[i] = (char)toupper((unsigned char)p[i]);
            rr[n] = '\0';
            break;
        }
        p += n;
    }
    char name[40];
    hyph_dict *h = NULL;
    if (rr[0]) {
        snprintf(name, sizeof(name), "%s_%s", ll, rr);
        if ((h = try_file(dir, name)))
            return h;
    }
    for (size_t i = 0; i < HJ_ARRAY_LEN(hyph_defaults); i++)
        if (!strcmp(hyph_defaults[i].lang, ll) && (h = try_file(dir, hyph_defaults[i].file)))
            return h;
    if ((h = try_file(dir, ll)))
        return h;
    /* any region of the language, the first in name order */
    DIR *dd = opendir(dir);
    if (!dd)
        return NULL;
    char best[256] = "";
    size_t pl = strlen(ll);
    struct dirent *e;
    while ((e = readdir(dd))) {
        const char *f = e->d_name;
        size_t fl = strlen(f);
        if (strncmp(f, "hyph_", 5) != 0 || strncmp(f + 5, ll, pl) != 0 || f[5 + pl] != '_' ||
            fl < 4 || strcmp(f + fl - 4, ".dic") != 0 || fl >= sizeof(best))
            continue;
        if (!best[0] || strcmp(f, best) < 0)
            snprintf(best, sizeof(best), "%s", f);
    }
    closedir(dd);
    if (best[0]) {
        char path[600];
        snprintf(path, sizeof(path), "%s/%s", dir, best);
        h = hyph_load_file(path);
    }
    return h;
}

void hyph_free(hyph_dict *h)
{
    if (!h)
        return;
    if (h->cv != (iconv_t)-1)
        iconv_close(h->cv);
    hyph_exc_free(h->exc);
    hnj_hyphen_free(h->d);
    free(h);
}

static int is_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
           (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F) ||
           (c >= 0x100 && c <= 0x17F && c != 0x138 && c != 0x149 && !(c & 1) && c < 0x137) ||
           (c >= 0x139 && c <= 0x148 && (c & 1)) || (c >= 0x14A && c <= 0x177 && !(c & 1));
}

/* Lowercase for the scripts hyphenation patterns cover (Latin, Greek, Cyrillic). */
static uint32_t to_lower(uint32_t c)
{
    if (!is_upper(c))
        return c;
    if (c < 0x100 || (c >= 0x391 && c <= 0x3A9) || (c >= 0x410 && c <= 0x42F))
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    return c + 1; /* Latin Extended-A pairs */
}

/* ---- exceptions ---- */

static uint64_t exc_hash(const uint32_t *cp, int n)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < n; i++)
        h = (h ^ to_lower(cp[i])) * 1099511628211ull;
    return h ^ (h >> 29);
}

/* Letters a word may hold: what hyphenate() in layout_para.c takes for a word's letters is
 * wider, but an exception with a digit, space or punctuation could never match one. */
static int exc_letter(uint32_t c)
{
    return c >= 0x80 ? c != 0xA0 && c != 0xAD && !(c >= 0x2000 && c <= 0x206F)
                     : ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

const char *hyph_exc_check(const char *word)
{
    size_t len = word ? strlen(word) : 0;
    int n = 0, hyphen = 1;
    for (size_t i = 0; i < len;) {
        size_t cl = 1;
        uint32_t c = utf8_decode(word + i, len - i, &cl);
        if (c == '-') {
            if (hyphen)
                return i == 0 ? "it begins with a hyphen" : "it has two hyphens in a row";
            hyphen = 1;
        } else if (c == UTF8_REPLACEMENT || !exc_letter(c)) {
            return "only letters and hyphens may be in it";
        } else {
            hyphen = 0;
            n++;
        }
        i += cl;
    }
    if (n == 0)
        return "it is empty";
    if (hyphen)
        return "it ends with a hyphen";
    if (n > HYPH_MAX_WORD)
        return "it is longer than a word hyphenation looks at";
    return NULL;
}

hyph_exc *hyph_exc_new(void)
{
    hyph_exc *x = calloc(1, sizeof(*x));
    if (!x)
        hj_oom();
    return x;
}

int hyph_exc_add(hyph_exc *x, const char *word)
{
    if (!x || hyph_exc_check(word))
        return -1;
    size_t len = strlen(word);
    uint32_t *cp = malloc(sizeof(uint32_t) * (len + 1));
    char *ok = calloc(len + 1, 1);
    if (!cp || !ok)
        hj_oom();
    int n = 0;
    for (size_t i = 0; i < len;) {
        size_t cl = 1;
        uint32_t c = utf8_decode(word + i, len - i, &cl);
        if (c == '-')
            ok[n - 1] = 1;
        else
            cp[n++] = to_lower(c);
        i += cl;
    }
    hyph_exc_word w = {exc_hash(cp, n), cp, ok, n};
    for (int i = 0; i < x->n; i++)
        if (x->w[i].hash == w.hash && x->w[i].n == n &&
            !memcmp(x->w[i].cp, cp, sizeof(uint32_t) * (size_t)n)) {
            free(x->w[i].cp);
            free(x->w[i].ok);
            x->w[i] = w;
            return 0;
        }
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 16;
        x->w = realloc(x->w, sizeof(hyph_exc_word) * (size_t)x->cap);
        if (!x->w)
            hj_oom();
    }
    x->w[x->n++] = w;
    return 0;
}

void hyph_exc_free(hyph_exc *x)
{
    if (!x)
        return;
    for (int i = 0; i < x->n; i++) {
        free(x->w[i].cp);
        free(x->w[i].ok);
    }
    free(x->w);
    free(x);
}

/* The exception for cps in x, or NULL. */
static const hyph_exc_word *exc_find(const hyph_exc *x, const uint32_t *cps, int n)
{
    if (!x || x->n == 0)
        return NULL;
    uint64_t hv = exc_hash(cps, n);
    for (int i = 0; i < x->n; i++) {
        const hyph_exc_word *w = &x->w[i];
        if (w->hash != hv || w->n != n)
            continue;
        int k = 0;
        while (k < n && w->cp[k] == to_lower(cps[k]))
            k++;
        if (k == n)
            return w;
    }
    return NULL;
}

int hyph_word(hyph_dict *h, const uint32_t *cps, int n, char *ok)
{
    return hyph_word_exc(h, NULL, cps, n, ok);
}

int hyph_word_exc(hyph_dict *h, const hyph_exc *x, const uint32_t *cps, int n, char *ok)
{
    memset(ok, 0, (size_t)n);
    if (!h || n < HYPH_LEFT_MIN + HYPH_RIGHT_MIN || n > HYPH_MAX_WORD)
        return 0;
    int caps = 0;
    for (int i = 0; i < n; i++) {
        if (cps[i] >= '0' && cps[i] <= '9')
            return 0;
        if (is_upper(cps[i]) && ++caps > 1)
            return 0;
    }
    const hyph_exc_word *w = exc_find(x, cps, n);
    if (!w)
        w = exc_find(h->exc, cps, n);
    if (w) {
        int count = 0;
        for (int i = HYPH_LEFT_MIN - 1; i < n - HYPH_RIGHT_MIN; i++)
            if (w->ok[i]) {
                ok[i] = 1;
                count++;
            }
        return count;
    }
    char word[HYPH_MAX_WORD * 4 + 1];
    size_t wl = 0;
    for (int i = 0; i < n; i++) {
        char u[4];
        size_t ul = utf8_encode(to_lower(cps[i]), u);
        if (h->utf8) {
            memcpy(word + wl, u, ul);
            wl += ul;
        } else {
            char *in = u, *outp = word + wl;
            size_t inl = ul, outl = 1;
            iconv(h->cv, NULL, NULL, NULL, NULL);
            if (iconv(h->cv, &in, &inl, &outp, &outl) == (size_t)-1 || inl != 0 || outl != 0)
                return 0; /* not in the charset (or more than one byte) */
            wl++;
        }
    }
    word[wl] = '\0';
    char hy[HYPH_MAX_WORD * 4 + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    int count = 0;
    if (hnj_hyphen_hyphenate2(h->d, word, (int)wl, hy, NULL, &rep, &pos, &cut) == 0) {
        for (int i = HYPH_LEFT_MIN - 1; i < n - HYPH_RIGHT_MIN; i++) {
            /* odd values are hyphenation points; non-standard ones (with replacements, as
             * in old German "ck" -> "k-k") are skipped */
            if ((hy[i] & 1) && !(rep && rep[i])) {
                ok[i] = 1;
                count++;
            }
        }
    }
    if (rep) {
        for (size_t i = 0; i < wl; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}

int hyph_is_upper(uint32_t c)
{
    return is_upper(c);
}
