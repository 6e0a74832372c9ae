/* doc_pass.c: ids, numbering, labels, image paths and link resolution (see doc_pass.h).
 * Ids are unique across the book (one hash table), so every output may use them as they are.
 * A link "#id" is resolved in scopes, as its author meant it: in its own file first, then in its
 * chapter, then in the book (a name several chapters have is a warning there). In each file a
 * heading's name is the GitHub-style slug unique within that file ("summary", "summary-1"), the
 * name a Markdown viewer or mdBook would give it; the book-wide id may differ ("summary-2").
 * Passes run in order:
 *   1. chapters: number, title (first level-1 heading), id
 *   2. ids and labels for headings, figures, tables (with "Table: ..." captions), notes
 *   3. image paths, then links (which need every id) */
#include "doc_pass.h"
#include "config.h"
#include "file.h"
#include "present.h"
#include "utf8.h"

#include <string.h>

typedef struct idmap {
    const char **keys;
    doc_node **vals;
    int *next;         /* per key: the last suffix tried for "key-N" (keeps assign_id linear) */
    size_t cap, count; /* cap is a power of two */
} idmap;

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot holding key, or -1. */
static long idmap_slot(const idmap *m, const char *key)
{
    if (!m->cap)
        return -1;
    for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return -1;
        if (strcmp(m->keys[i], key) == 0)
            return (long)i;
    }
}

static doc_node *idmap_get(const idmap *m, const char *key)
{
    long i = idmap_slot(m, key);
    return i < 0 || !m->vals ? NULL : m->vals[i];
}

static void idmap_put(arena *a, idmap *m, const char *key, doc_node *val)
{
    if ((m->count + 1) * 2 > m->cap) {
        idmap old = *m;
        m->cap = old.cap ? old.cap * 2 : 256;
        m->keys = ARENA_NEWN(a, const char *, m->cap);
        m->vals = ARENA_NEWN(a, doc_node *, m->cap);
        m->next = ARENA_NEWN(a, int, m->cap);
        m->count = 0;
        for (size_t i = 0; i < old.cap; i++) {
            if (old.keys[i]) {
                idmap_put(a, m, old.keys[i], old.vals[i]);
                m->next[idmap_slot(m, old.keys[i])] = old.next[i];
            }
        }
    }
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->keys[i])
        i = (i + 1) & (m->cap - 1);
    m->keys[i] = key;
    m->vals[i] = val;
    m->count++;
}

typedef struct pass {
    arena *a;
    diag_ctx *d;
    doc_node *book;
    idmap ids;    /* book-wide id -> node */
    idmap scoped; /* "F<file>\x1f<name>" and "C<chapter number>\x1f<name>" -> node */
    idmap byname; /* name -> the first node with it */
    idmap multi;  /* name -> a node with it in another chapter than the first's */
} pass;

/* The first of wanted, "wanted-1", "wanted-2"... for which m has no key prefix + it; puts that
 * key for n and returns the name chosen. */
static const char *take(arena *a, idmap *m, const char *prefix, const char *wanted, doc_node *n)
{
    const char *key = *prefix ? arena_printf(a, "%s%s", prefix, wanted) : wanted;
    const char *id = wanted;
    long slot = idmap_slot(m, key);
    if (slot >= 0 && m->next) {
        /* every "wanted-k" up to next[slot] is taken already: go on from there, so a
         * hundred thousand "Notes" headings cost linear time, not quadratic */
        int *k = &m->next[slot];
        do {
            id = arena_printf(a, "%s-%d", wanted, ++*k);
            key = *prefix ? arena_printf(a, "%s%s", prefix, id) : id;
        } while (idmap_get(m, key));
    }
    idmap_put(a, m, key, n);
    return id;
}

static const char *file_key(arena *a, const char *file, const char *name)
{
    return arena_printf(a, "F%s\x1f%s", file, name);
}

