/* test_font.c: loading the bundled faces, fallback per character, kerning, /W widths,
 * missing-glyph reports, bad fonts in the project, and subsetting. */
#include "buf.h"
#include "file.h"
#include "font.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

static arena A;

static int copy_file(const char *from, const char *to)
{
    char *data;
    size_t len;
    if (file_read(&A, from, &data, &len) < 0)
        return -1;
    FILE *f = fopen(to, "wb");
    if (!f)
        return -1;
    fwrite(data, 1, len, f);
    fclose(f);
    return 0;
}

/* font_locate_fn for the tests: U+1F600 one column after its node's place, others two */
static int locate_stub(void *ud, const char *file, int *line, int *col, uint32_t cp)
{
    (void)ud;
    (void)file;
    (void)line;
    *col += cp == 0x1F600 ? 1 : 2;
    return 0;
}

static void test_defaults(void)
{
    diag_ctx d;
    diag_init(&d, NULL);
    font_set *fs = font_set_load(&A, &d, NULL, "/nonexistent");
    CHECK(fs != NULL);
    if (!fs)
        return;
    CHECK_INT(d.errors, 0);
    CHECK_INT(font_face_count(fs), 6);
    CHECK_STR(font_face_name(fs, font_style_face(fs, FONT_REGULAR)), "NotoSerif-Regular");
    CHECK_STR(font_face_name(fs, font_style_face(fs, FONT_BOLD_ITALIC)), "NotoSerif-BoldItalic");
    CHECK_STR(font_face_name(fs, font_style_face(fs, FONT_MONO)), "NotoSansMono-Regular");
    font_metrics m = font_face_metrics(fs, 0);
    CHECK(m.ascender > 900 && m.ascender < 1200);
    CHECK(m.descender < -200 && m.descender > -400);
    CHECK(m.x_height > 400 && m.x_height < m.cap_height);
    /* /W widths as libharu 2.3.0 writes them (checked against HPDF_Font_GetUnicodeWidth) */
    CHECK_INT(font_pdf_width(fs, 0, 'A'), 705);
    CHECK_INT(font_pdf_width(fs, font_style_face(fs, FONT_MONO), 'i'), 600);

    /* fallback per character: Hamhung with the breve from Noto, Hangul from Nanum */
    const char *t = "Hamh\xC5\xADng (\xED\x95\xA8\xED\x9D\xA5)";
    for (int st = 0; st < FONT_STYLE_COUNT; st++) {
        font_glyph *g;
        int n = font_shape(fs, &A, (font_style)st, 10, t, strlen(t), &g);
        CHECK_INT(n, 12);
        int sf = font_style_face(fs, (font_style)st);
        CHECK_INT(g[4].cp, 0x16D);
        CHECK_INT(g[4].face, sf);
        CHECK_INT(g[9].cp, 0xD568);
        CHECK(g[9].face != sf && strstr(font_face_path(fs, g[9].face), "NanumMyeongjo"));
        CHECK_INT(g[11].face, sf);
        CHECK_INT(g[9].cluster, 10);
        for (int i = 1; i < n; i++)
            CHECK(g[i].x > g[i - 1].x);
    }

    /* kerning: "AV" and "To" set closer than their nominal widths; ligatures off */
    font_glyph *g;
    int n = font_shape(fs, &A, FONT_REGULAR, 10, "AV", 2, &g);
    CHECK_INT(n, 2);
    CHECK(g[0].advance < font_pdf_width(fs, 0, 'A') * 10 / 1000.0f - 0.1f);
    n = font_shape(fs, &A, FONT_REGULAR, 10, "To", 2, &g);
    CHECK(g[0].advance < font_pdf_width(fs, 0, 'T') * 10 / 1000.0f - 0.05f);
    n = font_shape(fs, &A, FONT_REGULAR, 10, "HH", 2, &g);
    CHECK(g[0].advance == font_pdf_width(fs, 0, 'H') * 10 / 1000.0f);
    n = font_shape(fs, &A, FONT_REGULAR, 10, "office", 6, &g);
    CHECK_INT(n, 6); /* no "ffi" ligature */
    CHECK_INT(g[1].cp, 'f');
    CHECK_INT(g[2].cp, 'f');
    /* soft hyphens dropped */
    n = font_shape(fs, &A, FONT_REGULAR, 10,
                   "a\xC2\xAD"
                   "b",
                   4, &g);
    CHECK_INT(n, 2);
    CHECK_INT(g[1].cluster, 3);

    /* nothing missing so far */
    diag_ctx d2;
    diag_init(&d2, NULL);
    font_report_missing(fs, &d2, NULL, NULL);
    CHECK_INT(d2.warnings, 0);

    /* characters no face has: one warning listing them with their first locations */
    n = font_shape(fs, &A, FONT_REGULAR, 10,
                   "a\xF0\x9F\x98\x80"
                   "b\xEA\xAA\x80",
                   9, &g);
    CHECK_INT(n, 4);
    /* beyond the BMP it is set as U+FFFD, which pdf.c draws: the width laid out is the width
     * drawn, so the pen does not run past the space after it (issue 13) */
    CHECK_INT(g[1].cp, 0xFFFD);
    CHECK_INT(g[1].face, 0);
    CHECK(fabs(g[1].advance - font_pdf_width(fs, 0, 0xFFFD) * 10 / 1000.0) < 0.01);
    CHECK_INT(g[3].cp, 0xAA80); /* in the BMP: drawn as it is (the font's .notdef) */
    font_note_location(fs, "book/one.md", 3, 7);
    n = font_shape(fs, &A, FONT_ITALIC, 10, "\xF0\x9F\x98\x80", 4, &g);
    font_note_location(fs, "book/two.md", 9, 1);
    char *msg = NULL;
    size_t msglen = 0;
    FILE *mf = open_memstream(&msg, &msglen);
    diag_init(&d2, mf);
    font_report_missing(fs, &d2, NULL, NULL);
    fclose(mf);
    CHECK_INT(d2.warnings, 1);
    CHECK(strstr(msg, "U+1F600") && strstr(msg, "U+AA80"));
    CHECK(strstr(msg, "book/one.md:3:7"));
    CHECK(!strstr(msg, "book/two.md"));
    free(msg);
    /* with a locate function: each character's own place; the warning at the first's */
    msg = NULL;
    mf = open_memstream(&msg, &msglen);
    diag_init(&d2, mf);
    font_report_missing(fs, &d2, locate_stub, NULL);
    fclose(mf);
    CHECK(strncmp(msg, "book/one.md:3:8: warning: ", 26) == 0);
    CHECK(strstr(msg, "U+AA80 '\xEA\xAA\x80' (book/one.md:3:9)"));
    CHECK(strstr(msg, "; no installed font has") || strstr(msg, "which hanji cannot use"));
    free(msg);

    /* subsetting: small, and loadable again (through our own validation) with the used
     * characters present */
    const char *text = "The quick brown fox jumps over the lazy dog AVA";
    font_shape(fs, &A, FONT_REGULAR, 10, text, strlen(text), &g);
    buf b = BUF_INIT;
    CHECK_INT(font_subset(fs, 0, &b), 0);
    long full = 0;
    FILE *ff = fopen(font_face_path(fs, 0), "rb");
    if (ff) {
        fseek(ff, 0, SEEK_END);
        full = ftell(ff);
        fclose(ff);
    }
    CHECK(b.len > 1000 && (long)b.len * 10 < full);
    char dir[] = "/tmp/hanji-font-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *fonts = arena_printf(&A, "%s/fonts", dir);
    file_mkdirs(fonts);
    char *sub = arena_printf(&A, "%s/Sub.ttf", fonts);
    CHECK_INT(file_write_atomic(sub, b.data, b.len), 0);
    buf_free(&b);
    /* a Hangul subset too (the fallback face) */
    CHECK_INT(font_subset(fs, font_face_count(fs) - 1, &b), 0);
    CHECK(b.len > 100 && b.len < 100000);
    buf_free(&b);

    config c;
    config_defaults(&c);
    c.font_body.value = "Sub.ttf";
    c.font_body.line = 4;
    c.font_body.col = 9;
    diag_ctx d3;
    diag_init(&d3, NULL);
    font_set *fs2 = font_set_load(&A, &d3, &c, dir);
    CHECK(fs2 != NULL);
    CHECK_INT(d3.errors, 0);
    if (fs2) {
        CHECK(strstr(font_face_path(fs2, 0), "Sub.ttf") != NULL);
        CHECK_STR(font_face_name(fs2, 0), "NotoSerif-Regular");
        n = font_shape(fs2, &A, FONT_REGULAR, 10, text, strlen(text), &g);
        for (int i = 0; i < n; i++)
            CHECK_INT(g[i].face, 0);
        CHECK_INT(font_pdf_width(fs2, 0, 'A'), 705);
        /* kerning survives subsetting */
        n = font_shape(fs2, &A, FONT_REGULAR, 10, "AV", 2, &g);
        CHECK(g[0].advance < 7.05f - 0.1f);
        font_report_missing(fs2, &d3, NULL, NULL);
        CHECK_INT(d3.warnings, 0);
        font_set_free(fs2);
    }
    unlink(sub);
    rmdir(fonts);
    rmdir(dir);
    font_set_free(fs);
}

