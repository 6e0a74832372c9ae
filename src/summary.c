/* summary.c: mdBook's SUMMARY.md -> a list of chapter entries (see summary.h). One pass over
 * the lines with a stack of the open list items' indentations for nesting. */
#include "summary.h"
#include "file.h"

#include <string.h>

typedef struct scx {
    arena *a;
    diag_ctx *d;
    const char *file;
    summary_entry *list;
    int n, cap;
} scx;

/* The link text s[0..n) as plain text: backslash escapes and backticks removed. */
static char *plain_title(arena *a, const char *s, size_t n)
{
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n)
            out[o++] = s[++i];
        else if (s[i] != '`')
            out[o++] = s[i];
    }
    out[o] = 0;
    return out;
}

/* Reads "[title](dest)" at s[0..n). Returns 0 and the parts, or -1 when s is not one link
 * (trailing blanks allowed). */
static int read_link(arena *a, const char *s, size_t n, const char **title, const char **dest)
{
    if (n < 4 || s[0] != '[')
        return -1;
    size_t i = 1;
    int depth = 1;
    for (; i < n; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (s[i] == '[')
            depth++;
        else if (s[i] == ']' && --depth == 0)
            break;
    }
    if (i + 1 >= n || s[i + 1] != '(')
        return -1;
    size_t tend = i;
    i += 2;
    size_t dstart = i, dend;
    if (i < n && s[i] == '<') {
        dstart = ++i;
        while (i < n && s[i] != '>')
            i++;
        if (i == n)
            return -1;
        dend = i++;
        while (i < n && s[i] == ' ')
            i++;
        if (i == n || s[i] != ')')
            return -1;
    } else {
        int paren = 0;
        for (; i < n; i++) {
            if (s[i] == '(')
                paren++;
            else if (s[i] == ')' && paren-- == 0)
                break;
        }
        if (i == n)
            return -1;
        dend = i;
        /* a title after the destination ("file.md "Title"") is ignored */
        for (size_t k = dstart; k < dend; k++)
            if (s[k] == ' ') {
                dend = k;
                break;
            }
    }
    for (i++; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return -1;
    *title = plain_title(a, s + 1, tend - 1);
    *dest = dend > dstart ? file_pct_decode(a, s + dstart, dend - dstart) : NULL;
    return 0;
}

/* A thematic break ("---", "* * *"), which SUMMARY.md uses as a separator? */
static int is_rule(const char *s, size_t n)
{
    int marks = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == s[0])
            marks++;
        else if (s[i] != ' ' && s[i] != '\t')
            return 0;
    }
    return (s[0] == '-' || s[0] == '*' || s[0] == '_') && marks >= 3;
}

static summary_entry *add(scx *x)
{
    if (x->n == x->cap) {
        int ncap = x->cap ? x->cap * 2 : 32;
        x->list = arena_realloc(x->a, x->list, sizeof(*x->list) * (size_t)x->cap,
                                sizeof(*x->list) * (size_t)ncap);
        x->cap = ncap;
    }
    summary_entry *e = &x->list[x->n++];
    memset(e, 0, sizeof(*e));
    e->parent = -1;
    return e;
}

/* Deepest nesting followed; deeper items count as this deep (the stack stays bounded). */
#define MAX_DEPTH 32

void summary_parse(arena *a, diag_ctx *d, const char *file, const char *text, size_t len,
                   summary_entry **out, int *n)
{
    scx x = {a, d, file, NULL, 0, 0};
    int indents[MAX_DEPTH], owners[MAX_DEPTH], top = 0; /* the open list items */
    int seen_any = 0, in_comment = 0;
    const char *part = NULL;
    int line = 0;
    for (size_t pos = 0; pos < len; line++) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t ln = nl ? (size_t)(nl - s) : len - pos;
        pos += ln + (nl ? 1 : 0);
        while (ln > 0 && (s[ln - 1] == '\r' || s[ln - 1] == ' ' || s[ln - 1] == '\t'))
            ln--;
        size_t ind = 0, width = 0;
        while (ind < ln && (s[ind] == ' ' || s[ind] == '\t'))
            width += s[ind++] == '\t' ? 4 : 1;
        const char *b = s + ind;
        size_t bl = ln - ind;
        if (in_comment || (bl >= 4 && memcmp(b, "<!--", 4) == 0)) {
            /* an HTML comment, perhaps over several lines */
            in_comment = 1;
            for (size_t k = 0; k + 3 <= bl; k++)
                if (memcmp(b + k, "-->", 3) == 0)
                    in_comment = 0;
            continue;
        }
        if (bl == 0)
            continue;
        if (b[0] == '#') {
            size_t h = 0;
            while (h < bl && b[h] == '#')
                h++;
            size_t t = h;
            while (t < bl && b[t] == ' ')
                t++;
            if (h == bl || b[h] == ' ') {
                /* the first heading is the summary's own title; later ones open parts */
                if (seen_any)
                    part = plain_title(a, b + t, bl - t);
                seen_any = 1;
                top = 0;
                continue;
            }
        }
        if (bl >= 3 && is_rule(b, bl)) {
            seen_any = 1;
            continue; /* a separator */
        }
        int item = (b[0] == '-' || b[0] == '*' || b[0] == '+') && bl > 1 && b[1] == ' ';
        size_t skip = item ? 2 : 0;
        while (skip < bl && b[skip] == ' ')
            skip++;
        const char *title, *dest;
        if (read_link(a, b + skip, bl - skip, &title, &dest) < 0) {
            diag_report(d, D_SUMMARY_LINE, file, line + 1, (int)ind + 1);
            continue;
        }
        seen_any = 1;
        summary_entry *e = add(&x);
        e->title = title;
        e->path = dest;
        e->line = line + 1;
        e->col = (int)(ind + skip) + 1;
        if (item) {
            while (top > 0 && indents[top - 1] >= (int)width)
                top--;
            e->depth = top + 1;
            /* a draft's children hang from the draft's own parent */
            for (int k = top; k-- > 0 && e->parent < 0;)
                e->parent = owners[k];
            if (top < MAX_DEPTH) {
                indents[top] = (int)width;
                owners[top] = dest ? x.n - 1 : -1;
                top++;
            }
        } else {
            e->depth = 0; /* prefix (before the list) or suffix (after it): unnumbered */
            top = 0;
        }
        if (part && dest) {
            e->part = part;
            part = NULL;
        }
    }
    *out = x.list;
    *n = x.n;
}
