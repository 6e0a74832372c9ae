/* md.c: cmark-gfm's tree -> hanji's document tree (see md.h). Walks cmark's tree with its
 * iterator (no recursion), keeping a stack of open doc nodes. Decisions made here:
 *  - an image alone in a paragraph becomes a FIGURE whose caption is the alt text;
 *  - a heading ending in "{#id}" gets that id (the text loses it);
 *  - raw HTML goes into the tree as pieces (TEXT flagged DOC_F_HTML) that html.c then reads
 *    together with the nodes around them;
 *  - footnote definitions go into the chapter's NOTES, in order of first reference;
 *  - the quotation marks smart punctuation made follow the book's language (md_opts); the
 *    author's own typographic quotes are hidden from it as noncharacters and put back;
 *  - YAML front matter is read (config.c) and blanked out before cmark sees the text; its
 *    title becomes the level-1 heading of a chapter that has none;
 *  - a block quote starting `[!NOTE]` (GitHub's alerts) is a callout. */
#include "md.h"
#include "buf.h"
#include "config.h"
#include "file.h"
#include "html.h"
#include "utf8.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Repairs text for cmark: invalid UTF-8 -> U+FFFD, C0 controls other than tab/LF/CR and DEL
 * removed; each with a warning at its line and column (at most a few per chapter). */
static void at(const md_origin *map, int nmap, const char **file, int *line)
{
    if (map && *line >= 1 && *line <= nmap) {
        *file = map[*line - 1].file;
        *line = map[*line - 1].line;
    }
}

static char *clean_text(arena *a, diag_ctx *d, const char *file, const md_origin *map, int nmap,
                        const char *s, size_t n, size_t *outlen)
{
    enum { MAX_WARNINGS = 5 };
    int warned = 0, line = 1, col = 1;
    buf b = BUF_INIT;
    buf_reserve(&b, n);
    size_t i = 0, start = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            line++, col = 1, i++;
            continue;
        }
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
                buf_put(&b, s + start, i - start);
                if (warned++ < MAX_WARNINGS) {
                    const char *f = file;
                    int l = line;
                    at(map, nmap, &f, &l);
                    diag_report(d, D_CTRL_CHAR, f, l, col, (unsigned)c);
                }
                start = ++i;
                col++;
                continue;
            }
            i++, col++;
            continue;
        }
        size_t len;
        uint32_t cp = utf8_decode(s + i, n - i, &len);
        if (cp == UTF8_REPLACEMENT && len == 1) {
            buf_put(&b, s + start, i - start);
            buf_puts(&b, "\xEF\xBF\xBD");
            if (warned++ < MAX_WARNINGS) {
                const char *f = file;
                int l = line;
                at(map, nmap, &f, &l);
                diag_report(d, D_UTF8_INVALID, f, l, col, c);
            }
            start = ++i;
            col++;
            continue;
        }
        i += len;
        col++;
    }
    buf_put(&b, s + start, n - start);
    char *out = arena_strndup(a, buf_cstr(&b), b.len);
    *outlen = b.len;
    buf_free(&b);
    return out;
}

/* ---- quotation marks ----------------------------------------------------------------------
 * cmark-gfm's smart punctuation turns " and ' into “ ” ‘ ’ and merges them into the text
 * around, where they could not be told from the same marks typed by the author. So before the
 * parse, typed ones become the noncharacters U+FDD0..U+FDD3 (same length in UTF-8, so columns
 * stay right); after it, every string is given them back and only cmark's marks are replaced
 * by the language's. A ’ is a closing quote only when a ‘ is open and it is not between two
 * letters (an apostrophe: "l’homme", "don’t"); ” only closes an open “, and one that closes
 * nothing but comes before a letter opens a quotation (cmark takes a " between two letters for
 * a closing one, as in Chinese and Japanese, which set no space before a quotation). */

static const char *const cmark_quotes[4] = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98",
                                            "\xe2\x80\x99"};

/* The typed mark a noncharacter stands for, at s (3 bytes); -1 when none. */
static int hidden_quote(const char *s, size_t n)
{
    if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xB7 &&
        (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x93)
        return (unsigned char)s[2] - 0x90;
    return -1;
}

/* Which of “ ” ‘ ’ is at s; -1 when none. */
static int curly_quote(const char *s, size_t n)
{
    for (int i = 0; i < 4; i++)
        if (n >= 3 && memcmp(s, cmark_quotes[i], 3) == 0)
            return i;
    return -1;
}

/* Hides the typed marks of s[0..n) (unless s holds the noncharacters itself). Returns whether
 * it did. */
static int hide_quotes(char *s, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (hidden_quote(s + i, n - i) >= 0)
            return 0;
    for (size_t i = 0; i + 2 < n; i++) {
        int q = curly_quote(s + i, n - i);
        if (q >= 0) {
            s[i] = (char)0xEF;
            s[i + 1] = (char)0xB7;
            s[i + 2] = (char)(0x90 + q);
            i += 2;
        }
    }
    return 1;
}