static const char *chapter_key(arena *a, const doc_node *ch, const char *name)
{
    return arena_printf(a, "C%d\x1f%s", ch->number, name);
}

/* Enters name (already unique in n's file) in the chapter's and the book's scopes. */
static void enter(pass *p, doc_node *n, doc_node *ch, const char *name)
{
    const char *ck = chapter_key(p->a, ch, name);
    int new_in_chapter = !idmap_get(&p->scoped, ck);
    if (new_in_chapter)
        idmap_put(p->a, &p->scoped, ck, n);
    if (!idmap_get(&p->byname, name))
        idmap_put(p->a, &p->byname, name, n);
    else if (new_in_chapter && !idmap_get(&p->multi, name))
        idmap_put(p->a, &p->multi, name, n); /* a second chapter has the name */
}

/* The name GitHub and mdBook give a heading: letters, digits, '_' and '-' kept (ASCII ones
 * lowercased), each blank a '-', everything else dropped ("with `+` or" -> "with--or"). */
static char *web_slug(arena *a, const char *s)
{
    size_t n = strlen(s), o = 0;
    char *out = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n;) {
        size_t len;
        uint32_t cp = utf8_decode(s + i, n - i, &len);
        unsigned char c = (unsigned char)s[i];
        if (cp < 0x80) {
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_' || c == '-')
                out[o++] = (char)c;
            else if (c >= 'A' && c <= 'Z')
                out[o++] = (char)(c + 32);
            else if (c == ' ' || c == '\t' || c == '\n')
                out[o++] = '-';
        } else if (cp != UTF8_REPLACEMENT && !(cp >= 0x2000 && cp <= 0x206F) &&
                   !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0x80 && cp <= 0xBF)) {
            memcpy(out + o, s + i, len);
            o += len;
        }
        i += len;
    }
    out[o] = 0;
    return out;
}

/* Other names links may use for n: its HTML anchors (first come in the file, first served), and
 * for a heading with a generated id the web's name for it when that differs from hanji's. */
static void aliases(pass *p, doc_node *n, doc_node *ch, const char *wanted)
{
    for (const char *s = n->alias; s && *s;) {
        size_t len = strcspn(s, "\n");
        const char *name = arena_strndup(p->a, s, len);
        const char *fk = file_key(p->a, n->file, name);
        if (!idmap_get(&p->scoped, fk)) {
            idmap_put(p->a, &p->scoped, fk, n);
            enter(p, n, ch, name);
        }
        s += len + (s[len] == '\n');
    }
    if (n->kind == DOC_HEADING && wanted) {
        const char *web = web_slug(p->a, n->plain ? n->plain : doc_plain_text(p->a, n));
        if (*web && strcmp(web, wanted) != 0)
            enter(p, n, ch, take(p->a, &p->scoped, file_key(p->a, n->file, ""), web, n));
    }
}

/* Gives n (in chapter ch) the id wanted, or a free variant "wanted-1", "wanted-2"..., and
 * enters its name in the scopes. An explicit id already taken in the same file is a warning; a
 * generated slug is silently made unique (as GitHub does). */
static void assign_id(pass *p, doc_node *n, doc_node *ch, const char *wanted, int explicit_id)
{
    if (!wanted || !*wanted)
        wanted = doc_kind_name(n->kind);
    const char *id = take(p->a, &p->ids, "", wanted, n);
    const char *name = take(p->a, &p->scoped, file_key(p->a, n->file, ""), wanted, n);
    /* a figure's id comes from its file's name: one taken by something else (a heading's
       {#fig-x}) would rename the figure, and the links meant for it, without a word */
    doc_node *holder =
        name != wanted ? idmap_get(&p->scoped, file_key(p->a, n->file, wanted)) : NULL;
    int taken = holder && n->kind == DOC_FIGURE && holder->kind != DOC_FIGURE;
    if ((explicit_id || taken) && name != wanted) {
        doc_node *first = idmap_get(&p->scoped, file_key(p->a, n->file, wanted));
        diag_report(p->d, D_DUP_ID, n->file, n->line, n->col, wanted,
                    arena_printf(p->a, "%s:%d", first->file, first->line), id);
    }
    n->id = id;
    enter(p, n, ch, name);
    aliases(p, n, ch, explicit_id ? NULL : wanted);
}

