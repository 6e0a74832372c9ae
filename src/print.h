/* print.h: what print-on-demand services require of an interior, in one place for the layout
 * (which meets it) and the preflight (which checks it): Amazon KDP's minimum margins. */
#ifndef HANJI_PRINT_H
#define HANJI_PRINT_H

/* KDP's minimum inside margin (the gutter) for a book of that many pages (pt). */
float print_kdp_inside(int pages);
/* KDP's minimum outside, top and bottom margin, with or without bleed (pt). */
float print_kdp_outside(int bleed);

#endif
