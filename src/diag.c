/* diag.c: the message table and the one place messages are printed (see diag.h). */
#define _GNU_SOURCE /* open_memstream */
#include "diag.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    diag_level level;
    const char *fmt;
} diag_table[] = {
#define DIAG_ROW(code, lvl, fmt) {#code, DIAG_##lvl, fmt},
    DIAG_LIST(DIAG_ROW)
#undef DIAG_ROW
};

/* The longest message text printed; the rest is left out ("..."). */
#define DIAG_MAX_TEXT 4096

static const char *const level_names[] = {"note", "warning", "error"};

void diag_init(diag_ctx *d, FILE *out)
{
    d->out = out;
    d->errors = d->warnings = 0;
    d->quiet = 0;
}

diag_level diag_level_of(diag_code code)
{
    return diag_table[code].level;
}

const char *diag_format_of(diag_code code)
{
    return diag_table[code].fmt;
}

const char *diag_name_of(diag_code code)
{
    return diag_table[code].name;
}

/* Writes s[0..n) so that a message stays one line of valid UTF-8 that says what it is: file
 * names and quoted text come from the project, and a name holding a newline could otherwise
 * forge a `file:line:col: error:` line of its own. Control characters (C0, DEL, C1), the line
 * and paragraph separators and the bidirectional overrides (which can reorder what a terminal
 * shows) print as \uXXXX, a byte that is not UTF-8 as \xNN. */
static void put_escaped(FILE *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F) {
            fputc(c, out);
            i++;
            continue;
        }
        size_t len;
        uint32_t cp = c < 0x80 ? c : utf8_decode(s + i, n - i, &len);
        if (c < 0x80)
            len = 1;
        if (cp == UTF8_REPLACEMENT && len == 1 && c >= 0x80)
            fprintf(out, "\\x%02X", c);
        else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
                 (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
            fprintf(out, "\\u%04X", (unsigned)cp);
        else
            fwrite(s + i, 1, len, out);
        i += len;
    }
}

void diag_vreport(diag_ctx *d, diag_code code, const char *file, int line, int col, va_list ap)
{
    diag_level lvl = diag_table[code].level;
    if (lvl == DIAG_ERROR)
        d->errors++;
    else if (lvl == DIAG_WARNING)
        d->warnings++;
    if (!d->out || (d->quiet && lvl != DIAG_ERROR))
        return;
    if (file) {
        put_escaped(d->out, file, strlen(file));
        if (line > 0) {
            fprintf(d->out, ":%d", line);
            if (col > 0)
                fprintf(d->out, ":%d", col);
        }
        fputs(": ", d->out);
    } else {
        fputs("hanji: ", d->out);
    }
    fprintf(d->out, "%s: ", level_names[lvl]);
    char small[512], *text = small;
    va_list aq;
    va_copy(aq, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    int n = vsnprintf(small, sizeof(small), diag_table[code].fmt, ap);
    if (n >= (int)sizeof(small)) {
        text = malloc((size_t)n + 1);
        if (!text)
            hj_oom();
        vsnprintf(text, (size_t)n + 1, diag_table[code].fmt, aq);
    }
#pragma GCC diagnostic pop
    va_end(aq);
    /* a quoted name or snippet may be anything the project holds (a 70 kB URL): a message
       stays readable, cut at a character boundary */
    size_t len = n > 0 ? (size_t)n : 0;
    if (len > DIAG_MAX_TEXT) {
        len = DIAG_MAX_TEXT;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    put_escaped(d->out, text, len);
    if (len < (size_t)(n > 0 ? n : 0))
        fputs("...", d->out);
    if (text != small)
        free(text);
    fputc('\n', d->out);
}

void diag_report(diag_ctx *d, diag_code code, const char *file, int line, int col, ...)
{
    va_list ap;
    va_start(ap, col);
    diag_vreport(d, code, file, line, col, ap);
    va_end(ap);
}

void diag_hold_begin(diag_hold *h, const diag_ctx *like)
{
    h->text = NULL;
    h->len = 0;
    h->ms = like->out ? open_memstream(&h->text, &h->len) : NULL;
    if (like->out && !h->ms)
        hj_oom();
    diag_init(&h->d, h->ms);
    h->d.quiet = like->quiet;
}

void diag_hold_end(diag_hold *h, diag_held *out)
{
    if (h->ms)
        fclose(h->ms); /* sets h->text and h->len */
    out->text = h->ms ? h->text : NULL;
    out->len = h->ms ? h->len : 0;
    out->errors = h->d.errors;
    out->warnings = h->d.warnings;
    h->ms = NULL;
}

void diag_held_replay(diag_ctx *d, const diag_held *held)
{
    if (d->out && held->len)
        fwrite(held->text, 1, held->len, d->out);
    d->errors += held->errors;
    d->warnings += held->warnings;
}

void diag_held_free(diag_held *held)
{
    free(held->text);
    held->text = NULL;
    held->len = 0;
}