/* "book/03-hungnam.md" -> "hungnam" for titles of chapters without a heading. */
static char *title_from_file(arena *a, const char *file)
{
    const char *b = file_basename(file);
    while (*b >= '0' && *b <= '9')
        b++;
    while (*b == '-' || *b == '_')
        b++;
    size_t n = strcspn(b, ".");
    return arena_strndup(a, b, n);
}

static void chapters(pass *p)
{
    int num = 0, printed = 0;
    for (doc_node *ch = p->book->first; ch; ch = ch->next) {
        ch->number = ++num;
        ch->label = ch->flags & DOC_F_UNNUMBERED ? NULL : arena_printf(p->a, "%d", ++printed);
        ch->chapter = ch;
        doc_node *h1 = NULL;
        for (doc_node *c = ch->first; c; c = c->next)
            if (c->kind == DOC_HEADING && c->level == 1) {
                h1 = c;
                break;
            }
        if (!ch->first || (ch->first->kind == DOC_NOTES && !ch->first->next))
            diag_report(p->d, D_EMPTY_CHAPTER, ch->file, 0, 0);
        if (h1) {
            ch->plain = doc_plain_text(p->a, h1);
            h1->user = ch; /* marks the title heading */
            ch->title = h1;
        } else if (!ch->plain) { /* (SUMMARY.md may have given a title) */
            ch->plain = title_from_file(p->a, ch->file);
            if (ch->first)
                diag_report(p->d, D_NO_TITLE, ch->file, 1, 1, ch->plain);
        }
        /* the chapter's own id is the title heading's (so "#title-slug" finds the chapter) */
        if (h1) {
            assign_id(p, h1, ch, h1->id ? h1->id : config_slug(p->a, ch->plain), h1->id != NULL);
            ch->id = h1->id;
        } else {
            assign_id(p, ch, ch, config_slug(p->a, ch->plain), 0);
        }
    }
}

/* "Table: caption" paragraph right after a table becomes its caption. */
static void table_caption(pass *p, doc_node *table)
{
    doc_node *para = table->next;
    if (!para || para->kind != DOC_PARA || !para->first || para->first->kind != DOC_TEXT)
        return;
    doc_node *t = para->first;
    if (t->len < 6 || strncmp(t->text, "Table:", 6) != 0)
        return;
    size_t skip = 6;
    while (skip < t->len && t->text[skip] == ' ')
        skip++;
    t->text += skip;
    t->len -= skip;
    doc_unlink(para);
    para->kind = DOC_PARA;
    table->caption = para;
}

