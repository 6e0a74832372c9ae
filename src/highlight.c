/* highlight.c: syntax highlighting of fenced code (the only tree-sitter user).
 *
 * A grammar (compiled in from grammars/node_modules, see CMakeLists.txt) parses the code into a
 * tree; its queries/highlights.scm names nodes with captures ("@keyword", "@string.escape",
 * "@function.method"), each mapped here onto one of the few hl_class values. Where captures
 * overlap, the innermost wins (an escape inside a string), and for one and the same node the
 * pattern that comes last in the query file (tree-sitter-highlight's rule: the queries put
 * general patterns such as `(identifier) @variable` first and refine them below), except that a
 * capture with no class never takes a node from one with a class (some queries, Go's, still
 * put `(identifier) @variable` last, for the older first-wins rule). Each
 * byte of the code remembers the length and pattern of the capture that painted it, so the
 * order the query cursor reports captures in does not matter.
 *
 * tree-sitter 0.20's runtime leaves text predicates to its user: #eq?, #match?, #any-of? (and
 * their #not- forms) are checked here, the regular expressions with POSIX's regcomp after
 * rewriting \d, \s and \w; #is-not? local (a scope test we do not make) holds, any other
 * predicate fails its pattern.
 *
 * Limits for hostile code: HL_MAX_BYTES per block, HL_TIMEOUT_US for the parse, a match limit
 * for the query cursor, and a budget for the painting; past them the block stays plain (a
 * painting budget spent leaves the rest of the block plain). diff is highlighted line by line
 * without a grammar, so it works in every build. */
#include "highlight.h"

#include "buf.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

static const char *const class_names[HL_CLASS_COUNT] = {"",    "kw",  "str",  "esc",  "com",  "num",
                                                        "con", "typ", "fn",   "prop", "attr", "tag",
                                                        "op",  "pun", "head", "add",  "del"};

const char *hl_class_name(hl_class c)
{
    return (unsigned)c < HL_CLASS_COUNT ? class_names[c] : "";
}

/* Other names for the languages, as books write them after the fence (compared in lower case). */
static const char *const aliases[][2] = {
    {"h", "c"},
    {"c++", "cpp"},
    {"cc", "cpp"},
    {"cxx", "cpp"},
    {"hpp", "cpp"},
    {"rs", "rust"},
    {"py", "python"},
    {"py3", "python"},
    {"python3", "python"},
    {"js", "javascript"},
    {"jsx", "javascript"},
    {"mjs", "javascript"},
    {"cjs", "javascript"},
    {"node", "javascript"},
    {"ts", "typescript"},
    {"golang", "go"},
    {"sh", "bash"},
    {"shell", "bash"},
    {"zsh", "bash"},
    {"jsonc", "json"},
    {"yml", "yaml"},
    {"htm", "html"},
    {"xhtml", "html"},
    {"c#", "csharp"},
    {"cs", "csharp"},
    {"c-sharp", "csharp"},
    {"kt", "kotlin"},
    {"kts", "kotlin"},
    {"md", "markdown"},
    {"patch", "diff"},
    {"rb", "ruby"},
    {"mysql", "sql"},
    {"postgresql", "sql"},
    {"postgres", "sql"},
    {"sqlite", "sql"},
    {"php3", "php"},
};

/* The info string's first word in lower case ("rust,ignore" -> "rust", "{.python}" ->
 * "python"), in out (at most n - 1 bytes; longer words are no language). */
static int info_word(const char *info, char *out, size_t n)
{
    size_t k = 0;
    const char *s = info ? info : "";
    while (*s == '{' || *s == '.')
        s++;
    for (; *s && !strchr(" \t,{}", *s); s++) {
        if (k + 1 >= n)
            return 0;
        out[k++] = (char)tolower((unsigned char)*s);
    }
    out[k] = 0;
    return k > 0;
}

#if HANJI_HIGHLIGHT
#include <tree_sitter/api.h>

typedef struct hl_grammar {
    const char *name;
    const TSLanguage *(*language)(void);
    const unsigned char *query; /* highlights.scm files, the one whose patterns win first */
    size_t query_len;
} hl_grammar;

