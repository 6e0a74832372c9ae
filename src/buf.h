/* buf.h: a growable byte buffer on the heap, always NUL-terminated. Growth never fails:
 * out of memory aborts in hj_oom(). The owner calls buf_free. */
#ifndef HANJI_BUF_H
#define HANJI_BUF_H

#include "hanji.h"
#include <stdarg.h>

typedef struct buf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len, cap;
} buf;

#define BUF_INIT                                                                                   \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void buf_free(buf *b);
void buf_clear(buf *b); /* length 0, keeps the storage */
void buf_reserve(buf *b, size_t extra);
void buf_put(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
/* Appends one byte (inline: the writers call it per character). */
static inline void buf_putc(buf *b, int c)
{
    if (b->len + 1 < b->cap) {
        b->data[b->len++] = (char)c;
        b->data[b->len] = 0;
    } else {
        char ch = (char)c;
        buf_put(b, &ch, 1);
    }
}
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The contents as a C string ("" when empty). */
const char *buf_cstr(const buf *b);

#endif
