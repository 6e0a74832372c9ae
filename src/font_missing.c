/* font_missing.c: the characters no face of the book has (font.c's shaping notes them), with
 * the first place each occurs, and the one warning that lists them and says whether an
 * installed font has them (sysfont.h). No HarfBuzz here. */
#include "font_missing.h"
#include "sysfont.h"
#include "utf8.h"

#include <stdlib.h>

void fontmiss_note(font_missing_list *ml, uint32_t cp)
{
    for (int i = 0; i < ml->n; i++)
        if (ml->list[i].cp == cp)
            return;
    if (ml->n == ml->cap) {
        ml->cap = ml->cap ? ml->cap * 2 : 16;
        ml->list = realloc(ml->list, sizeof(font_missing) * (size_t)ml->cap);
        if (!ml->list)
            hj_oom();
    }
    ml->list[ml->n++] = (font_missing){cp, NULL, 0, 0};
}

void fontmiss_locate(font_missing_list *ml, const char *file, int line, int col)
{
    for (int i = ml->unnoted; i < ml->n; i++) {
        if (!ml->list[i].file) {
            ml->list[i].file = file;
            ml->list[i].line = line;
            ml->list[i].col = col;
        }
    }
    ml->unnoted = ml->n;
}

void fontmiss_report(font_missing_list *ml, diag_ctx *d, font_locate_fn locate, void *ud)
{
    if (ml->n == 0)
        return;
    int listed = ml->n < FONT_MISSING_LISTED ? ml->n : FONT_MISSING_LISTED;
    buf b = BUF_INIT;
    for (int i = 0; i < listed; i++) {
        font_missing *m = &ml->list[i];
        if (m->file && locate)
            locate(ud, m->file, &m->line, &m->col, m->cp);
        char u[5];
        size_t ul = utf8_encode(m->cp, u);
        buf_printf(&b, "%sU+%04X '%.*s'", i ? ", " : "", (unsigned)m->cp, (int)ul, u);
        if (i > 0 && m->file) { /* the first one's place is the warning's own */
            buf_printf(&b, " (%s", m->file);
            if (m->line)
                buf_printf(&b, ":%d", m->line);
            if (m->col)
                buf_printf(&b, ":%d", m->col);
            buf_puts(&b, ")");
        }
    }
    if (ml->n > listed)
        buf_printf(&b, " and %d more", ml->n - listed);
    /* font_set_cover has added every installed face hanji can use that has one of them, so an
     * installed font that has one is of a kind hanji cannot embed (bitmap, Type 1, variable) */
    sysfont *sf = sysfont_open();
    int some = 0;
    for (int i = 0; i < listed; i++) {
        char family[256];
        if (sf && sysfont_name(sf, ml->list[i].cp, family, sizeof family) == 0) {
            buf_printf(&b, "; U+%04X is only in the installed %s, which hanji cannot use",
                       (unsigned)ml->list[i].cp, family);
            some++;
        }
    }
    sysfont_close(sf);
    if (some == 0)
        buf_puts(&b, listed == 1 ? "; no installed font has it" : "; no installed font has them");
    else if (some < listed)
        buf_puts(&b, "; no installed font has the others");
    const font_missing *first = &ml->list[0];
    diag_report(d, D_FONT_MISSING_GLYPHS, first->file, first->line, first->col, buf_cstr(&b));
    buf_free(&b);
}

void fontmiss_free(font_missing_list *ml)
{
    free(ml->list);
}