/* hl_grammars[], made by CMakeLists.txt from the grammars it found. */
#include "hl_grammars.inc"

#define NGRAMMARS ((int)(sizeof hl_grammars / sizeof hl_grammars[0]))

enum { P_EQ, P_MATCH, P_ANY, P_TRUE, P_FALSE };

typedef struct hl_pred {
    int op, neg;
    uint32_t cap;      /* the capture tested */
    int cap2;          /* P_EQ: the capture compared with, or -1 for str */
    const char **strs; /* P_EQ: strs[0]; P_ANY: the list */
    uint32_t *lens;
    int nstrs;
    regex_t re; /* P_MATCH */
} hl_pred;

typedef struct hl_pattern {
    hl_pred *preds;
    int npreds;
} hl_pattern;

/* A grammar's compiled query, kept for the process (a watch session reuses it). */
typedef struct hl_lang {
    int tried;
    TSQuery *query;
    uint8_t *cap_class;  /* per capture id: hl_class */
    uint8_t *cap_ignore; /* per capture id: 1 for names starting with '_' (predicate helpers) */
    hl_pattern *patterns;
} hl_lang;

static hl_lang langs[NGRAMMARS > 0 ? NGRAMMARS : 1];
static TSParser *parser;

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        hj_oom();
    return p;
}

static int grammar_index(const char *name)
{
    for (int i = 0; i < NGRAMMARS; i++)
        if (strcmp(hl_grammars[i].name, name) == 0)
            return i;
    return -1;
}

/* Capture names to classes: the first rule whose name is the capture's name or a dotted prefix
 * of it wins ("string.escape" before "string"). A name no rule takes is plain, but still claims
 * its node (so "@variable" after "@constant" on one node makes it plain). */
static const struct {
    const char *name;
    hl_class cls;
} capture_rules[] = {
    {"string.special.key", HL_PROPERTY},
    {"string.special.symbol", HL_CONSTANT},
    {"string.escape", HL_ESCAPE},
    {"string.regex", HL_ESCAPE},
    {"string.regexp", HL_ESCAPE},
    {"string.special", HL_ESCAPE},
    {"character.special", HL_ESCAPE},
    {"escape", HL_ESCAPE},
    {"string", HL_STRING},
    {"character", HL_STRING},
    {"text.literal", HL_STRING},
    {"text.uri", HL_STRING},
    {"markup.raw", HL_STRING},
    {"markup.link", HL_STRING},
    {"comment", HL_COMMENT},
    {"keyword", HL_KEYWORD},
    {"conditional", HL_KEYWORD},
    {"repeat", HL_KEYWORD},
    {"include", HL_KEYWORD},
    {"exception", HL_KEYWORD},
    {"storageclass", HL_KEYWORD},
    {"type.qualifier", HL_KEYWORD},
    {"number", HL_NUMBER},
    {"float", HL_NUMBER},
    {"constant.numeric", HL_NUMBER},
    {"constant", HL_CONSTANT},
    {"boolean", HL_CONSTANT},
    {"variable.builtin", HL_CONSTANT},
    {"type", HL_TYPE},
    {"constructor", HL_TYPE},
    {"module", HL_TYPE},
    {"namespace", HL_TYPE},
    {"function", HL_FUNCTION},
    {"method", HL_FUNCTION},
    {"property", HL_PROPERTY},
    {"field", HL_PROPERTY},
    {"variable.member", HL_PROPERTY},
    {"attribute", HL_ATTR},
    {"tag", HL_TAG},
    {"operator", HL_OPERATOR},
    {"punctuation", HL_PUNCT},
    {"delimiter", HL_PUNCT},
    {"text.title", HL_HEADING},
    {"markup.heading", HL_HEADING},
    {"diff.plus", HL_INSERTED},
    {"diff.minus", HL_DELETED},
};

static hl_class capture_class(const char *name, uint32_t len)
{
    for (size_t i = 0; i < sizeof capture_rules / sizeof capture_rules[0]; i++) {
        size_t n = strlen(capture_rules[i].name);
        if (n <= len && memcmp(name, capture_rules[i].name, n) == 0 && (n == len || name[n] == '.'))
            return capture_rules[i].cls;
    }
    return HL_NONE;
}