static void test_bad_fonts(void)
{
    char dir[] = "/tmp/hanji-font-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *fonts = arena_printf(&A, "%s/fonts", dir);
    file_mkdirs(fonts);
    char *cff = arena_printf(&A, "%s/Fancy.otf", fonts);
    char *trunc = arena_printf(&A, "%s/Broken.ttf", fonts);
    char *junk = arena_printf(&A, "%s/Junk.ttf", fonts);
    CHECK_INT(copy_file("fixtures/fonts/fake-cff.otf", cff), 0);
    CHECK_INT(copy_file("fixtures/fonts/truncated.ttf", trunc), 0);
    CHECK_INT(file_write_atomic(junk, "hello, I am not a font", 22), 0);
    config c;
    config_defaults(&c);
    c.font_body = (config_str){"Fancy.otf", 5, 9};
    c.font_italic = (config_str){"Broken.ttf", 6, 11};
    c.font_bold = (config_str){"Junk.ttf", 7, 9};
    c.font_mono = (config_str){"Nowhere.ttf", 8, 9};
    static config_str fb[2] = {{"Junk.ttf", 10, 5}, {"NotThere.ttf", 11, 5}};
    c.font_fallback = fb;
    c.nfont_fallback = 2;
    char *msg = NULL;
    size_t msglen = 0;
    FILE *mf = open_memstream(&msg, &msglen);
    diag_ctx d;
    diag_init(&d, mf);
    font_set *fs = font_set_load(&A, &d, &c, dir);
    fclose(mf);
    CHECK(fs != NULL);
    CHECK_INT(d.errors, 6);
    CHECK(strstr(msg, "book/book.yaml:5:9: error: font 'fonts/Fancy.otf' cannot be used") != NULL);
    /* a CFF font is read like a TrueType one (pdf.c embeds it); this one is 20 bytes long */
    CHECK(strstr(msg, "fonts/Fancy.otf' cannot be used: the font tables are damaged") != NULL);
    CHECK(strstr(msg, "book/book.yaml:6:11:") != NULL);
    CHECK(strstr(msg, "book/book.yaml:8:9:") && strstr(msg, "not found"));
    if (fs) {
        /* the bundled faces stand in */
        CHECK_STR(font_face_name(fs, font_style_face(fs, FONT_REGULAR)), "NotoSerif-Regular");
        CHECK_STR(font_face_name(fs, font_style_face(fs, FONT_ITALIC)), "NotoSerif-Italic");
        CHECK_STR(font_face_name(fs, font_style_face(fs, FONT_MONO)), "NotoSansMono-Regular");
        /* the book's fallbacks add to the bundled one: it stays when theirs are unusable */
        CHECK_INT(font_face_count(fs), 6);
        font_glyph *g;
        int n = font_shape(fs, &A, FONT_REGULAR, 10, "\xED\x95\xA8", 3, &g);
        CHECK_INT(n, 1);
        CHECK(n == 1 && !strcmp(font_face_name(fs, g[0].face), "NanumMyeongjo"));
        /* a character no face has */
        n = font_shape(fs, &A, FONT_REGULAR, 10, "\xF0\x9D\x84\x9E", 4, &g); /* U+1D11E */
        diag_ctx d2;
        diag_init(&d2, NULL);
        font_report_missing(fs, &d2, NULL, NULL);
        CHECK_INT(d2.warnings, 1);
        font_set_free(fs);
    }
    free(msg);
    unlink(cff);
    unlink(trunc);
    unlink(junk);
    rmdir(fonts);
    rmdir(dir);
}

