/* mdbook.c: mdBook's {{#include}} family, expanded in a chapter's text before it is parsed (see
 * mdbook.h). One left-to-right scan per text; an included text is scanned in turn, one level
 * deeper. A map records where each output line came from, so that messages about included text
 * name the included file and line. */
#include "mdbook.h"
#include "buf.h"
#include "file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- selecting lines ------------------------------------------------------------------ */

/* Does line s[0..n) hold marker ("ANCHOR:" or "ANCHOR_END:") followed by a name? The name is
 * returned in name and nlen. */
static int marker(const char *s, size_t n, const char *mark, const char **name, size_t *nlen)
{
    size_t k = strlen(mark);
    for (size_t i = 0; i + k <= n; i++) {
        if (memcmp(s + i, mark, k) != 0)
            continue;
        size_t j = i + k;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        size_t e = j;
        while (e < n && (s[e] == '_' || s[e] == '-' || (s[e] >= '0' && s[e] <= '9') ||
                         ((s[e] | 32) >= 'a' && (s[e] | 32) <= 'z') || (unsigned char)s[e] >= 0x80))
            e++;
        if (e > j) {
            *name = s + j;
            *nlen = e - j;
            return 1;
        }
    }
    return 0;
}

/* A line number as written ("12"), or -1. */
static long number(const char *s, size_t n)
{
    if (n == 0 || n > 9 || strspn(s, "0123456789") < n)
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int mdbook_select(arena *a, const char *text, size_t len, const char *sel, mdbook_line **lines,
                  int *nlines)
{
    /* the selector, as mdBook reads it: "start:end" with either side optional, or an anchor */
    const char *c1 = strchr(sel, ':');
    size_t l1 = c1 ? (size_t)(c1 - sel) : strlen(sel);
    long first = 1, last = -1; /* inclusive, 1-based; last -1: to the end */
    const char *anchor = NULL;
    size_t anchor_len = 0;
    long n1 = number(sel, l1);
    if (n1 >= 0) {
        first = n1 ? n1 : 1;
        if (!c1) {
            last = first;
        } else {
            const char *s2 = c1 + 1;
            long n2 = number(s2, strcspn(s2, ":"));
            last = n2;
        }
    } else if (l1 == 0 && c1) {
        const char *s2 = c1 + 1;
        last = number(s2, strcspn(s2, ":"));
    } else if (l1 > 0) {
        anchor = sel;
        anchor_len = l1;
    }
    int in_anchor = 0, found = 0, cap = 0;
    mdbook_line *out = *lines;
    int n = *nlines;
    cap = n;
    int line = 0;
    for (size_t pos = 0; pos < len;) {
        const char *s = text + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t ln = nl ? (size_t)(nl - s) : len - pos;
        size_t start = pos;
        pos += ln + (nl ? 1 : 0);
        line++;
        if (ln > 0 && s[ln - 1] == '\r')
            ln--;
        const char *name;
        size_t nlen;
        int is_end = marker(s, ln, "ANCHOR_END:", &name, &nlen);
        if (is_end || marker(s, ln, "ANCHOR:", &name, &nlen)) {
            int mine = anchor && nlen == anchor_len && memcmp(name, anchor, nlen) == 0;
            if (mine && !is_end && !found)
                in_anchor = found = 1;
            else if (mine && is_end && in_anchor)
                break;
            continue;
        }
        if (anchor ? !in_anchor : (line < first || (last >= 0 && line > last)))
            continue;
        if (n == cap) {
            int ncap = cap ? cap * 2 : 64;
            out = arena_realloc(a, out, sizeof(*out) * (size_t)cap, sizeof(*out) * (size_t)ncap);
            cap = ncap;
        }
        out[n++] = (mdbook_line){start, ln, line};
    }
    *lines = out;
    *nlines = n;
    return anchor && !found ? -1 : 0;
}

/* ---- expanding ------------------------------------------------------------------------ */

typedef struct xcx {
    arena *a;
    diag_ctx *d;
    const char *root;
    char *root_real; /* the project's real path (malloc'd), or NULL */
    buf out;
    md_origin *map; /* per output line */
    int nmap, capmap;
    int changed;
    int count; /* directives expanded */
    int deep;  /* MDBOOK_MAX_DEPTH reached (reported once) */
    int full;  /* MDBOOK_MAX_BYTES or MDBOOK_MAX_INCLUDES reached (reported once) */
} xcx;

static void new_line(xcx *x, const char *file, int line)
{
    if (x->nmap == x->capmap) {
        int ncap = x->capmap ? x->capmap * 2 : 256;
        x->map = arena_realloc(x->a, x->map, sizeof(*x->map) * (size_t)x->capmap,
                               sizeof(*x->map) * (size_t)ncap);
        x->capmap = ncap;
    }
    x->map[x->nmap++] = (md_origin){file, line};
}

/* A text being scanned: its file, and the file's line of each of its lines (NULL: i + 1). */
typedef struct src {
    const char *file;
    const char *text;
    size_t len;
    const int *lines;
    int nlines;
} src;

static int src_line(const src *s, int i)
{
    if (!s->lines)
        return i + 1;
    return s->nlines ? s->lines[i < s->nlines ? i : s->nlines - 1] : 0;
}

/* Appends generated text (a fence), its line breaks attributed to file:line. */
static void put_generated(xcx *x, const char *s, const char *file, int line)
{
    for (; *s; s++) {
        buf_putc(&x->out, *s);
        if (*s == '\n')
            new_line(x, file, line);
    }
}

static void expand(xcx *x, const src *s, int depth);

/* Reads an included file into t (project-relative rel). Returns 0, or -1 after an error at
 * file:line:col. */
static int read_included(xcx *x, const char *rel, const char *as_written, const char *file,
                         int line, int col, char **t, size_t *tlen)
{
    char *disk = file_join(x->a, x->root, rel);
    char *real = realpath(disk, NULL);
    if (!real) {
        diag_report(x->d, D_INCLUDE_FAILED, file, line, col, as_written, strerror(errno));
        return -1;
    }
    size_t rl = x->root_real ? strlen(x->root_real) : 0;
    int inside = x->root_real && strncmp(real, x->root_real, rl) == 0 &&
                 (real[rl] == '/' || (rl == 1 && x->root_real[0] == '/'));
    free(real);
    if (!inside) {
        diag_report(x->d, D_PATH_OUTSIDE, file, line, col, as_written);
        return -1;
    }
    if (file_is_dir(disk) || file_read_max(x->a, disk, MDBOOK_MAX_BYTES, t, tlen) < 0) {
        diag_report(x->d, D_INCLUDE_FAILED, file, line, col, as_written,
                    file_is_dir(disk) ? "it is a folder" : strerror(errno));
        return -1;
    }
    return 0;
}

/* Expands one directive {{#kind args}} found in s at line li (0-based), column col. */
static void directive(xcx *x, const src *s, int li, int col, const char *kind, size_t klen,
                      const char *args, size_t alen, int depth)
{
    int line = src_line(s, li);
    x->changed = 1;
#define KIND(k) (klen == strlen(k) && memcmp(kind, k, klen) == 0)
    if (KIND("title"))
        return;
    int playground = KIND("playground") || KIND("playpen");
    if (!KIND("include") && !KIND("rustdoc_include") && !playground) {
        buf_put(&x->out, "{{#", 3);
        buf_put(&x->out, kind, klen);
        buf_putc(&x->out, ' ');
        buf_put(&x->out, args, alen);
        buf_put(&x->out, "}}", 2);
        return;
    }
#undef KIND
    size_t plen = 0;
    while (plen < alen && args[plen] != ' ' && args[plen] != '\t')
        plen++;
    const char *arg = arena_strndup(x->a, args, plen);
    char *attrs = arena_strndup(x->a, args + plen, alen - plen);
    const char *colon = playground ? NULL : strchr(arg, ':');
    const char *path = colon ? arena_strndup(x->a, arg, (size_t)(colon - arg)) : arg;
    const char *sel = colon ? colon + 1 : "";
    if (depth >= MDBOOK_MAX_DEPTH) {
        if (!x->deep) /* once: a loop with several includes would repeat it many times */
            diag_report(x->d, D_INCLUDE_DEPTH, s->file, line, col, MDBOOK_MAX_DEPTH, arg);
        x->deep = 1;
        return;
    }
    char *rel = file_normalize(x->a, file_join(x->a, file_dirname(x->a, s->file), path));
    if (!rel) {
        diag_report(x->d, D_PATH_OUTSIDE, s->file, line, col, path);
        return;
    }
    char *t;
    size_t tlen;
    if (read_included(x, rel, path, s->file, line, col, &t, &tlen) < 0)
        return;
    mdbook_line *lines = NULL;
    int n = 0;
    if (mdbook_select(x->a, t, tlen, sel, &lines, &n) < 0) {
        diag_report(x->d, D_INCLUDE_ANCHOR, s->file, line, col, sel, path);
        return;
    }
    /* the kept lines, joined (no newline after the last, as mdBook joins them) */
    buf joined = BUF_INIT;
    int *from = ARENA_NEWN(x->a, int, (size_t)n + 1);
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&joined, '\n');
        buf_put(&joined, t + lines[i].start, lines[i].len);
        from[i] = lines[i].line;
    }
    src inc = {rel, arena_strndup(x->a, joined.data ? joined.data : "", joined.len), joined.len,
               from, n};
    buf_free(&joined);
    if (playground) {
        char *a2 = attrs;
        while (*a2 == ' ' || *a2 == '\t')
            a2++;
        for (char *p = a2; *p; p++)
            if (*p == ' ' || *p == '\t')
                *p = ',';
        put_generated(x, arena_printf(x->a, "```rust%s%s\n", *a2 ? "," : "", a2), rel,
                      n ? from[0] : 1);
    } else if (n && (x->out.len == 0 || x->out.data[x->out.len - 1] == '\n')) {
        /* the included text starts the output line: the line is the included file's */
        x->map[x->nmap - 1] = (md_origin){rel, from[0]};
    }
    expand(x, &inc, depth + 1);
    if (playground)
        put_generated(x, "\n```\n", s->file, line);
}

