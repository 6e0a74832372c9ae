/* font_missing.h: the list of characters no face has (font_missing.c), kept in a font_set by
 * font.c; the rest of hanji sees it through font.h (font_note_location, font_missing_count,
 * font_report_missing). */
#ifndef HANJI_FONT_MISSING_H
#define HANJI_FONT_MISSING_H

#include "font.h"

#include <stdint.h>

typedef struct font_missing {
    uint32_t cp;
    const char *file; /* first location, NULL until noted */
    int line, col;
} font_missing;

/* Zeroed is empty. */
typedef struct font_missing_list {
    font_missing *list; /* each character once, in the order met */
    int n, cap;
    int unnoted; /* entries [unnoted, n) may still lack a location */
    int seen;    /* characters no face has, met by font_shape (occurrences) */
} font_missing_list;

/* Adds cp (once) to the list, with no location yet. Aborts on out-of-memory. */
void fontmiss_note(font_missing_list *ml, uint32_t cp);
/* Gives the entries added since the last call the location file:line:col (file is kept). */
void fontmiss_locate(font_missing_list *ml, const char *file, int line, int col);
/* font_report_missing (font.h) for the list. */
void fontmiss_report(font_missing_list *ml, diag_ctx *d, font_locate_fn locate, void *ud);
void fontmiss_free(font_missing_list *ml);

#endif
