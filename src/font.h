/* font.h: fonts (the only HarfBuzz user and the only module that reads font files).
 * A font_set holds the book's faces: the five styles plus an ordered fallback list. Text is
 * shaped with HarfBuzz (kerning on; ligatures off, so every glyph is one code point and text
 * extraction stays exact), each character taken from the first face that has it.
 * Units: advances and positions are in points for the size asked; metrics in 1/1000 em. */
#ifndef HANJI_FONT_H
#define HANJI_FONT_H

#include <stdio.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "diag.h"

typedef enum {
    FONT_REGULAR,
    FONT_ITALIC,
    FONT_BOLD,
    FONT_BOLD_ITALIC,
    FONT_MONO,
    FONT_STYLE_COUNT
} font_style;

typedef struct font_set font_set;

typedef struct font_metrics {
    int ascender, descender; /* 1/1000 em; descender negative */
    int cap_height, x_height;
} font_metrics;

/* One shaped character. Shaping may draw a character with another glyph than the face's
 * own for it (an Arabic letter's joining form, a mirrored bracket in right-to-left text, a
 * required ligature): then gid names that glyph; characters a ligature took in draw nothing. */
typedef struct font_glyph {
    uint32_t cp;      /* the code point drawn */
    int face;         /* which face of the set draws it */
    float x;          /* pen position before it, from the start of the shaped text (pt) */
    float advance;    /* its advance including kerning with the next glyph (pt) */
    uint32_t cluster; /* byte offset of the character in the shaped UTF-8 text */
    int gid;          /* 0: the face's glyph for cp; > 0: this glyph id instead (its text is cp
                         and the FONT_GID_NONE characters after it); FONT_GID_NONE: nothing */
    float dx, dy;     /* the glyph is drawn this far from its pen position (pt; dy up) */
} font_glyph;

#define FONT_GID_NONE (-1)
/* font_mark_used: the value is a glyph id, not a code point */
#define FONT_MARK_GLYPH 0x80000000u

/* Loads the faces named in cfg from project_dir/fonts, falling back to the bundled fonts
 * (HANJI_DATADIR/fonts) for any that is absent or unusable (reported to d). Returns NULL only
 * when not even the bundled fonts load (reported). */
font_set *font_set_load(arena *a, diag_ctx *d, const config *cfg, const char *project_dir);
void font_set_free(font_set *fs);
/* A copy of fs for shaping on another thread (issue 16): it shares the faces' HarfBuzz fonts
 * (safe to shape with from several threads), their advances and character map caches and
 * fs's cache of shaped words (under a lock from then on), and has used-glyph sets and missing
 * characters of its own, so that nothing it shapes changes what fs draws (what it marks used
 * is not in fs's subsets). fs's faces must not change nor fs be freed while the fork lives;
 * free the fork with font_set_free. Never fails (out of memory aborts). */
font_set *font_set_fork(font_set *fs);
/* Number of faces (styles + fallbacks); face ids are 0..count-1. */
int font_face_count(const font_set *fs);
/* The font file of a face (TrueType, or OpenType with CFF outlines), and its PostScript name. */
const char *font_face_path(const font_set *fs, int face);
const char *font_face_name(const font_set *fs, int face);
font_metrics font_face_metrics(const font_set *fs, int face);
/* The face that draws style before any fallback. */
int font_style_face(const font_set *fs, font_style style);
/* Shapes UTF-8 text in a style at size pt. Returns the number of glyphs written to *out (arena
 * memory). Characters no face has are drawn from the style's face (as .notdef) and recorded
 * for font_report_missing. Soft hyphens (U+00AD) are dropped. */
int font_shape(font_set *fs, arena *a, font_style style, double size, const char *text, size_t len,
               font_glyph **out);
/* font_shape for text of one direction: rtl nonzero shapes it right to left (HarfBuzz mirrors
 * brackets and joins as in that direction). The glyphs stay in logical order; a glyph's dx is
 * from the pen position of a line drawn left to right in visual order (bidi.h). */
int font_shape_dir(font_set *fs, arena *a, font_style style, double size, const char *text,
                   size_t len, int rtl, font_glyph **out);
/* Advance width of one code point in a face, in 1/1000 em, exactly as the PDF's /W array holds
 * it (integer, truncated), so that positions computed from it match what viewers place. */
int font_pdf_width(const font_set *fs, int face, uint32_t cp);
/* Records where a character that no face has was first seen (for the one warning): the place
 * of the text font_shape has been given since the last call. */
void font_note_location(font_set *fs, const char *file, int line, int col);
/* Where a character is in the sources: given the location of the text it was shaped from
 * (*line, *col: the doc node's, col in bytes as cmark counts them), moves them to the character
 * itself, col counted in characters. Returns 0, or -1 when it cannot (locations unchanged). */