/* Characters none of the book's faces has come from the installed fonts (fontconfig), a face
 * per script, after the fallbacks; characters they have, or no installed face has, add none. */
static void test_cover(void)
{
    diag_ctx d;
    diag_init(&d, NULL);
    font_set *fs = font_set_load(&A, &d, NULL, "/nonexistent");
    CHECK(fs != NULL);
    if (!fs)
        return;
    int before = font_face_count(fs);
    static const uint32_t latin[] = {'a', 0x0103, 0xD568}; /* a, a breve, Hangul: bundled */
    CHECK_INT(font_set_cover(fs, latin, 3, "en", NULL), 0);
    CHECK_INT(font_face_count(fs), before);
    /* private use: never from an installed face (TeX Gyre's .otf files have glyphs there) */
    static const uint32_t pua[] = {0xE000, 0xE001, 0xF0000};
    CHECK_INT(font_set_cover(fs, pua, 3, "en", NULL), 0);
    /* Thai and Hebrew: setup.sh installs fonts-noto-core, which has both */
    static const uint32_t other[] = {0x05D0, 0x05D1, 0x0E01, 0x0E02, 0x10FFFD};
    int added = font_set_cover(fs, other, 5, "en", NULL);
    CHECK_INT(added, 2);
    CHECK_INT(font_face_count(fs), before + added);
    font_glyph *g;
    int n = font_shape(fs, &A, FONT_REGULAR, 10, "\xE0\xB8\x81", 3, &g); /* U+0E01 */
    CHECK(n == 1 && g[0].face >= before);
    font_set_free(fs);
}

