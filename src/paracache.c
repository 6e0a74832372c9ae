/* paracache.c: the broken-paragraph cache of a build session (see paracache.h).
 *
 * Design: a chained hash table of entries, each one malloc'd block holding the key bytes, the
 * lines, their runs, each run's span index, the runs' glyph arrays and the sorted, unique list
 * of glyphs marked used. The key is the serialised inputs of para_layout (language, options,
 * and per span its text, style, size, flags, link URI and whether it has an internal
 * destination), so equal keys mean equal results; the FNV-1a hash only picks the bucket. An
 * entry not used by a build is freed at the end of it (pcache_sweep), so the cache holds about
 * one book's paragraphs. */
#include "paracache.h"
#include "hyph.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct pentry pentry;
struct pentry {
    pentry *next; /* bucket chain */
    uint64_t hash;
    size_t keylen;
    int nl, nruns, nmarks;
    int used;
    int lent; /* pcache_lend: lines are the setter's, handed over on the first hit */
    const unsigned char *key;
    lay_line *lines; /* runs point into runs[] */
    lay_run *runs;
    int *run_span;
    uint64_t *marks; /* face << 32 | code point */
};

/* Patterns per language, loaded once per session. */
typedef struct hyph_slot {
    char *lang;
    hyph_dict *dict; /* NULL: the language has none */
} hyph_slot;

/* A chapter's page breaks (pcache_breaks_get): the key, then the value, in one block. */
typedef struct bentry {
    struct bentry *next;
    uint64_t hash;
    size_t keylen, vlen;
    int used;
    unsigned char data[];
} bentry;

struct pcache {
    hyph_slot *hyph;
    int nhyph;
    bentry *breaks; /* a list: a book has tens of chapters */
    pentry **buckets;
    size_t nbuckets; /* a power of two */
    int nentries;
    char *fonts_key;
    pcache_stats stats;
    /* the lookups, stores and patterns: a build's setting thread fills the cache while the
       pages are made from it (layout_preset.c) */
    pthread_mutex_t lock;
};

pcache *pcache_new(void)
{
    pcache *c = calloc(1, sizeof(*c));
    if (!c)
        hj_oom();
    pthread_mutex_init(&c->lock, NULL);
    c->nbuckets = 1024;
    c->buckets = calloc(c->nbuckets, sizeof(*c->buckets));
    if (!c->buckets)
        hj_oom();
    return c;
}

static void clear(pcache *c)
{
    for (size_t i = 0; i < c->nbuckets; i++) {
        for (pentry *e = c->buckets[i], *next; e; e = next) {
            next = e->next;
            free(e);
        }
        c->buckets[i] = NULL;
    }
    c->nentries = 0;
    for (bentry *e = c->breaks, *next; e; e = next) {
        next = e->next;
        free(e);
    }
    c->breaks = NULL;
}

void pcache_free(pcache *c)
{
    if (!c)
        return;
    clear(c);
    for (int i = 0; i < c->nhyph; i++) {
        free(c->hyph[i].lang);
        hyph_free(c->hyph[i].dict);
    }
    free(c->hyph);
    free(c->buckets);
    free(c->fonts_key);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void pcache_begin(pcache *c, const char *fonts_key)
{
    if (!c->fonts_key || strcmp(c->fonts_key, fonts_key) != 0) {
        clear(c);
        free(c->fonts_key);
        c->fonts_key = strdup(fonts_key);
        if (!c->fonts_key)
            hj_oom();
    }
    memset(&c->stats, 0, sizeof(c->stats));
}

void pcache_sweep(pcache *c)
{
    for (size_t i = 0; i < c->nbuckets; i++) {
        pentry **link = &c->buckets[i];
        while (*link) {
            pentry *e = *link;
            if (e->used) {
                e->used = 0;
                link = &e->next;
            } else {
                *link = e->next;
                free(e);
                c->nentries--;
            }
        }
    }
    for (bentry **link = &c->breaks; *link;) {
        bentry *e = *link;
        if (e->used) {
            e->used = 0;
            link = &e->next;
        } else {
            *link = e->next;
            free(e);
        }
    }
}

static uint64_t bytes_hash(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = 1469598103934665603u ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 1099511628211u;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ b[i]) * 1099511628211u;
    return h;
}

