/* arena.c: chunked bump allocator (see arena.h). Large requests get a chunk of their own. */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARENA_CHUNK 65536 /* default chunk payload; big enough that malloc is rare */
#define ARENA_ALIGN 16

struct arena_chunk {
    arena_chunk *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

_Noreturn void hj_oom(void)
{
    /* an input too big for the memory there is (ulimit -v, a small machine) is the author's
       problem, not a crash: a message and exit status 1, like any other failed build; no
       outputs have been replaced (they are renamed only at the very end). _exit: nothing that
       could allocate runs any more (atexit handlers, stdio buffers holding a partial dump). */
    static const char msg[] = "hanji: error: out of memory\n";
    if (write(2, msg, sizeof(msg) - 1) < 0) {
        /* nothing more can be done */
    }
    _exit(1);
}

void arena_init(arena *a)
{
    a->head = NULL;
    a->total = 0;
}

void arena_free(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *n = c->next;
        free(c);
        c = n;
    }
    a->head = NULL;
    a->total = 0;
}

void arena_adopt(arena *dst, arena *src)
{
    if (!src->head)
        return;
    arena_chunk *last = src->head;
    while (last->next)
        last = last->next;
    /* behind dst's current chunk, which keeps filling */
    if (dst->head) {
        last->next = dst->head->next;
        dst->head->next = src->head;
    } else {
        dst->head = src->head;
    }
    dst->total += src->total;
    src->head = NULL;
    src->total = 0;
}

void arena_reset(arena *a)
{
    if (!a->head)
        return;
    arena_chunk *last = a->head;
    while (last->next) {
        arena_chunk *n = last->next;
        free(last);
        last = n;
    }
    /* keep the oldest chunk (the list is newest-first, so walk to it) */
    a->head = last;
    last->next = NULL;
    last->used = 0;
    a->total = 0;
}

void *arena_alloc(arena *a, size_t n)
{
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need < n)
        hj_oom();
    arena_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        size_t sz = need > ARENA_CHUNK ? need : ARENA_CHUNK;
        c = malloc(sizeof(*c) + sz);
        if (!c)
            hj_oom();
        c->size = sz;
        c->used = 0;
        if (a->head && need > ARENA_CHUNK) {
            /* a big block: put it behind the current chunk so the current one keeps filling */
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total += need;
    memset(p, 0, n);
    return p;
}

void *arena_calloc(arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        hj_oom();
    return arena_alloc(a, count * size);
}

void *arena_realloc(arena *a, void *old, size_t oldn, size_t newn)
{
    if (newn <= oldn)
        return old;
    /* the block last allocated grows in place when its chunk has room (an array grown while
     * nothing else is allocated leaves no outgrown copies behind) */
    arena_chunk *c = a->head;
    size_t oldneed = (oldn + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    size_t need = (newn + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (old && oldn && c && need >= newn && c->used >= oldneed &&
        (uintptr_t)old == (uintptr_t)(c->data + c->used - oldneed) &&
        c->size - (c->used - oldneed) >= need) {
        c->used += need - oldneed;
        a->total += need - oldneed;
        memset((unsigned char *)old + oldn, 0, newn - oldn);
        return old;
    }
    void *p = arena_alloc(a, newn);
    if (old && oldn)
        memcpy(p, old, oldn);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}