/* Gives s[0..n) its typed marks back, in place. */
static void show_quotes(char *s, size_t n)
{
    for (size_t i = 0; s && i + 2 < n; i++) {
        int q = hidden_quote(s + i, n - i);
        if (q >= 0) {
            memcpy(s + i, cmark_quotes[q], 3);
            i += 2;
        }
    }
}

static int is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c >= 0xC0 && !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) &&
            !(c >= 0xFE30 && c <= 0xFE6F) && !(c >= 0xFF00 && c <= 0xFF0F));
}

typedef struct quote_state {
    int open_double, open_single; /* quotations open in the block */
} quote_state;

/* A TEXT node's string with cmark's marks in the language's and the typed ones shown. */
static void requote_text(arena *a, doc_node *t, const md_opts *o, int hidden, quote_state *qs)
{
    buf b = BUF_INIT;
    uint32_t prev = 0;
    for (size_t i = 0; i < t->len;) {
        size_t len;
        const char *s = t->text + i;
        int q = curly_quote(s, t->len - i), h = hidden ? hidden_quote(s, t->len - i) : -1;
        uint32_t c = utf8_decode(s, t->len - i, &len);
        if (h >= 0) {
            buf_puts(&b, cmark_quotes[h]);
        } else if (q == 0 || q == 2) {
            buf_puts(&b, o->quotes[q]);
            ++*(q == 0 ? &qs->open_double : &qs->open_single);
        } else if (q == 1 && qs->open_double > 0) {
            buf_puts(&b, o->quotes[1]);
            qs->open_double--;
        } else if (q == 1 && i + len < t->len &&
                   is_letter(utf8_decode(s + len, t->len - i - len, &(size_t){0}))) {
            /* cmark closes a " between two letters (说"你好"): it opens one */
            buf_puts(&b, o->quotes[0]);
            qs->open_double++;
        } else if (q == 3 && qs->open_single > 0 &&
                   !(is_letter(prev) && i + len < t->len &&
                     is_letter(utf8_decode(s + len, t->len - i - len, &(size_t){0})))) {
            buf_puts(&b, o->quotes[3]);
            qs->open_single--;
        } else {
            buf_put(&b, s, len);
        }
        prev = c;
        i += len;
    }
    t->text = arena_strndup(a, buf_cstr(&b), b.len);
    t->len = b.len;
    buf_free(&b);
}

/* After the parse: the language's marks in the text, the typed ones back everywhere. */
static void requote(arena *a, doc_node *ch, const md_opts *o, int hidden)
{
    quote_state qs = {0, 0};
    doc_iter it;
    doc_iter_init(&it, ch);
    while (doc_iter_next(&it)) {
        doc_node *n = it.node;
        if (!it.entering)
            continue;
        if (!doc_is_inline(n->kind))
            qs = (quote_state){0, 0}; /* a new block */
        if (n->kind == DOC_TEXT) {
            requote_text(a, n, o, hidden, &qs);
            continue;
        }
        if (!hidden)
            continue;
        /* strings copied from cmark's nodes live in the arena: mend them in place */
        if (n->text)
            show_quotes((char *)n->text, n->len);
        const char *const strs[] = {n->url, n->info, n->label};
        for (size_t i = 0; i < HJ_ARRAY_LEN(strs); i++)
            if (strs[i])
                show_quotes((char *)strs[i], strlen(strs[i]));
    }
}

/* The end of the line starting at s[i] when it holds only `mark` and blanks: the offset after
 * its newline; 0 when it is some other line. */