static int name_char(char c)
{
    return c == '_' || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* Is s[i..) a directive "{{ #name args}}" on one line? Returns its length and the parts. */
static size_t match(const char *s, size_t n, size_t i, const char **kind, size_t *klen,
                    const char **args, size_t *alen)
{
    size_t j = i + 2;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    if (j >= n || s[j] != '#')
        return 0;
    size_t k = ++j;
    while (j < n && name_char(s[j]))
        j++;
    if (j == k || j >= n || (s[j] != ' ' && s[j] != '\t'))
        return 0;
    *kind = s + k;
    *klen = j - k;
    while (j < n && (s[j] == ' ' || s[j] == '\t'))
        j++;
    size_t a0 = j;
    while (j < n && s[j] != '}' && s[j] != '\n')
        j++;
    if (j + 1 >= n || s[j] != '}' || s[j + 1] != '}' || j == a0)
        return 0;
    size_t a1 = j;
    while (a1 > a0 && (s[a1 - 1] == ' ' || s[a1 - 1] == '\t'))
        a1--;
    *args = s + a0;
    *alen = a1 - a0;
    return j + 2 - i;
}

static void expand(xcx *x, const src *s, int depth)
{
    const char *t = s->text;
    size_t n = s->len, copied = 0, line_start = 0;
    int li = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\n') {
            buf_put(&x->out, t + copied, i + 1 - copied);
            copied = i + 1;
            line_start = i + 1;
            new_line(x, s->file, src_line(s, ++li));
            continue;
        }
        if (t[i] != '{' || i + 2 >= n || t[i + 1] != '{')
            continue;
        const char *kind, *args;
        size_t klen, alen;
        size_t m = match(t, n, i, &kind, &klen, &args, &alen);
        if (!m)
            continue;
        if (i > line_start && t[i - 1] == '\\') {
            /* an escaped directive: kept as text, without the backslash */
            buf_put(&x->out, t + copied, i - 1 - copied);
            copied = i;
            x->changed = 1;
            i += m - 1;
            continue;
        }
        buf_put(&x->out, t + copied, i - copied);
        if (x->out.len > MDBOOK_MAX_BYTES || ++x->count > MDBOOK_MAX_INCLUDES) {
            if (!x->full)
                diag_report(x->d, D_INCLUDE_TOO_BIG, s->file, src_line(s, li),
                            (int)(i - line_start) + 1, MDBOOK_MAX_INCLUDES,
                            (int)(MDBOOK_MAX_BYTES >> 20));
            x->full = 1;
        } else {
            directive(x, s, li, (int)(i - line_start) + 1, kind, klen, args, alen, depth);
        }
        i += m - 1;
        copied = i + 1;
    }
    buf_put(&x->out, t + copied, n - copied);
}

char *mdbook_expand(arena *a, diag_ctx *d, const char *root, const char *file, const char *text,
                    size_t len, size_t *outlen, md_origin **map, int *nmap)
{
    *map = NULL;
    *nmap = 0;
    *outlen = len;
    /* the common case, a chapter without directives, costs one search */
    int any = 0;
    for (const char *p = text; !any && (p = memchr(p, '{', (size_t)(text + len - p))) != NULL; p++)
        any = p + 2 < text + len && p[1] == '{';
    if (!any)
        return (char *)text;
    xcx x;
    memset(&x, 0, sizeof(x));
    x.a = a;
    x.d = d;
    x.root = root;
    x.root_real = realpath(root, NULL);
    new_line(&x, file, 1);
    src s = {file, text, len, NULL, 0};
    expand(&x, &s, 0);
    free(x.root_real);
    if (!x.changed) {
        buf_free(&x.out);
        return (char *)text;
    }
    char *out = arena_strndup(a, x.out.data ? x.out.data : "", x.out.len);
    *outlen = x.out.len;
    buf_free(&x.out);
    *map = x.map;
    *nmap = x.nmap;
    return out;
}