int pcache_keeps_breaks(const pcache *c)
{
    return c && c->fonts_key != NULL;
}

const void *pcache_breaks_get(pcache *c, const void *key, size_t len, size_t *vlen)
{
    uint64_t h = bytes_hash(key, len);
    const void *v = NULL;
    pthread_mutex_lock(&c->lock);
    for (bentry *e = c->breaks; e && !v; e = e->next)
        if (e->hash == h && e->keylen == len && memcmp(e->data, key, len) == 0) {
            e->used = 1;
            *vlen = e->vlen;
            v = e->data + len;
        }
    pthread_mutex_unlock(&c->lock);
    return v;
}

void pcache_breaks_put(pcache *c, const void *key, size_t len, const void *v, size_t vlen)
{
    bentry *e = malloc(sizeof *e + len + vlen);
    if (!e)
        hj_oom();
    e->hash = bytes_hash(key, len);
    e->keylen = len;
    e->vlen = vlen;
    e->used = 1;
    memcpy(e->data, key, len);
    memcpy(e->data + len, v, vlen);
    pthread_mutex_lock(&c->lock);
    e->next = c->breaks;
    c->breaks = e;
    pthread_mutex_unlock(&c->lock);
}

pcache_stats pcache_get_stats(const pcache *c)
{
    pcache_stats s = c->stats;
    s.entries = c->nentries;
    return s;
}

int pcache_hyph_get(pcache *c, const char *lang, hyph_dict **dict)
{
    pthread_mutex_lock(&c->lock);
    int found = 0;
    for (int i = 0; i < c->nhyph && !found; i++)
        if (strcmp(c->hyph[i].lang, lang) == 0) {
            *dict = c->hyph[i].dict;
            found = 1;
        }
    pthread_mutex_unlock(&c->lock);
    return found;
}

void pcache_hyph_put(pcache *c, const char *lang, hyph_dict *dict)
{
    pthread_mutex_lock(&c->lock);
    hyph_slot *h = realloc(c->hyph, sizeof(*h) * (size_t)(c->nhyph + 1));
    char *l = strdup(lang);
    if (!h || !l)
        hj_oom();
    c->hyph = h;
    c->hyph[c->nhyph++] = (hyph_slot){l, dict}; /* owned by the slot, freed in pcache_free */
    pthread_mutex_unlock(&c->lock);
    // cppcheck-suppress memleak
}

/* ---- keys -------------------------------------------------------------------------------- */

typedef struct keybuf {
    arena *a;
    unsigned char *p;
    size_t len, cap;
} keybuf;

static void kput(keybuf *k, const void *data, size_t n)
{
    if (k->len + n > k->cap) {
        size_t ncap = k->cap ? k->cap * 2 : 1024;
        while (ncap < k->len + n)
            ncap *= 2;
        k->p = arena_realloc(k->a, k->p, k->cap, ncap);
        k->cap = ncap;
    }
    memcpy(k->p + k->len, data, n);
    k->len += n;
}

static void kint(keybuf *k, int v)
{
    kput(k, &v, sizeof(v));
}

static void kfloat(keybuf *k, float v)
{
    kput(k, &v, sizeof(v));
}

static void kstr(keybuf *k, const char *s, size_t n)
{
    kput(k, &n, sizeof(n));
    if (n)
        kput(k, s, n);
}