static size_t delimiter_line(const char *s, size_t n, size_t i, const char *mark)
{
    size_t k = strlen(mark);
    if (n - i < k || memcmp(s + i, mark, k) != 0)
        return 0;
    for (i += k; i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'); i++)
        ;
    if (i == n)
        return n;
    return s[i] == '\n' ? i + 1 : 0;
}

/* YAML front matter (pandoc's and Jekyll's): a first line `---` not followed by a blank line,
 * up to the next line `---` or `...`. Reads it into fm and blanks its bytes out in s (newlines
 * stay, so cmark's lines are the file's). Without the closing line it is no front matter. */
static void front_matter(arena *a, diag_ctx *d, const char *file, char *s, size_t n,
                         config_front *fm)
{
    memset(fm, 0, sizeof(*fm));
    size_t body = delimiter_line(s, n, 0, "---");
    if (!body || body == n || s[body] == '\n' || (s[body] == '\r' && s[body + 1] == '\n'))
        return;
    int line = 2;
    for (size_t i = body; i < n; line++) {
        size_t end = delimiter_line(s, n, i, "---");
        if (!end)
            end = delimiter_line(s, n, i, "...");
        if (end) {
            config_front_matter(a, d, file, s + body, i - body, 2, fm);
            for (size_t k = 0; k < end; k++)
                if (s[k] != '\n')
                    s[k] = ' ';
            return;
        }
        const char *nl = memchr(s + i, '\n', n - i);
        if (!nl)
            return;
        i = (size_t)(nl - s) + 1;
    }
}

/* GitHub's alerts: a block quote whose first line is only `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
 * `[!WARNING]` or `[!CAUTION]` (any case) and that has more after it is a callout: flagged, its
 * kind in info ("note", ...), the marker line removed. The outputs set it off with its title. */
static void callouts(arena *a, doc_node *ch)
{
    static const char *const kinds[] = {"note", "tip", "important", "warning", "caution"};
    doc_iter it;
    doc_iter_init(&it, ch);
    while (doc_iter_next(&it)) {
        doc_node *q = it.node, *p = q->first, *t = p ? p->first : NULL;
        if (!it.entering || q->kind != DOC_BLOCKQUOTE || !p || p->kind != DOC_PARA || !t ||
            t->kind != DOC_TEXT || t->len < 5 || t->text[0] != '[' || t->text[1] != '!')
            continue;
        size_t close = 2;
        while (close < t->len && t->text[close] != ']')
            close++;
        size_t end = close + 1;
        while (end < t->len && (t->text[end] == ' ' || t->text[end] == '\t'))
            end++;
        doc_node *brk = t->next;
        if (close >= t->len || end != t->len ||
            (brk && brk->kind != DOC_SOFTBREAK && brk->kind != DOC_LINEBREAK) ||
            !((brk && brk->next) || p->next))
            continue;
        const char *kind = NULL;
        for (size_t i = 0; i < HJ_ARRAY_LEN(kinds); i++)
            if (close - 2 == strlen(kinds[i]) && strncasecmp(t->text + 2, kinds[i], close - 2) == 0)
                kind = kinds[i];
        if (!kind)
            continue;
        q->flags |= DOC_F_CALLOUT;
        q->info = arena_strdup(a, kind);
        doc_unlink(t);
        if (brk)
            doc_unlink(brk);
        if (!p->first)
            doc_unlink(p); /* the iterator is on q: p may go */
    }
}

/* A chapter with a front matter title and no level-1 heading gets one, first. */
static void front_title(arena *a, doc_node *ch, const config_front *fm)
{
    if (!fm->title.value)
        return;
    for (doc_node *c = ch->first; c; c = c->next)
        if (c->kind == DOC_HEADING && c->level == 1)
            return;
    doc_node *h = doc_new(a, DOC_HEADING, ch->file, fm->title.line, fm->title.col);
    h->level = 1;
    doc_node *t = doc_new(a, DOC_TEXT, ch->file, fm->title.line, fm->title.col);
    t->text = fm->title.value;
    t->len = strlen(t->text);
    doc_append(h, t);
    if (ch->first)
        doc_insert_before(ch->first, h);
    else
        doc_append(ch, h);
}

/* cmark-gfm's link parsing costs time with the square of the number of '[' in one paragraph
 * (each link it closes walks back over every earlier opener: 200,000 "![[]()" take minutes).
 * Past this many in one block of text (up to a blank line; fenced code is not counted), a
 * '[' is escaped ("\\[") and so taken as text; one warning where that begins. A real
 * paragraph has a few dozen. */
#define MD_MAX_BRACKETS 5000

static int is_fence(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    return n - i >= 3 && (s[i] == '`' || s[i] == '~') && s[i + 1] == s[i] && s[i + 2] == s[i];
}

/* Returns text with '[' past MD_MAX_BRACKETS per block escaped (text itself when none is). */
static char *limit_brackets(arena *a, diag_ctx *d, const char *file, const md_origin *map, int nmap,
                            char *text, size_t n, size_t *outlen)
{
    buf b = BUF_INIT;
    int count = 0, in_fence = 0, warned = 0, line = 1;
    size_t start = 0; /* of what is not yet copied into b */
    for (size_t i = 0; i < n;) {
        size_t eol = i;
        while (eol < n && text[eol] != '\n')
            eol++;
        size_t ll = eol - i;
        if (is_fence(text + i, ll)) {
            in_fence = !in_fence;
            count = 0;
        } else if (strspn(text + i, " \t\r") >= ll) {
            count = 0; /* a blank line ends the block */
        } else if (!in_fence) {
            for (size_t k = i; k < eol; k++) {
                if (text[k] != '[' || ++count <= MD_MAX_BRACKETS)
                    continue;
                if (!warned++) {
                    const char *f = file;
                    int l = line;
                    at(map, nmap, &f, &l);
                    diag_report(d, D_MD_BRACKETS, f, l, (int)(k - i) + 1, MD_MAX_BRACKETS);
                }
                buf_put(&b, text + start, k - start);
                buf_putc(&b, '\\');
                start = k;
            }
        }
        i = eol + 1;
        line++;
    }
    if (!warned) {
        *outlen = n;
        return text;
    }
    buf_put(&b, text + start, n - start);
    char *out = arena_strndup(a, buf_cstr(&b), b.len);
    *outlen = b.len;
    buf_free(&b);
    return out;
}

typedef struct mdcx {
    arena *a;
    diag_ctx *d;
    const char *file;
    const md_origin *map; /* where each line came from, or NULL: the file's */
    int nmap;
    doc_node *chapter;
    doc_node **defs; /* footnote definitions in document order */
    int ndefs, capdefs;
    int nhtml; /* raw HTML pieces in the tree */
} mdcx;

static int type_is(cmark_node *n, const char *name)
{
    const char *t = cmark_node_get_type_string(n);
    return t && strcmp(t, name) == 0;
}

static doc_node *mk(mdcx *m, doc_kind k, cmark_node *n)
{
    const char *file = m->file;
    int line = cmark_node_get_start_line(n);
    at(m->map, m->nmap, &file, &line);
    return doc_new(m->a, k, file, line, cmark_node_get_start_column(n));
}

/* mdBook's hidden lines in Rust code: a line whose first non-blank is '#' followed by a blank,
 * the line's end or anything but '!', '[' (attributes) and '#' is not printed; "##" prints as
 * "#". Returns the lines that print. */
static const char *rust_visible(arena *a, const char *s, size_t n, size_t *outlen)
{
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) + 1 : n, k = i;
        while (k < end && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k < end && s[k] == '#') {
            char next = k + 1 < end ? s[k + 1] : '\n';
            if (next == '#') {
                memcpy(out + o, s + i, k - i);
                o += k - i;
                i = k + 1; /* "##" -> "#" */
            } else if (next != '!' && next != '[') {
                i = end; /* hidden */
                continue;
            }
        }
        memcpy(out + o, s + i, end - i);
        o += end - i;
        i = end;
    }
    out[o] = 0;
    *outlen = o;
    return out;
}