static void number_blocks(pass *p)
{
    for (doc_node *ch = p->book->first; ch; ch = ch->next) {
        int sec = 0, sub = 0, fig = 0, tab = 0;
        doc_iter it;
        doc_iter_init(&it, ch);
        while (doc_iter_next(&it)) {
            doc_node *n = it.node;
            if (!it.entering)
                continue;
            n->chapter = ch;
            switch (n->kind) {
            case DOC_HEADING:
                if (n->user == ch)
                    break; /* the title: done in chapters() */
                if (!ch->label) {
                    /* an unnumbered chapter's sections are unnumbered too */
                } else if (n->level == 2) {
                    sec++, sub = 0;
                    n->label = arena_printf(p->a, "%s.%d", ch->label, sec);
                } else if (n->level == 3 && sec > 0) {
                    sub++;
                    n->label = arena_printf(p->a, "%s.%d.%d", ch->label, sec, sub);
                }
                n->plain = doc_plain_text(p->a, n);
                assign_id(p, n, ch, n->id ? n->id : config_slug(p->a, n->plain), n->id != NULL);
                break;
            case DOC_FIGURE: {
                n->plain = doc_plain_text(p->a, n);
                if (!(n->flags & DOC_F_DECORATIVE)) { /* decoration is not numbered */
                    n->number = ++fig;
                    n->label = ch->label ? arena_printf(p->a, "%s.%d", ch->label, fig)
                                         : arena_printf(p->a, "%d", fig);
                }
                const char *base = file_basename(n->url);
                char *stem = arena_strndup(p->a, base, strcspn(base, "."));
                assign_id(p, n, ch, arena_printf(p->a, "fig-%s", config_slug(p->a, stem)), 0);
                if (!*(n->alt ? n->alt : n->plain) && !(n->flags & DOC_F_DECORATIVE))
                    diag_report(p->d, D_IMAGE_NO_ALT, n->file, n->line, n->col, n->url);
                break;
            }
            case DOC_IMAGE:
                if (!*doc_plain_text(p->a, n) && !(n->flags & DOC_F_DECORATIVE))
                    diag_report(p->d, D_IMAGE_NO_ALT, n->file, n->line, n->col, n->url);
                break;
            case DOC_TABLE:
                table_caption(p, n);
                if (n->caption) {
                    n->number = ++tab;
                    n->label = ch->label ? arena_printf(p->a, "%s.%d", ch->label, tab)
                                         : arena_printf(p->a, "%d", tab);
                    n->plain = doc_plain_text(p->a, n->caption);
                    /* "Table: Places {#tbl-places}" gives an explicit id */
                    doc_node *last = n->caption->last;
                    const char *explicit_id = NULL;
                    if (last && last->kind == DOC_TEXT && last->len > 4 &&
                        last->text[last->len - 1] == '}') {
                        const char *open = memchr(last->text, '{', last->len);
                        if (open && open[1] == '#') {
                            explicit_id = arena_strndup(
                                p->a, open + 2, (size_t)(last->text + last->len - 1 - open - 2));
                            size_t keep = (size_t)(open - last->text);
                            while (keep && last->text[keep - 1] == ' ')
                                keep--;
                            last->len = keep;
                            n->plain = doc_plain_text(p->a, n->caption);
                        }
                    }
                    assign_id(p, n, ch,
                              explicit_id ? explicit_id
                                          : arena_printf(p->a, "tbl-%d-%d", ch->number, tab),
                              explicit_id != NULL);
                }
                break;
            case DOC_FOOTNOTE:
                n->label = arena_printf(p->a, "%d", n->number);
                assign_id(p, n, ch, arena_printf(p->a, "fn-%d-%d", ch->number, n->number), 0);
                break;
            default:
                break;
            }
            if (n->alias && !n->id)
                aliases(p, n, ch, NULL); /* a block without an id of its own */
        }
        /* note references: the label is the note's; the first reference gets a back-link id */
        doc_iter_init(&it, ch);
        while (doc_iter_next(&it)) {
            doc_node *n = it.node;
            if (!it.entering || n->kind != DOC_NOTEREF || !n->target)
                continue;
            n->label = n->target->label;
            if (!n->target->user) {
                assign_id(p, n, ch,
                          arena_printf(p->a, "fnref-%d-%d", ch->number, n->target->number), 0);
                n->target->user = n; /* the FOOTNOTE's first reference, for the back link */
            }
        }
    }
}

int docpass_is_external(const char *url)
{
    if (url[0] == '/' && url[1] == '/')
        return 1;
    const char *s = url;
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
           *s == '+' || *s == '-' || *s == '.')
        s++;
    return *s == ':';
}

/* The node a link from n names with "name": in the file's scope (file: the link's own or the
 * one it names), then the chapter's (ch: the link's or the one it names), then, when the link
 * names no file (anywhere), the book's: a name of several chapters is a warning there and the
 * first is taken; last the book-wide ids themselves. */
