/* memo.c: the writers' memo of derived bytes (see memo.h). */
#include "memo.h"

const void *memo_get(const memo *m, memo_kind kind, const void *key, size_t len, size_t *vlen)
{
    *vlen = 0;
    return m && m->get ? m->get(m->ctx, kind, key, len, vlen) : NULL;
}

void memo_put(const memo *m, memo_kind kind, const void *key, size_t len, const void *v,
              size_t vlen)
{
    if (m && m->put)
        m->put(m->ctx, kind, key, len, v, vlen);
}

int memo_keeps(const memo *m)
{
    return m && m->get;
}