/* Is the code block's language Rust ("rust", "rust,ignore")? */
static int is_rust(const char *info)
{
    return info && strncmp(info, "rust", 4) == 0 && (info[4] == 0 || info[4] == ',');
}

static const char *lit(mdcx *m, cmark_node *n, size_t *len)
{
    const char *s = cmark_node_get_literal(n);
    if (!s)
        s = "";
    *len = strlen(s);
    return arena_strndup(m->a, s, *len);
}

/* Pandoc's attributes right after an image, `![](x.png){.decorative}`: the length of the block
 * at the start of s ("{" tokens "}", each token `.class`, `#id` or `key=value`, on one line), or
 * 0 when s does not start with one. *decorative tells whether `.decorative` is among them; the
 * rest is understood and dropped (hanji sets images at its own sizes). */
static size_t image_attrs(const char *s, int *decorative)
{
    *decorative = 0;
    if (!s || *s != '{')
        return 0;
    size_t end = strcspn(s, "}\n");
    if (s[end] != '}')
        return 0;
    int tokens = 0;
    for (size_t i = 1; i < end;) {
        if (s[i] == ' ' || s[i] == '\t') {
            i++;
            continue;
        }
        size_t k = i;
        while (k < end && s[k] != ' ' && s[k] != '\t')
            k++;
        if (s[i] != '.' && s[i] != '#' && !memchr(s + i, '=', k - i))
            return 0;
        if (k - i == 11 && memcmp(s + i, ".decorative", 11) == 0)
            *decorative = 1;
        tokens++;
        i = k;
    }
    return tokens ? end + 1 : 0;
}

/* The plain text of a cmark node's inlines (an image's alt text), in a. */
static const char *cm_plain(arena *a, cmark_node *n)
{
    buf b = BUF_INIT;
    cmark_iter *it = cmark_iter_new(n);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *c = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(c);
        if (ev != CMARK_EVENT_ENTER || c == n)
            continue;
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
            const char *l = cmark_node_get_literal(c);
            buf_puts(&b, l ? l : "");
        } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
            buf_putc(&b, ' ');
        }
    }
    cmark_iter_free(it);
    const char *r = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return r;
}

/* An image alone in a paragraph (whitespace around it allowed, and attributes right after
 * it)? */
static cmark_node *lone_image(cmark_node *para)
{
    cmark_node *img = NULL;
    for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        if (t == CMARK_NODE_IMAGE && !img) {
            img = c;
        } else if (t == CMARK_NODE_TEXT) {
            const char *s = cmark_node_get_literal(c);
            int dec;
            if (s && img && cmark_node_previous(c) == img)
                s += image_attrs(s, &dec);
            if (s && s[strspn(s, " \t")])
                return NULL;
        } else if (t != CMARK_NODE_SOFTBREAK) {
            return NULL;
        }
    }
    return img;
}