pcache_key pcache_make_key(arena *scratch, const char *lang, const para_span *spans, int nspans,
                           const para_opts *opts)
{
    keybuf k = {scratch, NULL, 0, 0};
    kstr(&k, lang ? lang : "", lang ? strlen(lang) : 0);
    kfloat(&k, opts->width);
    kfloat(&k, opts->indent);
    kfloat(&k, opts->leading);
    kint(&k, opts->align);
    kint(&k, opts->hyphenate);
    kint(&k, opts->hyphenate_caps);
    kint(&k, opts->dir);
    kint(&k, nspans);
    for (int i = 0; i < nspans; i++) {
        const para_span *s = &spans[i];
        kstr(&k, s->text, s->text ? s->len : 0);
        kint(&k, (int)s->style);
        kfloat(&k, s->size);
        kint(&k, s->flags);
        kint(&k, s->uri != NULL);
        if (s->uri)
            kstr(&k, s->uri, strlen(s->uri));
        kint(&k, s->dest != NULL);
        if (s->flags & SPAN_IMAGE) { /* text is its path; the size is the image's */
            kfloat(&k, s->image_w);
            kfloat(&k, s->image_h);
            kfloat(&k, s->image_drop);
        }
    }
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < k.len; i++)
        h = (h ^ k.p[i]) * 1099511628211ull;
    return (pcache_key){k.p, k.len, h};
}

/* ---- lookups ----------------------------------------------------------------------------- */

static pentry *find(const pcache *c, const pcache_key *k)
{
    for (pentry *e = c->buckets[k->hash & (c->nbuckets - 1)]; e; e = e->next)
        if (e->hash == k->hash && e->keylen == k->len && memcmp(e->key, k->data, k->len) == 0)
            return e;
    return NULL;
}

/* Unlinks e from its bucket (under the lock). */
static void unlink_entry(pcache *c, const pentry *e)
{
    pentry **link = &c->buckets[e->hash & (c->nbuckets - 1)];
    while (*link != e)
        link = &(*link)->next;
    *link = e->next;
    c->nentries--;
}

