/* epub_fonts.c: the book's faces embedded in the EPUB (epub-fonts: embed; see epub_fonts.h).
 *
 * Every face the book uses goes into EPUB/fonts/ as a subset (.ttf, or .otf for CFF outlines)
 * holding the characters
 * of the EPUB's text: the four text styles and the mono face each get every character of the
 * text they have (a heading or a caption may set any of them in any style), a fallback face
 * only the characters that some style face lacks and no earlier fallback has -- and it is left
 * out when there are none. The stylesheet names them with @font-face under the family names the
 * files give themselves (name ID 1, as Calibre's check wants): the regular face's family for
 * the four text styles, the mono face's, each fallback's ("hanji-text", "hanji-mono",
 * "hanji-fallback-N" when a name is missing or taken); the body and code font lists end in the
 * fallbacks and the generic family, so a reader that ignores embedded fonts still shows the
 * text. The subsets keep their copyright and licence records. The manifest says
 * application/vnd.ms-opentype, a core media type of EPUB 3.0 to 3.3 that fits OpenType files
 * of either outline kind: Calibre's check expects it for a version 3.0 package and warns on
 * font/ttf, and epubcheck accepts both. */
#include "epub_fonts.h"
#include "epub_css.h"
#include "font.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* Characters a reading system may draw without them being in the text: list numbers and their
 * full stop, and the hyphen of automatic hyphenation. */
static const char font_extra_chars[] = " 0123456789.-\xE2\x80\x90";

#define CP_LIMIT 0x110000

static void chars_add(unsigned char *bits, uint32_t cp)
{
    if (cp < CP_LIMIT)
        bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

static int chars_has(const unsigned char *bits, uint32_t cp)
{
    return cp < CP_LIMIT && (bits[cp >> 3] >> (cp & 7)) & 1;
}

/* The characters of an XHTML document's text (what we wrote: tags never hold a raw '>'), its
 * <head> left out, entities and character references decoded. */
static void chars_of_xhtml(unsigned char *bits, const char *s, size_t n)
{
    int in_head = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '<') {
            const char *end = memchr(s + i, '>', n - i);
            size_t tl = end ? (size_t)(end - (s + i)) + 1 : n - i;
            if (tl >= 5 && memcmp(s + i, "<head", 5) == 0 && (s[i + 5] == '>' || s[i + 5] == ' '))
                in_head = 1;
            else if (tl >= 7 && memcmp(s + i, "</head>", 7) == 0)
                in_head = 0;
            i += tl;
            continue;
        }
        uint32_t cp;
        size_t l = 1;
        if (s[i] == '&') {
            const char *semi = memchr(s + i, ';', n - i < 12 ? n - i : 12);
            size_t el = semi ? (size_t)(semi - (s + i)) + 1 : 1;
            cp = '&';
            if (el > 3 && s[i + 1] == '#')
                cp = (uint32_t)(s[i + 2] == 'x' ? strtoul(s + i + 3, NULL, 16)
                                                : strtoul(s + i + 2, NULL, 10));
            else if (el == 4 && memcmp(s + i, "&lt;", 4) == 0)
                cp = '<';
            else if (el == 4 && memcmp(s + i, "&gt;", 4) == 0)
                cp = '>';
            else if (el == 6 && memcmp(s + i, "&quot;", 6) == 0)
                cp = '"';
            else if (el == 6 && memcmp(s + i, "&apos;", 6) == 0)
                cp = '\'';
            l = el;
        } else {
            cp = utf8_decode(s + i, n - i, &l);
        }
        if (!in_head && cp >= 0x20)
            chars_add(bits, cp);
        i += l ? l : 1;
    }
}

/* Subsets face to the characters in cps (n of them) as the next font file, named name. Returns
 * the file's index, or -1 when the subsetter failed (then the face is not embedded). */
