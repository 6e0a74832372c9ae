/* layout_style.h: the typographic parameters of the page layout, in one place: penalties, the
 * sizes and spacing of headings, captions, notes, code and lists, rule widths, and the page's
 * furniture. Sizes are fractions of the body size (em) or of the body leading (L) unless said;
 * lengths in points. Every layout_*.c file that sets something reads its numbers here. */
#ifndef HANJI_LAYOUT_STYLE_H
#define HANJI_LAYOUT_STYLE_H

/* ---- penalties and proportions ---------------------------------------------------------- */
#define WIDOW_PENALTY   5000.0f      /* one line of a paragraph alone at a page top or foot */
#define HEADING_PENALTY (2 * PB_INF) /* inside a heading: worse than any other "never" */
#define BROKEN_PENALTY  3000.0f      /* a page that ends with a hyphenated word */
#define CHAPTER_SINK    0.22f        /* chapter openings start this fraction of the text down */
#define FIGURE_MAX_H    0.60f        /* figures take at most this fraction of the text height */
#define FIGURE_DPI      150.0        /* figures are never drawn larger than at this resolution */
#define FIGURE_SHRINK   0.15f /* a figure's image may be drawn this much smaller to stay in place */
#define NOTE_SCALE      0.82f /* footnote size and leading against the body's */
#define CODE_SCALE      0.85f /* code size against the body's */
#define CAPTION_SCALE   0.9f  /* captions and tables */
#define LIST_INDENT     1.6f  /* em */
#define QUOTE_INDENT    1.5f  /* em, both sides */
/* a callout (GitHub's alert): a tinted box with a rule down its left, greyscale so it prints */
#define CALLOUT_PAD       0.8f  /* em: the text inside the box, from its sides */
#define CALLOUT_PAD_V     0.35f /* em: the tint above the title and below the last line */
#define CALLOUT_TINT      0.94f /* gray of the box (1 white) */
#define CALLOUT_RULE      2.0f  /* pt: the rule down its left */
#define CALLOUT_RULE_GRAY 0.35f
#define TABLE_FLOAT_H     0.5f  /* tables up to this fraction of the text height float */
#define HEAD_ASCENT       1.1f  /* print: the extent of heads and folios kept out of the minimum */
#define HEAD_DESCENT      0.35f /* margins, in em (the fonts' ascent and descent, generously) */
#define XREF_PASSES       4     /* settings at most while quoted page numbers move */

/* an image in a line of text: this many em high (its width to scale), its foot this many em
 * below the baseline (where the descenders end), and at most this fraction of the text wide */
#define INLINE_IMAGE_H     1.0f
#define INLINE_IMAGE_DROP  0.2f
#define INLINE_IMAGE_MAX_W 0.5f
/* \flushbottom: every page but a chapter's last ends on the same baseline, its glue (the space
 * around headings, floats and blocks, never between a paragraph's lines) stretched up to
 * FILL_STRETCH times GLUE_STRETCH (a space grows to 2.25 times itself at most); a
 * page that still falls short is short by whole lines, and the page facing it ends on the
 * same line. */
#define FILL_STRETCH 5.0f
#define SPREAD_COST                                                                                \
    1000.0f /* a spread whose pages cannot end on one line: once, and per line                     \
                squared that they differ */
#define LAST_PAGE_PENALTY 3000.0f /* a chapter's last page with a line or two (as a widow) */

/* ---- line breaking ------------------------------------------------------------------------ */
/* FONT_EXPAND is pdfTeX's \pdfadjustspacing (microtype's default 2 %): the breaker counts it as
 * stretch and shrink of the boxes, pdf.c draws it with Tz. Without EMERGENCY_STRETCH a
 * paragraph no setting of which keeps to the tolerance is broken with the least demerits at
 * any badness, which spreads the white space more evenly (on the sample, before font
 * expansion: p95/median word gap 1.68 with 0.1, 1.52 with 0.05, 1.43 with 0). */
#define HYPHEN_LIMIT      2     /* hyphenated lines in a row at most (TeX has no limit) */
#define FONT_EXPAND       0.02f /* glyphs of justified lines: up to 2 % wider or narrower */
#define EMERGENCY_STRETCH 0.0f  /* of the measure, for TeX's third pass; 0 skips it */
/* PRETOLERANCE: TeX's first pass, without hyphenation, for justified paragraphs; -1 skips it,
 * so that every paragraph may choose hyphens that even out its spacing (the Handbook's
 * p95/median word gap 1.40 -> 1.38; TeX's 100 takes any setting of badness 100 or less). */
#define PRETOLERANCE (-1)

/* ---- vertical space (in L) ---------------------------------------------------------------- */
#define GAP_BLOCK       0.5f  /* around code, lists, quotes, thematic breaks, contents chapters */
#define GAP_ITEM        0.4f  /* between the items of a loose list */
#define GAP_FLOAT       1.0f  /* around a figure or a floating table */
#define GAP_TABLE       1.0f  /* around a table that runs across pages */
#define GAP_ATTRIBUTION 0.25f /* above a block quote's attribution */
#define GAP_NOTE        0.25f /* between footnotes */
#define GLUE_STRETCH    0.25f /* vertical glue stretches by this fraction of itself */
#define GLUE_SHRINK     0.1f  /* ... and shrinks by this */

