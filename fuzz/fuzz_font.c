/* fuzz_font.c: libFuzzer target for font loading. The input is written to a file in a
 * private temporary project (fonts are only ever read from files) and named as every style
 * of the book; then a short book with Latin, accented and Korean text is typeset and written
 * to PDF, so the face goes through HarfBuzz (validation, metrics, shaping, subsetting) and
 * through libharu's TrueType reader, or for CFF outlines (an .otf) through pdf.c's own font
 * objects and font.c's reading of the subset's CFF program. A face that fails falls back to
 * the bundled fonts. */
#include "common.h"

#include <unistd.h>

static arena fz_arena;
static config *fz_cfg;
static char fz_dir[64];
static char fz_path[96];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void fz_cleanup(void)
{
    unlink(fz_path);
    char fonts[80];
    snprintf(fonts, sizeof(fonts), "%s/fonts", fz_dir);
    rmdir(fonts);
    rmdir(fz_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    arena_init(&fz_arena);
    fz_cfg = fz_config(&fz_arena);
    config_str f = {"f.ttf", 1, 1};
    fz_cfg->font_body = fz_cfg->font_italic = fz_cfg->font_bold = fz_cfg->font_bold_italic = f;
    fz_cfg->font_mono = f;
    fz_cfg->font_fallback = &fz_cfg->font_body;
    fz_cfg->nfont_fallback = 1;
    snprintf(fz_dir, sizeof(fz_dir), "/tmp/hanji-fuzz-font-XXXXXX");
    if (!mkdtemp(fz_dir))
        abort();
    char fonts[80];
    snprintf(fonts, sizeof(fonts), "%s/fonts", fz_dir);
    if (file_mkdirs(fonts) < 0)
        abort();
    snprintf(fz_path, sizeof(fz_path), "%s/f.ttf", fonts);
    atexit(fz_cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size > 512 * 1024)
        return -1;
    FILE *f = fopen(fz_path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    arena a;
    arena_init(&a);
    diag_ctx d;
    diag_init(&d, NULL);
    font_set *fs = font_set_load(&a, &d, fz_cfg, fz_dir);
    /* a refused face was replaced by the bundled fonts: typesetting with those teaches the
     * fuzzer nothing about this input */
    if (fs && d.errors == 0) {
        static const char md[] = "# Font\n\nAbc *ital* **bold** `mono` fi ff — “quotes” é ñ ß "
                                 "한국어 1234.\n";
        fz_build(md, sizeof(md) - 1, fs, NULL, fz_cfg);
    }
    font_set_free(fs);
    arena_free(&a);
    return 0;
}