int pcache_get(pcache *c, const pcache_key *k, font_set *fs, arena *out, const para_span *spans,
               lay_line **lines)
{
    pthread_mutex_lock(&c->lock);
    pentry *e = find(c, k);
    if (!e) {
        c->stats.misses++;
        pthread_mutex_unlock(&c->lock);
        return -1;
    }
    e->used = 1;
    c->stats.hits++;
    if (e->lent)
        unlink_entry(c, e);
    pthread_mutex_unlock(&c->lock); /* entries are never freed while a build runs */
    if (e->lent) {
        /* the lines themselves, in the setter's arena (which the caller's adopts) */
        lay_line *ls = e->lines;
        int r = 0;
        for (int l = 0; l < e->nl; l++)
            for (int j = 0; j < ls[l].nruns; j++, r++) {
                const para_span *sp = &spans[e->run_span[r]];
                ls[l].runs[j].uri = sp->uri;
                ls[l].runs[j].dest = sp->dest;
                ls[l].runs[j].image = sp->flags & SPAN_IMAGE ? sp->image : NULL;
            }
        for (int i = 0; i < e->nmarks; i++)
            font_mark_used(fs, (int)(e->marks[i] >> 32), (uint32_t)e->marks[i]);
        *lines = ls;
        int nl = e->nl;
        free(e);
        return nl;
    }
    lay_line *ls = ARENA_NEWN(out, lay_line, (size_t)(e->nl ? e->nl : 1));
    lay_run *rs = ARENA_NEWN(out, lay_run, (size_t)e->nruns + 1);
    memcpy(ls, e->lines, sizeof(lay_line) * (size_t)e->nl);
    memcpy(rs, e->runs, sizeof(lay_run) * (size_t)e->nruns);
    int r = 0;
    for (int l = 0; l < e->nl; l++) {
        ls[l].runs = rs + r;
        r += ls[l].nruns;
    }
    for (int i = 0; i < e->nruns; i++) {
        rs[i].uri = spans[e->run_span[i]].uri;
        rs[i].dest = spans[e->run_span[i]].dest;
        rs[i].image = spans[e->run_span[i]].flags & SPAN_IMAGE ? spans[e->run_span[i]].image : NULL;
    }
    for (int i = 0; i < e->nmarks; i++)
        font_mark_used(fs, (int)(e->marks[i] >> 32), (uint32_t)e->marks[i]);
    *lines = ls;
    return e->nl;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

#define ALIGN8(n) (((n) + 7) & ~(size_t)7)

static void grow_table(pcache *c)
{
    size_t n = c->nbuckets * 2;
    pentry **b = calloc(n, sizeof(*b));
    if (!b)
        hj_oom();
    for (size_t i = 0; i < c->nbuckets; i++) {
        for (pentry *e = c->buckets[i], *next; e; e = next) {
            next = e->next;
            e->next = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
        }
    }
    free(c->buckets);
    c->buckets = b;
    c->nbuckets = n;
}

/* Stores e under k, under the lock; when an entry for k is there already (the other thread
 * stored it meanwhile, or the same paragraph came again), the first one stays and e is freed. */
static void insert(pcache *c, const pcache_key *k, pentry *e)
{
    pthread_mutex_lock(&c->lock);
    if (find(c, k)) {
        pthread_mutex_unlock(&c->lock);
        free(e);
        return;
    }
    size_t b = k->hash & (c->nbuckets - 1);
    e->next = c->buckets[b];
    c->buckets[b] = e;
    if (++c->nentries > (int)(c->nbuckets * 2))
        grow_table(c);
    pthread_mutex_unlock(&c->lock);
}

void pcache_put(pcache *c, const pcache_key *k, const lay_line *lines, int nl, const int *run_span,
                const uint64_t *marks, int nmarks)
{
    pthread_mutex_lock(&c->lock);
    pentry *had = find(c, k);
    pthread_mutex_unlock(&c->lock);
    if (had)
        return;
    /* unique marks */
    uint64_t *um = malloc(sizeof(uint64_t) * (size_t)(nmarks ? nmarks : 1));
    if (!um)
        hj_oom();
    memcpy(um, marks, sizeof(uint64_t) * (size_t)nmarks);
    qsort(um, (size_t)nmarks, sizeof(uint64_t), cmp_u64);
    int nu = 0;
    for (int i = 0; i < nmarks; i++)
        if (nu == 0 || um[nu - 1] != um[i])
            um[nu++] = um[i];

    int nruns = 0;
    size_t nglyphs = 0, nshaped = 0; /* nshaped: glyphs of runs with gids and ys */
    for (int l = 0; l < nl; l++) {
        nruns += lines[l].nruns;
        for (int r = 0; r < lines[l].nruns; r++) {
            nglyphs += (size_t)lines[l].runs[r].n;
            if (lines[l].runs[r].gids)
                nshaped += (size_t)lines[l].runs[r].n;
        }
    }
    size_t size = ALIGN8(sizeof(pentry)) + ALIGN8(k->len) + ALIGN8(sizeof(lay_line) * (size_t)nl) +
                  ALIGN8(sizeof(lay_run) * (size_t)nruns) + ALIGN8(sizeof(int) * (size_t)nruns) +
                  sizeof(uint64_t) * (size_t)nu + ALIGN8(sizeof(uint32_t) * nglyphs) +
                  ALIGN8(sizeof(float) * nglyphs) + ALIGN8(sizeof(int) * nshaped) +
                  sizeof(float) * nshaped;
    unsigned char *p = calloc(1, size);
    if (!p)
        hj_oom();
    pentry *e = (pentry *)p;
    p += ALIGN8(sizeof(pentry));
    e->hash = k->hash;
    e->keylen = k->len;
    e->nl = nl;
    e->nruns = nruns;
    e->nmarks = nu;
    e->used = 1;
    memcpy(p, k->data, k->len);
    e->key = p;
    p += ALIGN8(k->len);
    e->lines = (lay_line *)p;
    p += ALIGN8(sizeof(lay_line) * (size_t)nl);
    e->runs = (lay_run *)p;
    p += ALIGN8(sizeof(lay_run) * (size_t)nruns);
    e->run_span = (int *)p;
    p += ALIGN8(sizeof(int) * (size_t)nruns);
    e->marks = (uint64_t *)p;
    p += sizeof(uint64_t) * (size_t)nu;
    uint32_t *cps = (uint32_t *)p;
    p += ALIGN8(sizeof(uint32_t) * nglyphs);
    // cppcheck-suppress invalidPointerCast ; p is an aligned byte cursor into one allocation
    float *xs = (float *)p;
    p += ALIGN8(sizeof(float) * nglyphs);
    int *gids = (int *)p;
    p += ALIGN8(sizeof(int) * nshaped);
    // cppcheck-suppress invalidPointerCast ; as xs
    float *ys = (float *)p;
    memcpy(e->marks, um, sizeof(uint64_t) * (size_t)nu);
    free(um);
    memcpy(e->run_span, run_span, sizeof(int) * (size_t)nruns);
    int r = 0;
    for (int l = 0; l < nl; l++) {
        e->lines[l] = lines[l];
        e->lines[l].runs = e->runs + r;
        for (int j = 0; j < lines[l].nruns; j++, r++) {
            lay_run run = lines[l].runs[j];
            memcpy(cps, run.cps, sizeof(uint32_t) * (size_t)run.n);
            memcpy(xs, run.xs, sizeof(float) * (size_t)run.n);
            run.cps = cps;
            run.xs = xs;
            if (run.gids) { /* shaped runs have both */
                memcpy(gids, run.gids, sizeof(int) * (size_t)run.n);
                memcpy(ys, run.ys, sizeof(float) * (size_t)run.n);
                run.gids = gids;
                run.ys = ys;
                gids += run.n;
                ys += run.n;
            }
            run.uri = NULL; /* taken from the spans of the build that asks */
            run.dest = NULL;
            e->runs[r] = run;
            cps += run.n;
            xs += run.n;
        }
    }
    insert(c, k, e);
}

void pcache_lend(pcache *c, const pcache_key *k, lay_line *lines, int nl, const int *run_span,
                 uint64_t *marks, int nmarks)
{
    /* most repeats left out, in place, through a small direct-mapped filter (no sort: the
       glyphs of a paragraph are a few letters over and over; a repeat that passes is
       harmless), before the entry is sized: the entries of half a book wait at once */
    uint64_t seen[256];
    memset(seen, 0xff, sizeof(seen));
    int nu = 0;
    for (int i = 0; i < nmarks; i++) {
        uint64_t m = marks[i], h = (m ^ (m >> 29)) * 0x9E3779B97F4A7C15ull;
        uint64_t *slot = &seen[h >> 56];
        if (*slot != m) {
            *slot = m;
            marks[nu++] = m;
        }
    }
    int nruns = 0;
    for (int l = 0; l < nl; l++)
        nruns += lines[l].nruns;
    size_t size = ALIGN8(sizeof(pentry)) + ALIGN8(k->len) + ALIGN8(sizeof(int) * (size_t)nruns) +
                  sizeof(uint64_t) * (size_t)(nu ? nu : 1);
    unsigned char *p = malloc(size);
    if (!p)
        hj_oom();
    pentry *e = (pentry *)p;
    memset(e, 0, sizeof(*e));
    p += ALIGN8(sizeof(pentry));
    e->hash = k->hash;
    e->keylen = k->len;
    e->nl = nl;
    e->nruns = nruns;
    e->lent = 1;
    e->used = 1;
    e->lines = lines;
    memcpy(p, k->data, k->len);
    e->key = p;
    p += ALIGN8(k->len);
    e->run_span = (int *)p;
    memcpy(e->run_span, run_span, sizeof(int) * (size_t)nruns);
    p += ALIGN8(sizeof(int) * (size_t)nruns);
    e->marks = (uint64_t *)p;
    memcpy(e->marks, marks, sizeof(uint64_t) * (size_t)nu);
    e->nmarks = nu;
    insert(c, k, e);
}