/* ---- headings (size and leading in em and L of the text around; space in L) -------------- */
#define H2_SIZE   1.12f /* levels 1 (after the title) and 2: bold, larger */
#define H2_LEAD   1.15f
#define H2_BEFORE 1.5f
#define H2_AFTER  0.5f
#define H3_BEFORE 1.0f /* level 3: bold italic */
#define H3_AFTER  0.25f
#define H4_BEFORE 0.75f /* levels 4-6: italic */
#define H4_AFTER  0.25f

/* ---- chapter openings and the contents' title (em of the body size, L) ------------------ */
#define OPENER_LABEL_SIZE  0.85f /* "CHAPTER 1" */
#define OPENER_LABEL_TRACK 0.1f  /* its letter-spacing, em */
#define OPENER_TITLE_SIZE  1.8f
#define OPENER_TITLE_LEAD  1.3f /* of the title size */
#define OPENER_AFTER       2.5f /* L under the title */

/* ---- inline sizes (of the text around) ------------------------------------------------------ */
#define CODE_SPAN_SCALE 0.92f /* inline code */
#define NOTEREF_SCALE   0.95f /* a note reference; para_layout sets it at 65 % of that: 62 % */
#define CODE_LEAD       0.9f  /* code lines: of the leading around */
/* CODE_STRETCH: a code line's leading may grow by this much of itself, FILL_STRETCH times at
 * most (5 %: 0.6 pt on 12.6), so that a page of code, which has no other glue, reaches the
 * bottom line; a blank line in code is space (dropped at a page's top), as stretchable */
#define CODE_STRETCH   0.01f
#define ASTERISM_SCALE 1.2f /* the mark of a thematic break */

/* Highlighted code (highlight.h's classes, in its order): 0xRRGGBB, or -1 for the text's black.
 * Digital: the EPUB's light-theme colours (4.5:1 or more on white). Print: greys only, which
 * pdf.c writes with the gray operator, so the interior stays free of colour (KDP's black and
 * white interiors): comments light, strings and escapes dark, deletions light. */
#define CODE_COLORS_DIGITAL                                                                        \
    {                                                                                              \
        -1, 0x9c4fd6, 0x237a4a, 0xa0541a, 0x6b6b6b, 0xc4402f, 0xb04c24, 0x13777d, 0x3a72d8,        \
            0x776a18, 0xb04f8f, 0x3a72d8, -1, -1, 0x3a72d8, 0x237a4a, 0xc4402f                     \
    }
#define CODE_COLORS_PRINT                                                                          \
    {                                                                                              \
        -1, -1, 0x4d4d4d, 0x4d4d4d, 0x7a7a7a, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x7a7a7a \
    }

/* ---- captions, figures, tables -------------------------------------------------------------- */
#define CAPTION_MEASURE    0.9f /* captions are set centred on this fraction of the measure */
#define FIGURE_CAPTION_GAP 0.6f /* L between an image and its caption */
#define TABLE_PAD          0.6f /* em of the table size between columns */
#define TABLE_MIN_SCALE    0.6f /* a table too wide is set at most this much smaller */
#define RULE_HEAVY         0.8f /* pt: above and below a table */
#define RULE_LIGHT         0.4f /* pt: under a table's header; above the footnotes */

/* ---- lists ---------------------------------------------------------------------------------- */
#define LIST_WIDE_INDENT 2.2f /* em: for numbers of three digits */
#define LIST_MARK_GAP    0.5f /* em between a list mark and its text */

/* ---- footnotes at the page foot ------------------------------------------------------------- */
#define NOTES_RULE_W 0.3f /* the rule above them, as a fraction of the measure */

/* ---- links ---------------------------------------------------------------------------------- */
#define LINK_UNDERLINE      0.3f /* pt: print, under a web link */
#define LINK_UNDERLINE_GRAY 0.55f
#define LINK_UNDERLINE_DROP 0.14f /* em below the baseline */

/* ---- running heads and folios (em of the body size, L) ------------------------------------ */
#define FOLIO_SIZE 0.9f
/* HEAD_RAISE: with the default 0.75 in top margin the head's top is about 0.45 in from the
 * trim (1.9 put it at 0.25 in, KDP's bare minimum) */
#define HEAD_RAISE 1.0f /* L from the text block's top to the running head's baseline */
#define FOLIO_DROP 2.2f /* L from the text block's bottom to an opening page's folio */

/* ---- the contents (em of the body size) ---------------------------------------------------- */
#define TOC_NUM_W    2.2f  /* the column of chapter numbers */
#define TOC_INDENT   2.4f  /* each level below the chapters, further in */
#define LEADER_PITCH 0.55f /* dot leaders: one dot every */

/* ---- the front matter's pages (em of the body size; positions as fractions of the text height) */
#define HALFTITLE_SIZE 1.5f
#define HALFTITLE_LEAD 1.9f
#define TITLE_SIZE     2.4f
#define TITLE_LEAD     2.9f
#define SUBTITLE_SIZE  1.25f
#define SUBTITLE_LEAD  1.6f
#define AUTHOR_SIZE    1.2f
#define AUTHOR_LEAD    1.5f
#define COPYRIGHT_SIZE 0.85f /* and its leading, of L */

#endif
