/* arena.h: a bump allocator. Everything a build makes lives in the build's arena and is freed
 * at once with arena_free. Allocation never fails: out of memory aborts in hj_oom(). */
#ifndef HANJI_ARENA_H
#define HANJI_ARENA_H

#include "hanji.h"
#include <stdarg.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_chunk *head;
    size_t total; /* bytes handed out, for statistics */
} arena;

void arena_init(arena *a);
void arena_free(arena *a);
/* Moves everything src holds into dst (freed with dst); src is left empty. For memory filled on
 * another thread, handed over once that thread is done. */
void arena_adopt(arena *dst, arena *src);
/* Frees all but the first chunk and makes it empty again: for per-paragraph scratch. */
void arena_reset(arena *a);
/* Zeroed memory aligned for any type. */
void *arena_alloc(arena *a, size_t n);
void *arena_calloc(arena *a, size_t count, size_t size);
/* Grows a block allocated from this arena; the old contents are copied. */
void *arena_realloc(arena *a, void *old, size_t oldn, size_t newn);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#define ARENA_NEW(a, T)     ((T *)arena_alloc((a), sizeof(T)))
#define ARENA_NEWN(a, T, n) ((T *)arena_calloc((a), (n), sizeof(T)))

#endif