/* A query's regular expression (Rust's syntax) as a POSIX extended one: \d, \s, \w become
 * classes; the rest is alike for what highlight queries use. */
static char *posix_regex(const char *s, uint32_t n)
{
    char *out = xcalloc((size_t)n * 12 + 1, 1), *o = out;
    int inbr = 0;
    for (uint32_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n && strchr("dsw", s[i + 1])) {
            const char *cls = s[i + 1] == 'd'   ? "0-9"
                              : s[i + 1] == 's' ? "[:space:]"
                                                : "[:alnum:]_";
            o += sprintf(o, inbr ? "%s" : "[%s]", cls);
            i++;
            continue;
        }
        if (c == '\\' && i + 1 < n) {
            *o++ = c;
            *o++ = s[++i];
            continue;
        }
        if (c == '[' && !inbr)
            inbr = 1;
        else if (c == ']' && inbr && o[-1] != '[')
            inbr = 0;
        *o++ = c;
    }
    *o = 0;
    return out;
}

/* Reads pattern pi's predicates into p. */
static void load_predicates(TSQuery *q, uint32_t pi, hl_pattern *p)
{
    uint32_t nsteps;
    const TSQueryPredicateStep *st = ts_query_predicates_for_pattern(q, pi, &nsteps);
    int count = 0;
    for (uint32_t i = 0; i < nsteps; i++)
        count += st[i].type == TSQueryPredicateStepTypeDone;
    if (count == 0)
        return;
    p->preds = xcalloc((size_t)count, sizeof *p->preds);
    uint32_t i = 0;
    while (i < nsteps) {
        uint32_t j = i;
        while (j < nsteps && st[j].type != TSQueryPredicateStepTypeDone)
            j++;
        hl_pred *pr = &p->preds[p->npreds++];
        pr->op = P_FALSE;
        uint32_t nlen = 0;
        const char *name = st[i].type == TSQueryPredicateStepTypeString
                               ? ts_query_string_value_for_id(q, st[i].value_id, &nlen)
                               : "";
        int nargs = (int)(j - i) - 1;
        const char *base = name;
        if (strncmp(name, "not-", 4) == 0) {
            pr->neg = 1;
            base = name + 4;
        }
        int first_cap = nargs >= 1 && st[i + 1].type == TSQueryPredicateStepTypeCapture;
        if (first_cap)
            pr->cap = st[i + 1].value_id;
        if (!strcmp(base, "eq?") && first_cap && nargs == 2) {
            pr->op = P_EQ;
            pr->cap2 = -1;
            if (st[i + 2].type == TSQueryPredicateStepTypeCapture) {
                pr->cap2 = (int)st[i + 2].value_id;
            } else {
                pr->strs = xcalloc(1, sizeof *pr->strs);
                pr->lens = xcalloc(1, sizeof *pr->lens);
                pr->strs[0] = ts_query_string_value_for_id(q, st[i + 2].value_id, &pr->lens[0]);
                pr->nstrs = 1;
            }
        } else if (!strcmp(base, "match?") && first_cap && nargs == 2 &&
                   st[i + 2].type == TSQueryPredicateStepTypeString) {
            uint32_t rlen;
            const char *rs = ts_query_string_value_for_id(q, st[i + 2].value_id, &rlen);
            char *px = posix_regex(rs, rlen);
            if (regcomp(&pr->re, px, REG_EXTENDED | REG_NOSUB) == 0)
                pr->op = P_MATCH;
            free(px);
        } else if (!strcmp(base, "any-of?") && first_cap && nargs >= 1) {
            pr->op = P_ANY;
            pr->strs = xcalloc((size_t)nargs, sizeof *pr->strs);
            pr->lens = xcalloc((size_t)nargs, sizeof *pr->lens);
            for (uint32_t k = i + 2; k < j; k++)
                if (st[k].type == TSQueryPredicateStepTypeString) {
                    pr->strs[pr->nstrs] =
                        ts_query_string_value_for_id(q, st[k].value_id, &pr->lens[pr->nstrs]);
                    pr->nstrs++;
                }
        } else if (!strcmp(name, "is-not?")) {
            pr->op = P_TRUE; /* "not a local variable": we keep no scopes */
            pr->neg = 0;
        }
        i = j + 1;
    }
    /* #is-not? local holds where a name test narrows the pattern (JavaScript's console, require);
     * alone (Ruby's every identifier as a method call) it fails, as most names are locals */
    int tests = 0, scoped = 0;
    for (int k = 0; k < p->npreds; k++) {
        tests += p->preds[k].op == P_EQ || p->preds[k].op == P_MATCH || p->preds[k].op == P_ANY;
        scoped += p->preds[k].op == P_TRUE;
    }
    if (scoped && !tests)
        for (int k = 0; k < p->npreds; k++)
            if (p->preds[k].op == P_TRUE)
                p->preds[k].op = P_FALSE;
}