static int id_char(char c)
{
    return c == '-' || c == '_' || c == '.' || c == ':' || (c >= '0' && c <= '9') ||
           (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Pandoc's heading attributes "Title {#id .class key=value}" (also "{-}", "{.unnumbered}"):
 * the id is kept, the rest understood and dropped; the text node loses the suffix. Anything
 * else in braces stays text. */
static void heading_id(mdcx *m, doc_node *h)
{
    doc_node *t = h->last;
    if (!t || t->kind != DOC_TEXT || t->len < 3 || t->text[t->len - 1] != '}')
        return;
    const char *open = NULL;
    for (size_t i = t->len; i-- > 0;)
        if (t->text[i] == '{') {
            open = t->text + i;
            break;
        }
    if (!open)
        return;
    const char *p = open + 1, *end = t->text + t->len - 1, *id = NULL;
    size_t idlen = 0;
    int tokens = 0;
    while (p < end) {
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        const char *q = p + 1;
        if (*p == '#' || *p == '.') {
            while (q < end && id_char(*q))
                q++;
            if (q == p + 1)
                return;
            if (*p == '#')
                id = p + 1, idlen = (size_t)(q - p - 1);
        } else if (*p == '-' && (q == end || *q == ' ')) {
            /* pandoc's short form of .unnumbered */
        } else if (id_char(*p)) {
            while (q < end && id_char(*q))
                q++;
            if (q == end || *q != '=')
                return;
            q++;
            /* a quoted value: '"', or the curly quotes smart punctuation made of them */
            int curly = end - q >= 3 && memcmp(q, "\xE2\x80\x9C", 3) == 0;
            if (q < end && (*q == '"' || curly)) {
                const char *close = curly ? "\xE2\x80\x9D" : "\"";
                size_t cl = strlen(close);
                q += curly ? 3 : 1;
                while (q < end && (size_t)(end - q) >= cl && memcmp(q, close, cl) != 0)
                    q++;
                if ((size_t)(end - q) < cl)
                    return;
                q += cl;
            } else {
                while (q < end && *q != ' ' && *q != '\t')
                    q++;
            }
        } else {
            return;
        }
        if (q < end && *q != ' ' && *q != '\t')
            return;
        tokens++;
        p = q;
    }
    if (!tokens)
        return;
    if (id)
        h->id = arena_strndup(m->a, id, idlen);
    size_t keep = (size_t)(open - t->text);
    while (keep > 0 && (t->text[keep - 1] == ' ' || t->text[keep - 1] == '\t'))
        keep--;
    t->len = keep;
    if (keep == 0)
        doc_unlink(t);
}

/* An HTML block of nothing but anchors, `<a id="x"></a>` or `<a name="x"></a>` (books put them
 * before a heading so that old links keep working): their names, '\n'-separated, appended to
 * *names. Returns 0, or -1 when s holds anything else. */
static int html_anchors(arena *a, const char *s, const char **names)
{
    buf b = BUF_INIT;
    if (*names)
        buf_puts(&b, *names);
    int found = 0;
    for (;;) {
        s += strspn(s, " \t\r\n");
        if (!*s)
            break;
        if (strncmp(s, "<a ", 3) != 0)
            goto other;
        s += 3;
        s += strspn(s, " ");
        size_t k = strncmp(s, "id=\"", 4) == 0 ? 4 : strncmp(s, "name=\"", 6) == 0 ? 6 : 0;
        if (!k)
            goto other;
        s += k;
        size_t len = strcspn(s, "\"<>\n");
        if (s[len] != '"' || len == 0)
            goto other;
        if (b.len)
            buf_putc(&b, '\n');
        buf_put(&b, s, len);
        s += len + 1;
        s += strspn(s, " ");
        if (strncmp(s, "></a>", 5) != 0)
            goto other;
        s += 5;
        found = 1;
    }
    if (found)
        *names = arena_strndup(a, b.data, b.len);
    buf_free(&b);
    return found ? 0 : -1;
other:
    buf_free(&b);
    return -1;
}

/* A paragraph of nothing but inline anchors (how cmark reads `<a id="x"></a>` lines): their
 * names appended to *names, as html_anchors. Returns 0, or -1 when it holds anything else. */
static int para_anchors(arena *a, cmark_node *para, const char **names)
{
    buf b = BUF_INIT;
    int ok = 1;
    for (cmark_node *c = cmark_node_first_child(para); c && ok; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        const char *lit = cmark_node_get_literal(c);
        if (t == CMARK_NODE_HTML_INLINE && lit)
            buf_puts(&b, lit);
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
            buf_putc(&b, '\n');
        else
            ok = t == CMARK_NODE_TEXT && lit && !lit[strspn(lit, " \t")];
    }
    int rc = ok && b.len ? html_anchors(a, buf_cstr(&b), names) : -1;
    buf_free(&b);
    return rc;
}

/* Hands every parent of raw HTML pieces (in the chapter and its footnotes) to html.c. */
static void read_html(mdcx *m, doc_node *ch)
{
    doc_node **parents = NULL;
    int n = 0, cap = 0;
    for (int i = -1; i < m->ndefs; i++) {
        doc_iter it;
        doc_iter_init(&it, i < 0 ? ch : m->defs[i]);
        while (doc_iter_next(&it)) {
            doc_node *p = it.node;
            if (!it.entering || doc_is_leaf(p->kind))
                continue;
            doc_node *k = p->first;
            while (k && !(k->flags & DOC_F_HTML && k->kind == DOC_TEXT))
                k = k->next;
            if (!k)
                continue;
            if (n == cap) {
                int nc = cap ? cap * 2 : 16;
                parents = arena_realloc(m->a, parents, sizeof(doc_node *) * (size_t)cap,
                                        sizeof(doc_node *) * (size_t)nc);
                cap = nc;
            }
            parents[n++] = p;
        }
    }
    html_seen seen = {0};
    for (int i = 0; i < n; i++)
        html_rebuild(m->a, m->d, &seen, parents[i]);
}

static void add_def(mdcx *m, doc_node *fn)
{
    if (m->ndefs == m->capdefs) {
        int ncap = m->capdefs ? m->capdefs * 2 : 8;
        m->defs = arena_realloc(m->a, m->defs, sizeof(doc_node *) * (size_t)m->capdefs,
                                sizeof(doc_node *) * (size_t)ncap);
        m->capdefs = ncap;
    }
    m->defs[m->ndefs++] = fn;
}

/* cmark-gfm's own allocator aborts the process when memory runs out; this one ends it the
 * way every other allocation does (hj_oom: a message and exit status 1). */
static void *md_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p && n && size)
        hj_oom();
    return p;
}

