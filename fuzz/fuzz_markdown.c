/* fuzz_markdown.c: libFuzzer target for a chapter's Markdown through the whole pipeline in
 * memory: md_parse_chapter -> docpass_run -> doc_check -> page_layout_book -> pdf_write and
 * epub_write. Form feeds in the input split it into up to three chapters (cross-chapter links
 * and ids); every image resolves to one small PNG so figures get laid out too. */
#include "common.h"

static arena fz_arena;     /* lives for the whole run */
static font_set *fz_fonts; /* loaded once: loading fonts is slow and not what we fuzz here */
static const config *fz_cfg;
static const image_info *fz_img;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fz_img = fz_setup_image(&fz_arena, &fz_cfg, &fz_fonts);
    return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size > FZ_MAX_INPUT)
        return -1;
    fz_build((const char *)data, size, fz_fonts, fz_img, fz_cfg);
    return 0;
}