/* Compiles grammar gi's query once; NULL when it does not compile with this runtime. */
static hl_lang *lang_load(int gi, FILE *verbose)
{
    hl_lang *l = &langs[gi];
    if (l->tried)
        return l->query ? l : NULL;
    l->tried = 1;
    const hl_grammar *g = &hl_grammars[gi];
    uint32_t err_off;
    TSQueryError err;
    TSQuery *q =
        ts_query_new(g->language(), (const char *)g->query, (uint32_t)g->query_len, &err_off, &err);
    if (!q) {
        if (verbose)
            fprintf(verbose,
                    "hanji: highlighting: %s's query does not compile (error %d at byte %u)\n",
                    g->name, (int)err, err_off);
        return NULL;
    }
    uint32_t ncap = ts_query_capture_count(q), npat = ts_query_pattern_count(q);
    l->cap_class = xcalloc(ncap, 1);
    l->cap_ignore = xcalloc(ncap, 1);
    for (uint32_t c = 0; c < ncap; c++) {
        uint32_t len;
        const char *name = ts_query_capture_name_for_id(q, c, &len);
        l->cap_ignore[c] = len == 0 || name[0] == '_';
        l->cap_class[c] = (uint8_t)capture_class(name, len);
    }
    l->patterns = xcalloc(npat, sizeof *l->patterns);
    for (uint32_t p = 0; p < npat; p++)
        load_predicates(q, p, &l->patterns[p]);
    l->query = q;
    return l;
}

/* The text of capture id cap in match m, or NULL when the match does not hold it. */
static const char *cap_text(const TSQueryMatch *m, uint32_t cap, const char *text, uint32_t *len)
{
    for (uint16_t k = 0; k < m->capture_count; k++)
        if (m->captures[k].index == cap) {
            uint32_t s = ts_node_start_byte(m->captures[k].node);
            uint32_t e = ts_node_end_byte(m->captures[k].node);
            *len = e - s;
            return text + s;
        }
    return NULL;
}

static int preds_hold(const hl_pattern *p, const TSQueryMatch *m, const char *text, buf *scratch)
{
    for (int i = 0; i < p->npreds; i++) {
        const hl_pred *pr = &p->preds[i];
        if (pr->op == P_TRUE)
            continue;
        if (pr->op == P_FALSE)
            return 0;
        uint32_t n;
        const char *s = cap_text(m, pr->cap, text, &n);
        if (!s)
            continue; /* an optional capture that did not match: nothing to test */
        int ok = 0;
        if (pr->op == P_EQ) {
            uint32_t n2 = 0;
            const char *s2 =
                pr->cap2 >= 0 ? cap_text(m, (uint32_t)pr->cap2, text, &n2) : pr->strs[0];
            if (pr->cap2 < 0)
                n2 = pr->lens[0];
            ok = s2 && n == n2 && memcmp(s, s2, n) == 0;
        } else if (pr->op == P_ANY) {
            for (int k = 0; k < pr->nstrs && !ok; k++)
                ok = n == pr->lens[k] && memcmp(s, pr->strs[k], n) == 0;
        } else if (pr->op == P_MATCH) {
            buf_clear(scratch);
            buf_put(scratch, s, n > 4096 ? 4096 : n);
            buf_putc(scratch, 0);
            ok = regexec(&pr->re, scratch->data, 0, NULL, 0) == 0;
        }
        if (ok == pr->neg)
            return 0;
    }
    return 1;
}