static void *md_realloc(void *p, size_t size)
{
    void *q = realloc(p, size);
    if (!q && size)
        hj_oom();
    return q;
}

static cmark_mem md_mem = {md_calloc, md_realloc, free};

#define PUSH_OPEN(node)                                                                            \
    do {                                                                                           \
        if (depth == cap) {                                                                        \
            int ncap = cap ? cap * 2 : 64;                                                         \
            open_cm = arena_realloc(a, open_cm, sizeof(*open_cm) * (size_t)cap,                    \
                                    sizeof(*open_cm) * (size_t)ncap);                              \
            cap = ncap;                                                                            \
        }                                                                                          \
        open_cm[depth++] = (node);                                                                 \
    } while (0)

doc_node *md_parse_chapter(arena *a, diag_ctx *d, const char *file, const char *text, size_t len)
{
    return md_parse(a, d, file, text, len, NULL, 0, NULL);
}

doc_node *md_parse_chapter_opts(arena *a, diag_ctx *d, const char *file, const char *text,
                                size_t len, const md_opts *o)
{
    return md_parse(a, d, file, text, len, NULL, 0, o);
}

doc_node *md_parse_mapped(arena *a, diag_ctx *d, const char *file, const char *text, size_t len,
                          const md_origin *map, int nmap)
{
    return md_parse(a, d, file, text, len, map, nmap, NULL);
}

