/* diag.c: the message table and the one place messages are printed (see diag.h). */
#define _GNU_SOURCE /* open_memstream */
#include "diag.h"

#include <stdlib.h>

static const struct {
    const char *name;
    diag_level level;
    const char *fmt;
} diag_table[] = {
#define DIAG_ROW(code, lvl, fmt) {#code, DIAG_##lvl, fmt},
    DIAG_LIST(DIAG_ROW)
#undef DIAG_ROW
};

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
        fputs(file, d->out);
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
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vfprintf(d->out, diag_table[code].fmt, ap);
#pragma GCC diagnostic pop
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
