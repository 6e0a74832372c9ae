/* layout_dump.c: the stable text dump of a typeset book (--dump=layout). One block per page
 * (number, folio, label), then its items in drawing order with positions rounded to 0.01 pt:
 * text runs with face, size, position and text (in drawing order: a right-to-left run's text
 * reads backwards; shaped runs add each glyph's id and position); rules; images; links. Tests
 * compare these dumps with golden files, so the format changes only on purpose. */
#include "layout.h"
#include "pagemap.h"
#include "utf8.h"

#include <math.h>

/* Rounds to 0.01 and avoids "-0.00". */
static double r2(double v)
{
    double r = round(v * 100.0) / 100.0;
    return r == 0 ? 0 : r;
}

static void put_text(buf *out, const lay_run *r)
{
    buf_putc(out, '"');
    for (int i = 0; i < r->n; i++) {
        uint32_t cp = r->cps[i];
        if (cp == '"' || cp == '\\') {
            buf_putc(out, '\\');
            buf_putc(out, (int)cp);
        } else if (cp < 0x20) {
            buf_printf(out, "\\u%04X", (unsigned)cp);
        } else {
            char u[4];
            buf_put(out, u, utf8_encode(cp, u));
        }
    }
    buf_putc(out, '"');
}

void laydump_write(const lay_doc *ld, buf *out)
{
    if (!ld)
        return;
    buf_printf(out, "doc %.2f x %.2f bleed %.2f pages %d\n", r2(ld->width), r2(ld->height),
               r2(ld->bleed), ld->npages);
    for (int i = 0; i < ld->noutline; i++) {
        const lay_outline *o = &ld->outline[i];
        buf_printf(out, "outline %d page %d y %.2f \"%s\"\n", o->level, o->page + 1, r2(o->y),
                   o->title ? o->title : "");
    }
    for (int p = 0; p < ld->npages; p++) {
        const lay_page *pg = &ld->pages[p];
        const char *style = pg->label_style == LAY_LABEL_ROMAN    ? "roman"
                            : pg->label_style == LAY_LABEL_ARABIC ? "arabic"
                                                                  : "none";
        buf_printf(out, "page %d folio %s label %s %d", p + 1, pg->folio ? pg->folio : "-", style,
                   pg->label_value);
        const pagemap_page *mp = ld->map && p < ld->map->npages ? &ld->map->pages[p] : NULL;
        if (mp) { /* what the page is to the EPUB, and where in the source it begins */
            static const char *const roles[] = {"body", "front", "title", "copyright", "contents"};
            buf_printf(out, " %s", mp->role < HJ_ARRAY_LEN(roles) ? roles[mp->role] : "?");
            if (mp->node) {
                buf_printf(out, " starts %s %s:%d:%d", doc_kind_name(mp->node->kind),
                           mp->node->file ? mp->node->file : "-", mp->node->line, mp->node->col);
                if (mp->off != PAGEMAP_BEFORE)
                    buf_printf(out, " +%zu", mp->off);
            }
        }
        buf_putc(out, '\n');
        for (int i = 0; i < pg->nitems; i++) {
            const lay_item *it = &pg->items[i];
            switch (it->kind) {
            case LAY_TEXT:
                for (int k = 0; it->run && k < it->nruns; k++) {
                    const lay_run *r = &it->run[k];
                    if (r->image)
                        continue; /* its image item follows */
                    buf_printf(out, "  text f%d %.2f %.2f %.2f ", r->face, r2(r->size),
                               r2(it->x + r->x), r2(it->y + r->y));
                    put_text(out, r);
                    if (fabs(r->expand) >= 0.0005) /* font expansion, to 0.1 % */
                        buf_printf(out, " scale %.3f", 1 + r->expand);
                    if (it->rgb & LAY_RGB)
                        buf_printf(out, " rgb #%06x", (unsigned)(it->rgb & 0xFFFFFF));
                    if (r->gids) { /* shaped: each glyph's id (0: the character's own; -1:
                                      none) and where it sits from the run's origin */
                        buf_puts(out, r->rtl ? " rtl" : " ltr");
                        for (int g = 0; g < r->n; g++)
                            buf_printf(out, " g%d@%.2f,%.2f", r->gids[g], r2(r->xs[g]),
                                       r2(r->ys ? r->ys[g] : 0));
                    }
                    buf_putc(out, '\n');
                }
                break;
            case LAY_RULE:
                buf_printf(out, "  rule %.2f %.2f %.2f %.2f t %.2f\n", r2(it->x), r2(it->y),
                           r2(it->w), r2(it->h), r2(it->thickness));
                break;
            case LAY_RECT:
                buf_printf(out, "  rect %.2f %.2f %.2f %.2f gray %.2f\n", r2(it->x), r2(it->y),
                           r2(it->w), r2(it->h), r2(it->gray));
                break;
            case LAY_IMAGE:
                buf_printf(out, "  image %.2f %.2f %.2f %.2f %s\n", r2(it->x), r2(it->y), r2(it->w),
                           r2(it->h), it->image ? it->image->path : "?");
                break;
            case LAY_LINK:
                buf_printf(out, "  link %.2f %.2f %.2f %.2f ", r2(it->x), r2(it->y), r2(it->w),
                           r2(it->h));
                if (it->uri)
                    buf_printf(out, "uri %s\n", it->uri);
                else
                    buf_printf(out, "page %d y %.2f\n", it->dest_page + 1, r2(it->dest_y));
                break;
            }
        }
    }
}