/* Paints the captures of l's query over the tree of text into cls (one class per byte). */
static void paint(const hl_lang *l, TSNode root, const char *text, uint32_t len, uint8_t *cls)
{
    uint32_t *own_len = xcalloc(len, sizeof *own_len);
    uint32_t *own_pat = xcalloc(len, sizeof *own_pat); /* classed << 16 | pattern */
    /* bytes painted at most this often in all: nested captures cost one pass each */
    uint64_t budget = (uint64_t)len * 32 + 4096;
    TSQueryCursor *cur = ts_query_cursor_new();
    ts_query_cursor_set_match_limit(cur, 256);
    ts_query_cursor_exec(cur, l->query, root);
    TSQueryMatch m;
    uint32_t ci;
    buf scratch = BUF_INIT;
    while (budget > 0 && ts_query_cursor_next_capture(cur, &m, &ci)) {
        const TSQueryCapture *c = &m.captures[ci];
        if (l->cap_ignore[c->index])
            continue;
        if (!preds_hold(&l->patterns[m.pattern_index], &m, text, &scratch))
            continue;
        uint32_t s = ts_node_start_byte(c->node), e = ts_node_end_byte(c->node);
        if (e > len)
            e = len;
        if (s >= e)
            continue;
        uint32_t n = e - s;
        uint8_t k = l->cap_class[c->index];
        uint32_t pat = (uint32_t)(k != HL_NONE) << 16 | m.pattern_index;
        for (uint32_t b = s; b < e; b++)
            if (own_len[b] == 0 || n < own_len[b] || (n == own_len[b] && pat >= own_pat[b])) {
                own_len[b] = n;
                own_pat[b] = pat;
                cls[b] = k;
            }
        budget = budget > n ? budget - n : 0;
    }
    buf_free(&scratch);
    ts_query_cursor_delete(cur);
    free(own_len);
    free(own_pat);
}

static int grammar_highlight(int gi, const char *text, uint32_t len, uint8_t *cls)
{
    hl_lang *l = lang_load(gi, NULL);
    if (!l)
        return -1;
    if (!parser)
        parser = ts_parser_new();
    if (!ts_parser_set_language(parser, hl_grammars[gi].language()))
        return -1;
    ts_parser_set_timeout_micros(parser, HL_TIMEOUT_US);
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, len);
    if (!tree) { /* timed out */
        ts_parser_reset(parser);
        return -1;
    }
    paint(l, ts_tree_root_node(tree), text, len, cls);
    ts_tree_delete(tree);
    return 0;
}

const char *hl_grammar_list(void)
{
    static char list[512];
    if (!list[0]) {
        int k = snprintf(list, sizeof list, "%d grammars:", NGRAMMARS);
        for (int i = 0; i < NGRAMMARS && k > 0 && (size_t)k < sizeof list; i++)
            k += snprintf(list + k, sizeof list - (size_t)k, " %s", hl_grammars[i].name);
    }
    return list;
}
#else
static int grammar_index(const char *name)
{
    (void)name;
    return -1;
}

static int grammar_highlight(int gi, const char *text, uint32_t len, uint8_t *cls)
{
    return -1;
}

const char *hl_grammar_list(void)
{
    return "no grammars (hanji was built without grammars/node_modules: ./setup.sh installs them)";
}
#endif

const char *hl_language(const char *info)
{
    char w[32];
    if (!info_word(info, w, sizeof w))
        return NULL;
    const char *name = w;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(w, aliases[i][0]) == 0) {
            name = aliases[i][1];
            break;
        }
    if (strcmp(name, "diff") == 0)
        return "diff";
#if HANJI_HIGHLIGHT
    int gi = grammar_index(name);
    return gi >= 0 ? hl_grammars[gi].name : NULL;
#else
    return NULL;
#endif
}