doc_node *md_parse(arena *a, diag_ctx *d, const char *file, const char *text, size_t len,
                   const md_origin *map, int nmap, const md_opts *o)
{
    mdcx m = {a, d, file, map, nmap, NULL, NULL, 0, 0, 0};
    size_t clen;
    char *clean = clean_text(a, d, file, map, nmap, text, len, &clen);
    clean = limit_brackets(a, d, file, map, nmap, clean, clen, &clen);
    config_front fm;
    front_matter(a, d, file, clean, clen, &fm);
    /* the language's own marks (English: cmark's) */
    int requoting = o != NULL;
    for (int i = 0; requoting && i < 4; i++)
        if (!o->quotes[i])
            requoting = 0;
    int hidden = requoting && hide_quotes(clean, clen);

    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART, &md_mem);
    static const char *const exts[] = {"table", "strikethrough", "autolink", "tasklist"};
    for (size_t i = 0; i < HJ_ARRAY_LEN(exts); i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        if (e)
            cmark_parser_attach_syntax_extension(p, e);
    }
    cmark_parser_feed(p, clean, clen);
    cmark_node *root = cmark_parser_finish(p);

    doc_node *ch = doc_new(a, DOC_CHAPTER, file, 1, 1);
    m.chapter = ch;
    doc_node *cur = ch;             /* the open doc node new children go into */
    cmark_node *figure_img = NULL;  /* the image of an open figure: its EXIT is not ours */
    cmark_node *figure_para = NULL; /* after that EXIT: skip to this paragraph's EXIT */
    cmark_node **open_cm = NULL;    /* the cmark nodes whose ENTER opened a doc node */
    const char *anchors = NULL;     /* HTML anchors' names waiting for the next block */
    int depth = 0, cap = 0;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        int enter = ev == CMARK_EVENT_ENTER;
        if (n == root)
            continue;
        if (!enter && n == figure_img) {
            figure_img = NULL; /* the paragraph's EXIT closes the figure */
            figure_para = cmark_node_parent(n);
            continue;
        }
        if (figure_para) {
            if (n != figure_para)
                continue; /* whitespace after the image */
            figure_para = NULL;
        }
        if (!enter) {
            /* close what this node's ENTER opened, if anything */
            if (depth == 0 || open_cm[depth - 1] != n)
                continue;
            depth--;
            if (cur->kind == DOC_HEADING)
                heading_id(&m, cur);
            /* footnote definitions are detached from the tree until the end */
            cur = t == CMARK_NODE_FOOTNOTE_DEFINITION || !cur->parent ? ch : cur->parent;
            continue;
        }
        doc_node *nd = NULL;
        int container = 1;
        switch (t) {
        case CMARK_NODE_BLOCK_QUOTE:
            nd = mk(&m, DOC_BLOCKQUOTE, n);
            break;
        case CMARK_NODE_LIST:
            nd = mk(&m, DOC_LIST, n);
            if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) {
                nd->flags |= DOC_F_ORDERED;
                nd->number = cmark_node_get_list_start(n);
            }
            if (cmark_node_get_list_tight(n))
                nd->flags |= DOC_F_TIGHT;
            break;
        case CMARK_NODE_ITEM:
            nd = mk(&m, DOC_ITEM, n);
            if (type_is(n, "tasklist")) {
                nd->flags |= DOC_F_TASK;
                if (cmark_gfm_extensions_get_tasklist_item_checked(n))
                    nd->flags |= DOC_F_CHECKED;
            }
            break;
        case CMARK_NODE_CODE_BLOCK:
            nd = mk(&m, DOC_CODEBLOCK, n);
            nd->text = lit(&m, n, &nd->len);
            {
                const char *info = cmark_node_get_fence_info(n);
                if (info && *info)
                    nd->info = arena_strndup(a, info, strcspn(info, " \t"));
                if (is_rust(nd->info))
                    nd->text = rust_visible(a, nd->text, nd->len, &nd->len);
            }
            container = 0;
            break;
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_HTML_INLINE: {
            const char *s = cmark_node_get_literal(n);
            if (t == CMARK_NODE_HTML_BLOCK && s && html_anchors(a, s, &anchors) == 0)
                continue; /* names for the next block */
            /* a piece for html.c, which reads it with the pieces and nodes around it */
            nd = mk(&m, DOC_TEXT, n);
            nd->text = lit(&m, n, &nd->len);
            nd->flags |= DOC_F_HTML;
            doc_append(cur, nd);
            m.nhtml++;
            continue;
        }
        case CMARK_NODE_PARAGRAPH: {
            if (para_anchors(a, n, &anchors) == 0) {
                /* names for the next block: skip to this paragraph's EXIT */
                while (!(cmark_iter_get_node(it) == n && ev == CMARK_EVENT_EXIT))
                    ev = cmark_iter_next(it);
                continue;
            }
            cmark_node *img = lone_image(n);
            if (img && (cur->kind == DOC_CHAPTER || cur->kind == DOC_BLOCKQUOTE ||
                        cur->kind == DOC_ITEM)) {
                nd = mk(&m, DOC_FIGURE, img);
                const char *url = cmark_node_get_url(img);
                nd->url = arena_strdup(a, url ? url : "");
                const char *title = cmark_node_get_title(img);
                cmark_node *after = cmark_node_next(img);
                int dec = 0;
                if (after && cmark_node_get_type(after) == CMARK_NODE_TEXT)
                    image_attrs(cmark_node_get_literal(after), &dec);
                if (dec)
                    nd->flags |= DOC_F_DECORATIVE;
                nd->alias = anchors;
                anchors = NULL;
                doc_append(cur, nd);
                cur = nd;
                PUSH_OPEN(n);
                if (title && *title) {
                    /* the title is the caption, the alt text stays alt: the image's inlines
                       are skipped, and the paragraph's EXIT closes the figure */
                    nd->alt = cm_plain(a, img);
                    doc_node *tx = mk(&m, DOC_TEXT, img);
                    tx->text = arena_strdup(a, title);
                    tx->len = strlen(title);
                    doc_append(nd, tx);
                    while (!(cmark_iter_get_node(it) == img && ev == CMARK_EVENT_EXIT))
                        ev = cmark_iter_next(it);
                    figure_para = n;
                    continue;
                }
                /* the alt text's inlines become the caption: the figure stays open while the
                   image's children are walked; the image's EXIT is skipped and the
                   paragraph's EXIT closes the figure */
                figure_img = img;
                /* skip whitespace text before the image, up to the image's ENTER */
                while (cmark_iter_get_node(it) != img && cmark_iter_next(it) != CMARK_EVENT_DONE)
                    ;
                continue;
            }
            nd = mk(&m, DOC_PARA, n);
            break;
        }
        case CMARK_NODE_HEADING:
            nd = mk(&m, DOC_HEADING, n);
            nd->level = cmark_node_get_heading_level(n);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            nd = mk(&m, DOC_THEMATIC, n);
            container = 0;
            break;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            nd = mk(&m, DOC_FOOTNOTE, n);
            add_def(&m, nd);
            /* kept detached; put into NOTES at the end */
            cur = nd;
            PUSH_OPEN(n);
            continue;
        case CMARK_NODE_TEXT:
            nd = mk(&m, DOC_TEXT, n);
            nd->text = lit(&m, n, &nd->len);
            container = 0;
            break;
        case CMARK_NODE_SOFTBREAK:
            nd = mk(&m, DOC_SOFTBREAK, n);
            container = 0;
            break;
        case CMARK_NODE_LINEBREAK:
            nd = mk(&m, DOC_LINEBREAK, n);
            container = 0;
            break;
        case CMARK_NODE_CODE:
            nd = mk(&m, DOC_CODE, n);
            nd->text = lit(&m, n, &nd->len);
            container = 0;
            break;
        case CMARK_NODE_EMPH:
            nd = mk(&m, DOC_EMPH, n);
            break;
        case CMARK_NODE_STRONG:
            nd = mk(&m, DOC_STRONG, n);
            break;
        case CMARK_NODE_LINK: {
            nd = mk(&m, DOC_LINK, n);
            const char *url = cmark_node_get_url(n);
            nd->url = arena_strdup(a, url ? url : "");
            const char *title = cmark_node_get_title(n);
            if (title && *title)
                nd->info = arena_strdup(a, title);
            if (!cmark_node_first_child(n))
                nd->flags |= DOC_F_XREF;
            break;
        }
        case CMARK_NODE_IMAGE: {
            nd = mk(&m, DOC_IMAGE, n);
            const char *url = cmark_node_get_url(n);
            nd->url = arena_strdup(a, url ? url : "");
            const char *title = cmark_node_get_title(n);
            if (title && *title)
                nd->info = arena_strdup(a, title);
            /* attributes right after it are its own, not text */
            cmark_node *after = cmark_node_next(n);
            int dec = 0;
            size_t skip = after && cmark_node_get_type(after) == CMARK_NODE_TEXT
                              ? image_attrs(cmark_node_get_literal(after), &dec)
                              : 0;
            if (skip) {
                char *rest = arena_strdup(a, cmark_node_get_literal(after) + skip);
                if (*rest) {
                    cmark_node_set_literal(after, rest);
                } else {
                    cmark_node_unlink(after);
                    cmark_node_free(after);
                }
            }
            if (dec)
                nd->flags |= DOC_F_DECORATIVE;
            break;
        }
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            nd = mk(&m, DOC_NOTEREF, n);
            nd->label = arena_strdup(a, cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "");
            container = 0;
            break;
        default:
            if (type_is(n, "table")) {
                nd = mk(&m, DOC_TABLE, n);
                nd->user = cmark_gfm_extensions_get_table_alignments(n);
                nd->number = cmark_gfm_extensions_get_table_columns(n);
            } else if (type_is(n, "table_header") || type_is(n, "table_row")) {
                nd = mk(&m, DOC_TABLE_ROW, n);
                if (cmark_gfm_extensions_get_table_row_is_header(n))
                    nd->flags |= DOC_F_HEADER;
            } else if (type_is(n, "table_cell")) {
                nd = mk(&m, DOC_TABLE_CELL, n);
                /* the alignment is the column's: count preceding cells */
                int col = 0;
                for (cmark_node *c = cmark_node_previous(n); c; c = cmark_node_previous(c))
                    col++;
                doc_node *table = cur->parent;
                const uint8_t *al = table ? (const uint8_t *)table->user : NULL;
                if (al && table && col < table->number)
                    nd->align = al[col] == 'l'   ? DOC_ALIGN_LEFT
                                : al[col] == 'c' ? DOC_ALIGN_CENTER
                                : al[col] == 'r' ? DOC_ALIGN_RIGHT
                                                 : DOC_ALIGN_NONE;
            } else if (type_is(n, "strikethrough")) {
                nd = mk(&m, DOC_STRIKE, n);
            } else {
                /* an extension node we do not know: keep its text by treating it as a span */
                nd = mk(&m,
                        doc_is_inline(cur->kind) || cur->kind == DOC_PARA ? DOC_EMPH
                                                                          : DOC_BLOCKQUOTE,
                        n);
            }
            break;
        }
        if (anchors && doc_is_block(nd->kind)) {
            nd->alias = anchors;
            anchors = NULL;
        }
        doc_append(cur, nd);
        if (container && !doc_is_leaf(nd->kind)) {
            cur = nd;
            PUSH_OPEN(n);
        }
    }
    cmark_iter_free(it);
    cmark_node_free(root);
    cmark_parser_free(p);

    if (m.nhtml)
        read_html(&m, ch);

    /* a table's alignment array belongs to cmark: forget it */
    doc_iter di;
    doc_iter_init(&di, ch);
    while (doc_iter_next(&di))
        if (di.entering && di.node->kind == DOC_TABLE) {
            di.node->user = NULL;
            di.node->number = 0;
        }

    /* footnotes: NOTEREF label "N" is the index of the definition (cmark-gfm numbers them in
       order of first reference and drops unreferenced ones) */
    if (m.ndefs > 0) {
        doc_node *notes = doc_new(a, DOC_NOTES, file, m.defs[0]->line, 1);
        for (int i = 0; i < m.ndefs; i++) {
            m.defs[i]->number = i + 1;
            doc_append(notes, m.defs[i]);
        }
        doc_append(ch, notes);
        doc_iter_init(&di, ch);
        while (doc_iter_next(&di)) {
            doc_node *r = di.node;
            if (!di.entering || r->kind != DOC_NOTEREF)
                continue;
            int k = atoi(r->label);
            if (k >= 1 && k <= m.ndefs)
                r->target = m.defs[k - 1];
        }
    }
    front_title(a, ch, &fm);
    callouts(a, ch);
    /* a reference whose definition vanished cannot stay a NOTEREF */
    doc_iter_init(&di, ch);
    while (doc_iter_next(&di)) {
        doc_node *r = di.node;
        if (di.entering && r->kind == DOC_NOTEREF && !r->target) {
            r->kind = DOC_TEXT;
            r->text = arena_printf(a, "[^%s]", r->label);
            r->len = strlen(r->text);
        }
    }
    if (requoting)
        requote(a, ch, o, hidden);
    return ch;
}