/* A face with CFF outlines (EB Garamond, name-keyed; Noto Serif CJK, CID-keyed, the first face
 * of a collection), when the Debian packages setup.sh installs are there: loaded, subset, and
 * its CFF program's CIDs are the subset's glyphs (name-keyed) or its charset's CIDs. */
static void test_cff(void)
{
    static const struct {
        const char *path;
        int cid_keyed;
    } faces[] = {
        {"/usr/share/fonts/opentype/ebgaramond/EBGaramond12-Regular.otf", 0},
        {"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 1},
    };
    for (size_t i = 0; i < sizeof faces / sizeof faces[0]; i++) {
        if (access(faces[i].path, R_OK) != 0) {
            printf("# skipped: %s is not installed\n", faces[i].path);
            continue;
        }
        char dir[] = "/tmp/hanji-font-XXXXXX";
        CHECK(mkdtemp(dir) != NULL);
        char *fonts = arena_printf(&A, "%s/fonts", dir);
        file_mkdirs(fonts);
        char *copy = arena_printf(&A, "%s/face.otf", fonts);
        CHECK_INT(copy_file(faces[i].path, copy), 0);
        config c;
        config_defaults(&c);
        c.font_body = (config_str){"face.otf", 3, 9};
        diag_ctx d;
        diag_init(&d, NULL);
        font_set *fs = font_set_load(&A, &d, &c, dir);
        CHECK(fs != NULL);
        CHECK_INT(d.errors, 0);
        int f = fs ? font_style_face(fs, FONT_REGULAR) : -1;
        CHECK(fs && font_face_is_cff(fs, f));
        CHECK(fs && !font_face_is_cff(fs, font_style_face(fs, FONT_MONO)));
        if (fs && font_face_is_cff(fs, f)) {
            /* "Ag" and, in the CJK face, U+732B; U+0E01 (Thai) is in neither */
            const char *t = faces[i].cid_keyed ? "Ag \xE7\x8C\xAB" : "Ag";
            font_glyph *g;
            int n = font_shape(fs, &A, FONT_REGULAR, 10, t, strlen(t), &g);
            CHECK(n >= 2 && g[0].face == f && g[1].face == f && g[0].advance > 0);
            buf sub = BUF_INIT, prog = BUF_INIT;
            CHECK_INT(font_subset(fs, f, &sub), 0);
            CHECK(sub.len > 4 && !memcmp(sub.data, "OTTO", 4));
            int nu = 0;
            uint32_t *cps = font_used_chars(fs, f, &nu);
            uint32_t ask[8];
            int na = 0;
            for (int k = 0; k < nu && na < 6; k++)
                ask[na++] = cps[k];
            ask[na++] = 0x0E01;
            uint16_t cids[8];
            CHECK_INT(font_cff_program(sub.data, sub.len, ask, na, cids, NULL, 0, NULL, &prog), 0);
            CHECK(prog.len > 4 && prog.data[0] == 1); /* a CFF header, version 1 */
            CHECK_INT(cids[na - 1], 0);               /* the subset lacks it: .notdef */
            for (int k = 0; k + 1 < na; k++) {
                CHECK(cids[k] != 0);
                for (int m = 0; m < k; m++)
                    CHECK(cids[m] != cids[k]);
            }
            if (!faces[i].cid_keyed) /* glyph ids of a subset of 4 glyphs and .notdef */
                for (int k = 0; k + 1 < na; k++)
                    CHECK(cids[k] < 8);
            else /* Source Han's CIDs are its glyph ids: far beyond the subset's */
                CHECK(cids[na - 2] > 1000);
            CHECK_INT(font_cff_program("junk", 4, ask, na, cids, NULL, 0, NULL, &prog), -1);
            free(cps);
            buf_free(&sub);
            buf_free(&prog);
        }
        font_set_free(fs);
        unlink(copy);
        rmdir(fonts);
        rmdir(dir);
    }
}

int main(void)
{
    arena_init(&A);
    test_defaults();
    test_bad_fonts();
    test_cover();
    test_cff();
    arena_free(&A);
    return tap_done();
}
