/* fuzz_image.c: libFuzzer target for image decoding (image_load_mem): PNG, JPEG, GIF, WebP
 * and SVG (make-corpus.sh seeds each from tests/fixtures/images). An image that loads is then
 * put in a one-figure book and written to PDF and EPUB, because libharu reads JPEG headers
 * itself and must never see one that makes it fail. */
#include "common.h"

static arena fz_arena;
static font_set *fz_fonts;
static const config *fz_cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fz_setup(&fz_arena, &fz_cfg, &fz_fonts);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size > 256 * 1024)
        return -1;
    arena a;
    arena_init(&a);
    diag_ctx d;
    diag_init(&d, NULL);
    /* the name decides nothing: image.c goes by the bytes */
    const char *rel = size > 1 && data[0] == 0xFF ? "images/x.jpg" : "images/x.png";
    image_info *img = image_load_mem(&a, &d, data, size, rel, "book/a.md", 1, 1);
    if (img) {
        static const char md[] = "# Image\n\n![A figure](../images/x.png)\n\nText.\n";
        fz_build(md, sizeof(md) - 1, fz_fonts, img, fz_cfg);
    }
    arena_free(&a);
    return 0;
}