static doc_node *resolve(pass *p, const doc_node *n, const char *file, doc_node *ch,
                         const char *name, int anywhere)
{
    doc_node *t = idmap_get(&p->scoped, file_key(p->a, file, name));
    if (!t)
        t = idmap_get(&p->scoped, chapter_key(p->a, ch, name));
    if (!t && anywhere) {
        t = idmap_get(&p->byname, name);
        doc_node *other = t ? idmap_get(&p->multi, name) : NULL;
        if (other)
            diag_report(p->d, D_ID_AMBIGUOUS, n->file, n->line, n->col, name,
                        arena_printf(p->a, "%s:%d", t->file, t->line),
                        arena_printf(p->a, "%s:%d", other->file, other->line));
    }
    if (!t) {
        t = idmap_get(&p->ids, name);
        /* a link into another chapter must name an id of that chapter */
        if (t && !anywhere && doc_chapter_of(t) != ch && t != ch)
            t = NULL;
    }
    return t;
}

/* Each source file -> the node a link to it goes to: a chapter's own file to the chapter, the
 * file of a sub-chapter joined to it (doc_merge_chapter) to its first block. */
static void map_files(pass *p, idmap *files)
{
    for (doc_node *ch = p->book->first; ch; ch = ch->next)
        if (!idmap_get(files, ch->file))
            idmap_put(p->a, files, ch->file, ch);
    for (doc_node *ch = p->book->first; ch; ch = ch->next)
        for (doc_node *c = ch->first; c; c = c->next)
            if (c->file && !idmap_get(files, c->file))
                idmap_put(p->a, files, c->file, c);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The node a link to the file rel (relative to dir, percent-decoded) goes to, or NULL. Links as
 * mdBook's HTML has them work too: "other.html" is "other.md", and a folder ("dir/",
 * "dir/index.html") is its index.md or README.md. */
static doc_node *file_target(pass *p, idmap *files, const char *dir, const char *rel,
                             const char **path)
{
    *path = file_normalize(p->a, file_join(p->a, dir, rel));
    if (!*path)
        return NULL;
    doc_node *t = idmap_get(files, *path);
    if (t)
        return t;
    const char *base = *path;
    size_t n = strlen(base);
    if (ends_with(base, "/index.html") || !strcmp(base, "index.html"))
        base = arena_strndup(p->a, base, n - strlen("index.html"));
    else if (ends_with(base, ".html"))
        return idmap_get(files, *path = arena_printf(p->a, "%.*s.md", (int)(n - 5), base));
    else if (!ends_with(rel, "/"))
        return NULL;
    /* a folder: base is "" or ends with '/' (or is a folder's path) */
    size_t bl = strlen(base);
    const char *sep = bl && base[bl - 1] != '/' ? "/" : "";
    static const char *const index[] = {"index.md", "README.md"};
    for (size_t i = 0; i < HJ_ARRAY_LEN(index); i++)
        if ((t = idmap_get(files, *path = arena_printf(p->a, "%s%s%s", base, sep, index[i]))))
            return t;
    return NULL;
}