typedef int (*font_locate_fn)(void *ud, const char *file, int *line, int *col, uint32_t cp);
/* Reports one warning listing the characters no face has (the first FONT_MISSING_LISTED), each
 * with its first location (exact when locate, which may be NULL, finds it) and the installed
 * font that has it, or that none does; the warning stands at the first character's location. */
void font_report_missing(font_set *fs, diag_ctx *d, font_locate_fn locate, void *ud);
/* Characters named in the warning; more are counted. */
#define FONT_MISSING_LISTED 20
/* How many characters that no face has font_shape has met (occurrences, spaces included): a
 * caller caching shaped text compares it before and after and does not cache when it grew. */
int font_missing_count(const font_set *fs);
/* Marks a code point of a face as used (for subsetting), or with FONT_MARK_GLYPH a glyph id
 * (font_glyph.gid). font_shape does this itself. */
void font_mark_used(font_set *fs, int face, uint32_t cp);
/* Width of glyph gid of a face, in 1/1000 em, truncated as font_pdf_width's. */
int font_pdf_width_glyph(const font_set *fs, int face, int gid);
/* Nonzero when some glyph of face is drawn by id (font_glyph.gid > 0): then font_subset keeps
 * glyph ids as in the face's file. */
int font_face_uses_glyphs(const font_set *fs, int face);
/* Writes a font file (TrueType, or OpenType with CFF outlines for a CFF face) holding only the
 * glyphs used in face (HarfBuzz's subsetter), with the cmap kept for those code points; glyphs
 * marked by id keep their ids (font_face_uses_glyphs). Returns 0, or -1 (then embed the whole
 * face). */
int font_subset(font_set *fs, int face, buf *out);
/* Appends to key what font_subset's result depends on: the face's file and index, and the code
 * points used (a watch session keeps subsets by it). */
void font_subset_key(const font_set *fs, int face, buf *key);
/* Nonzero when face has a glyph for cp (through its cmap; .notdef does not count). */
int font_has_char(const font_set *fs, int face, uint32_t cp);
/* Like font_subset, but for an explicit set of code points (n entries of cps, any order; those
 * the face lacks are ignored) instead of the marks font_shape keeps, which it neither reads nor
 * changes: the EPUB embeds its own subsets while the PDF's stay as they are. The name table
 * keeps the copyright, names, version, licence text and licence URL (OFL 1.1 condition 2).
 * Returns 0 with the file appended to out, or -1 (nothing appended). */
int font_subset_chars(const font_set *fs, int face, const uint32_t *cps, int n, buf *out);
/* The family name a face gives itself (name ID 1, English, as UTF-8 in a), or NULL when it
 * has none. Font files are input: the caller must sanitise it before writing it anywhere. */
const char *font_face_family(const font_set *fs, int face, arena *a);

/* Nonzero when a face's outlines are CFF (an OpenType .otf): libharu cannot embed those, so
 * the PDF writer makes their font objects itself (a CIDFontType0 with a FontFile3). */
int font_face_is_cff(const font_set *fs, int face);
/* What a PDF font descriptor says of a face: its bounding box (1/1000 em: xmin, ymin, xmax,
 * ymax, from the head table), italic angle (degrees) and whether it is fixed pitch. */
typedef struct font_desc {
    int bbox[4];
    double italic_angle;
    int fixed_pitch;
} font_desc;
font_desc font_face_desc(const font_set *fs, int face);
/* The code points font_shape has marked used in a face, ascending (*n of them; the caller
 * frees the array). */
uint32_t *font_used_chars(const font_set *fs, int face, int *n);
/* From a CFF face's subset (the OpenType file font_subset made, sfnt[0..len)): appends its
 * bare CFF program (the 'CFF ' table, for a PDF FontFile3 of subtype CIDFontType0C) to cff,
 * and writes to cids[i] the CID that draws cps[i] in a PDF CIDFontType0 of that program: the
 * glyph index for a name-keyed font, the charset's CID for a CID-keyed one (0, .notdef, for
 * a character the subset lacks); likewise to gcids[i] the CID of the glyph gids[i] (ngids of
 * them: glyphs drawn by id, whose ids the subset keeps). Returns 0, or -1 when the program
 * cannot be read (nothing appended). */
int font_cff_program(const void *sfnt, size_t len, const uint32_t *cps, int n, uint16_t *cids,
                     const int *gids, int ngids, uint16_t *gcids, buf *cff);

/* Adds installed faces (sysfont.h) for the characters of cps[0..n) that no face of fs draws,
 * after the fallbacks, so that a book in a script the bundled faces lack prints with no font
 * named. With verbose, says on it which face draws which script. Returns the faces added. */
int font_set_cover(font_set *fs, const uint32_t *cps, int n, const char *lang, FILE *verbose);

#endif
