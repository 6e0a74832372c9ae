/* buf.c: growable byte buffer (see buf.h). */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_clear(buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = 0;
}

void buf_reserve(buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        hj_oom();
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    /* double (appends stay amortised O(1)), but a big reservation gets what it asks for */
    size_t cap = b->cap ? b->cap : 64;
    cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (cap < need)
        cap = need;
    char *p = realloc(b->data, cap);
    if (!p)
        hj_oom();
    b->data = p;
    b->cap = cap;
}

void buf_put(buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void buf_puts(buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0)
        return;
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *buf_cstr(const buf *b)
{
    return b->data ? b->data : "";
}