static void images_and_links(pass *p)
{
    idmap files;
    memset(&files, 0, sizeof(files));
    map_files(p, &files);
    for (doc_node *ch = p->book->first; ch; ch = ch->next) {
        const char *dir_of = NULL; /* the file dir belongs to */
        char *dir = NULL;
        doc_iter it;
        doc_iter_init(&it, ch);
        while (doc_iter_next(&it)) {
            doc_node *n = it.node;
            if (!it.entering)
                continue;
            if (n->file != dir_of) { /* relative to the node's own file (a sub-chapter's) */
                dir_of = n->file ? n->file : ch->file;
                dir = file_dirname(p->a, dir_of);
            }
            if (n->kind == DOC_FIGURE || n->kind == DOC_IMAGE) {
                if (!*n->url) { /* ![alt]() names no file: an error, as a missing one is */
                    diag_report(p->d, D_IMAGE_NOT_FOUND, n->file, n->line, n->col, n->url);
                    continue;
                }
                if (docpass_is_external(n->url)) {
                    diag_report(p->d, D_IMAGE_REMOTE, n->file, n->line, n->col, n->url);
                    continue;
                }
                char *rel = file_pct_decode(p->a, n->url, strcspn(n->url, "?#"));
                n->path = file_normalize(p->a, file_join(p->a, dir, rel));
                if (!n->path)
                    diag_report(p->d, D_PATH_OUTSIDE, n->file, n->line, n->col, n->url);
                continue;
            }
            if (n->kind == DOC_LINK && docpass_is_external(n->url) && !doc_url_is_live(n->url))
                diag_report(p->d, D_LINK_REFUSED, n->file, n->line, n->col, n->url,
                            doc_url_refusal(p->a, n->url));
            if (n->kind != DOC_LINK || docpass_is_external(n->url))
                continue;
            const char *hash = strchr(n->url, '#');
            size_t flen = hash ? (size_t)(hash - n->url) : strlen(n->url);
            const char *frag = hash ? hash + 1 : NULL;
            doc_node *target_ch = ch;
            const char *target_path = NULL;
            doc_node *file_node = NULL;
            if (flen > 0) {
                char *rel = file_pct_decode(p->a, n->url, flen);
                file_node = file_target(p, &files, dir, rel, &target_path);
                if (!file_node) {
                    diag_report(p->d, D_LINK_NOT_CHAPTER, n->file, n->line, n->col, n->url);
                    continue;
                }
                target_ch = file_node->kind == DOC_CHAPTER ? file_node : file_node->parent;
            }
            doc_node *t = NULL;
            if (frag && *frag) {
                const char *name = file_pct_decode(p->a, frag, strlen(frag));
                t = resolve(p, n, flen > 0 ? target_path : n->file, target_ch, name, flen == 0);
            } else {
                t = file_node ? file_node : target_ch;
            }
            if (!t) {
                diag_report(p->d, (n->flags & DOC_F_XREF) ? D_XREF_UNKNOWN : D_LINK_BROKEN, n->file,
                            n->line, n->col, n->url);
                continue;
            }
            if (t->kind == DOC_HEADING && t->user && ((doc_node *)t->user)->kind == DOC_CHAPTER)
                t = t->user; /* the title heading stands for its chapter */
            n->target = t;
            if ((n->flags & DOC_F_XREF) && n->info && strcmp(n->info, "page") == 0)
                n->flags |= DOC_F_XREF_PAGE;
            if ((n->flags & DOC_F_XREF) && !present_can_xref(t))
                diag_report(p->d, D_XREF_UNKNOWN, n->file, n->line, n->col, n->url);
        }
    }
}

/* Numbers every node in the order the outputs render them (seq): pre-order, with a table's
 * caption right after the table itself. */
void docpass_number(doc_node *book)
{
    int seq = 0;
    doc_iter it;
    doc_iter_init(&it, book);
    while (doc_iter_next(&it)) {
        if (!it.entering)
            continue;
        it.node->seq = seq++;
        if (it.node->kind == DOC_TABLE && it.node->caption) {
            doc_iter ci;
            doc_iter_init(&ci, it.node->caption);
            while (doc_iter_next(&ci))
                if (ci.entering)
                    ci.node->seq = seq++;
        }
    }
    book->number = seq;
}

void docpass_run(arena *a, diag_ctx *d, doc_node *book)
{
    pass p;
    memset(&p, 0, sizeof(p));
    p.a = a;
    p.d = d;
    p.book = book;
    chapters(&p);
    number_blocks(&p);
    images_and_links(&p);
    docpass_number(book);
}