static int add_font_file(const book *b, arena *a, epub_fonts *f, int face, const uint32_t *cps,
                         int n, const char *name)
{
    buf data = BUF_INIT;
    if (font_subset_chars(b->fonts, face, cps, n, &data) < 0) {
        buf_free(&data);
        return -1;
    }
    f->files = arena_realloc(a, f->files, sizeof(epub_font) * (size_t)f->nfiles,
                             sizeof(epub_font) * (size_t)(f->nfiles + 1));
    const char *ext = font_face_is_cff(b->fonts, face) ? "otf" : "ttf";
    f->files[f->nfiles] = (epub_font){arena_printf(a, "fonts/%s.%s", name, ext), data};
    return f->nfiles++;
}

/* A face's family name fit for a quoted CSS string, or fallback when it has none or another
 * face of the stylesheet already uses it (taken: n names). */
static const char *css_family(const font_set *fs, arena *a, int face, const char *fallback,
                              const char *const *taken, int n)
{
    const char *name = font_face_family(fs, face, a);
    buf b = BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++)
        if (*p >= 0x20 && *p != 0x7F && !strchr("\"\\<>&{};", *p))
            buf_putc(&b, (char)*p);
    const char *s = b.len ? arena_strdup(a, buf_cstr(&b)) : fallback;
    buf_free(&b);
    for (int i = 0; i < n; i++)
        if (taken[i] && strcmp(taken[i], s) == 0)
            return fallback;
    return s;
}

/* Chooses and subsets the faces for the text of the ndocs documents in docs. */
epub_fonts *epubfont_embed(const book *b, arena *a, const char *const *texts, const size_t *lens,
                           int ndocs)
{
    font_set *fs = b->fonts;
    epub_fonts *f = ARENA_NEW(a, epub_fonts);
    memset(f, 0, sizeof(*f));
    unsigned char *bits = malloc(CP_LIMIT / 8);
    if (!bits)
        hj_oom();
    memset(bits, 0, CP_LIMIT / 8);
    for (int i = 0; i < ndocs; i++)
        chars_of_xhtml(bits, texts[i], lens[i]);
    chars_of_xhtml(bits, font_extra_chars, sizeof font_extra_chars - 1);
    int n = 0;
    for (uint32_t cp = 0; cp < CP_LIMIT; cp++)
        n += chars_has(bits, cp);
    uint32_t *used = malloc(sizeof(uint32_t) * (size_t)(n + 1));
    uint32_t *need = malloc(sizeof(uint32_t) * (size_t)(n + 1));
    if (!used || !need)
        hj_oom();
    n = 0;
    for (uint32_t cp = 0; cp < CP_LIMIT; cp++)
        if (chars_has(bits, cp))
            used[n++] = cp;
    free(bits);

    static const char *const style_names[FONT_STYLE_COUNT] = {"regular", "italic", "bold",
                                                              "bold-italic", "mono"};
    int nfaces = font_face_count(fs);
    int *face_file = ARENA_NEWN(a, int, (size_t)nfaces + 1);
    for (int i = 0; i < nfaces; i++)
        face_file[i] = -2; /* not embedded yet */
    for (int st = 0; st < FONT_STYLE_COUNT; st++) {
        int face = font_style_face(fs, (font_style)st);
        if (face < 0 || face >= nfaces) {
            f->style[st] = -1;
            continue;
        }
        if (face_file[face] == -2)
            face_file[face] = add_font_file(b, a, f, face, used, n, style_names[st]);
        f->style[st] = face_file[face];
    }
    /* a fallback draws what some style face lacks and no earlier fallback has */
    f->fallback = ARENA_NEWN(a, int, (size_t)nfaces + 1);
    uint8_t *drawn = ARENA_NEWN(a, uint8_t, (size_t)n + 1); /* 1: needs no fallback */
    memset(drawn, 1, (size_t)n);
    for (int i = 0; i < n; i++)
        for (int st = 0; st < FONT_STYLE_COUNT; st++)
            if (f->style[st] >= 0 &&
                !font_has_char(fs, font_style_face(fs, (font_style)st), used[i]))
                drawn[i] = 0;
    for (int face = 0; face < nfaces; face++) {
        if (face_file[face] != -2)
            continue; /* a style face */
        int k = 0;
        for (int i = 0; i < n; i++)
            if (!drawn[i] && font_has_char(fs, face, used[i]))
                need[k++] = used[i];
        if (k == 0)
            continue;
        for (int i = 0; i < n; i++)
            drawn[i] |= font_has_char(fs, face, used[i]);
        int file =
            add_font_file(b, a, f, face, need, k, arena_printf(a, "fallback-%d", f->nfallback + 1));
        face_file[face] = file;
        if (file >= 0)
            f->fallback[f->nfallback++] = file;
    }
    free(used);
    free(need);

    /* family names: text, mono, fallbacks */
    const char **taken = ARENA_NEWN(a, const char *, (size_t)f->nfallback + 3);
    int ntaken = 0;
    f->text_family =
        css_family(b->fonts, a, font_style_face(fs, FONT_REGULAR), "hanji-text", taken, 0);
    taken[ntaken++] = f->text_family;
    f->mono_family = f->text_family;
    if (f->style[FONT_MONO] != f->style[FONT_REGULAR]) {
        f->mono_family =
            css_family(b->fonts, a, font_style_face(fs, FONT_MONO), "hanji-mono", taken, ntaken);
        taken[ntaken++] = f->mono_family;
    }
    f->fallback_family = ARENA_NEWN(a, const char *, (size_t)f->nfallback + 1);
    for (int i = 0; i < f->nfallback; i++) {
        int face = 0;
        while (face < nfaces && face_file[face] != f->fallback[i])
            face++;
        f->fallback_family[i] = css_family(
            b->fonts, a, face, arena_printf(a, "hanji-fallback-%d", i + 1), taken, ntaken);
        taken[ntaken++] = f->fallback_family[i];
    }
    return f;
}

