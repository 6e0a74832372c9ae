/* font.c: fonts through HarfBuzz (placeholder until the font module lands). */
#include "font.h"

font_set *font_set_load(arena *a, diag_ctx *d, const config *cfg, const char *project_dir)
{
    (void)a, (void)d, (void)cfg, (void)project_dir;
    return NULL;
}

void font_set_free(font_set *fs)
{
    (void)fs;
}

void font_report_missing(font_set *fs, diag_ctx *d)
{
    (void)fs, (void)d;
}