/* diff, line by line: file headers, hunk headers, insertions, deletions. */
static void diff_highlight(const char *text, uint32_t len, uint8_t *cls)
{
    uint32_t i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        uint32_t e = nl ? (uint32_t)(nl - text) : len, n = e - i;
        const char *s = text + i;
        hl_class k = HL_NONE;
        if ((n >= 3 && (!memcmp(s, "+++", 3) || !memcmp(s, "---", 3))) ||
            (n >= 5 && !memcmp(s, "diff ", 5)) || (n >= 6 && !memcmp(s, "index ", 6)))
            k = HL_HEADING;
        else if (n >= 2 && !memcmp(s, "@@", 2))
            k = HL_ATTR;
        else if (n >= 1 && s[0] == '+')
            k = HL_INSERTED;
        else if (n >= 1 && s[0] == '-')
            k = HL_DELETED;
        memset(cls + i, k, n);
        i = e + 1;
    }
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Do brackets nest deeper than HL_MAX_NESTING anywhere in text? */
static int too_deep(const char *text, size_t len)
{
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '(' || c == '[' || c == '{') {
            if (++depth > HL_MAX_NESTING)
                return 1;
        } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return 0;
}

int hl_highlight(arena *a, const char *info, const char *text, size_t len, hl_span **out)
{
    *out = NULL;
    const char *lang = hl_language(info);
    if (!lang || len == 0 || len > HL_MAX_BYTES)
        return 0;
    uint8_t *cls = calloc(len, 1);
    if (!cls)
        hj_oom();
    int ok = 0;
    if (strcmp(lang, "diff") == 0) {
        diff_highlight(text, (uint32_t)len, cls);
        ok = 1;
    } else {
        int gi = grammar_index(lang);
        ok =
            gi >= 0 && !too_deep(text, len) && grammar_highlight(gi, text, (uint32_t)len, cls) == 0;
    }
    int n = 0;
    if (ok) {
        /* a token of blanks alone is plain (TOML's query paints whole key-value pairs) */
        for (size_t i = 0; i < len;) {
            size_t j = i + 1, ink = !is_blank(text[i]);
            while (j < len && cls[j] == cls[i])
                ink += !is_blank(text[j++]);
            if (!ink)
                memset(cls + i, HL_NONE, j - i);
            i = j;
        }
        for (size_t i = 0; i < len; i++)
            n += cls[i] != HL_NONE && (i == 0 || cls[i - 1] != cls[i]);
        if (n > 0) {
            hl_span *sp = ARENA_NEWN(a, hl_span, (size_t)n);
            int k = 0;
            for (size_t i = 0; i < len;) {
                size_t j = i + 1;
                while (j < len && cls[j] == cls[i])
                    j++;
                if (cls[i] != HL_NONE)
                    sp[k++] = (hl_span){(uint32_t)i, (uint32_t)j, cls[i]};
                i = j;
            }
            *out = sp;
        }
    }
    free(cls);
    return n;
}

/* The node after n in document order, within root; NULL at the end. */
static doc_node *walk_next(doc_node *n, const doc_node *root)
{
    if (n->first)
        return n->first;
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

void hl_book(arena *a, doc_node *book, FILE *verbose)
{
    const char *unknown[16];
    int nunknown = 0, blocks = 0, lit = 0;
    for (doc_node *n = book; n; n = walk_next(n, book)) {
        if (n->kind != DOC_CODEBLOCK || !n->info || !*n->info)
            continue;
        blocks++;
        hl_span *sp;
        n->nhl = hl_highlight(a, n->info, n->text, n->len, &sp);
        n->hl = sp;
        lit += n->nhl > 0;
        if (verbose && !hl_language(n->info) && nunknown < 16) {
            char w[32];
            if (!info_word(n->info, w, sizeof w))
                continue;
            int seen = 0;
            for (int i = 0; i < nunknown && !seen; i++)
                seen = strcmp(unknown[i], w) == 0;
            if (!seen) {
                unknown[nunknown++] = arena_strdup(a, w);
                fprintf(verbose, "hanji: %s:%d: no highlighting for '%s' code\n",
                        n->file ? n->file : "", n->line, w);
            }
        }
    }
    if (verbose)
        fprintf(verbose, "hanji: highlighting: %s; %d of %d code blocks with a language\n",
                hl_grammar_list(), lit, blocks);
}