/* The font list of a generic family: the embedded face, the fallbacks, the generic name. */
static void put_font_list(buf *o, const epub_fonts *f, const char *family, int have,
                          const char *generic)
{
    buf_puts(o, "font-family: ");
    if (have)
        buf_printf(o, "\"%s\", ", family);
    for (int i = 0; i < f->nfallback; i++)
        buf_printf(o, "\"%s\", ", f->fallback_family[i]);
    buf_printf(o, "%s;", generic);
}

/* The default stylesheet with the embedded faces: @font-face rules first, then the default
 * rules with their serif and monospace font lists led by the embedded faces. */
void epubfont_css(const epub_fonts *f, buf *o)
{
    static const struct {
        const char *style, *weight;
    } faces[FONT_STYLE_COUNT] = {{"normal", "normal"},
                                 {"italic", "normal"},
                                 {"normal", "bold"},
                                 {"italic", "bold"},
                                 {"normal", "normal"}};
    const char *css = epub_default_css;
    const char *nl = strchr(css, '\n'); /* keep the comment line first */
    buf_put(o, css, (size_t)(nl - css) + 1);
    css = nl + 1;
    for (int st = 0; st < FONT_STYLE_COUNT; st++) {
        if (f->style[st] < 0 || (st == FONT_MONO && f->style[st] == f->style[FONT_REGULAR]))
            continue;
        buf_printf(o,
                   "@font-face { font-family: \"%s\"; font-style: %s; font-weight: %s; "
                   "src: url(\"%s\"); }\n",
                   st == FONT_MONO ? f->mono_family : f->text_family, faces[st].style,
                   faces[st].weight, f->files[f->style[st]].file);
    }
    for (int i = 0; i < f->nfallback; i++)
        buf_printf(o,
                   "@font-face { font-family: \"%s\"; font-style: normal; "
                   "font-weight: normal; src: url(\"%s\"); }\n",
                   f->fallback_family[i], f->files[f->fallback[i]].file);
    int have_text = f->style[FONT_REGULAR] >= 0, have_mono = f->style[FONT_MONO] >= 0;
    for (;;) {
        const char *serif = strstr(css, "font-family: serif;");
        const char *mono = strstr(css, "font-family: monospace;");
        const char *at = serif && (!mono || serif < mono) ? serif : mono;
        if (!at)
            break;
        buf_put(o, css, (size_t)(at - css));
        if (at == serif) {
            put_font_list(o, f, f->text_family, have_text, "serif");
            css = at + strlen("font-family: serif;");
        } else {
            put_font_list(o, f, f->mono_family, have_mono, "monospace");
            css = at + strlen("font-family: monospace;");
        }
    }
    buf_puts(o, css);
}
