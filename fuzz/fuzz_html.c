/* fuzz_html.c: libFuzzer target for raw HTML in a chapter (html.c, gumbo) through the whole
 * pipeline. The input up to the first form feed is an HTML block (after "<div>", so cmark
 * takes it as one), the rest inline HTML in a paragraph, around a Markdown paragraph and a
 * list: both of html.c's modes, with placeholders for Markdown nodes between the pieces. */
#include "common.h"

static arena fz_arena;
static font_set *fz_fonts;
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
    const char *s = (const char *)data;
    const char *ff = memchr(s, '\f', size);
    size_t n1 = ff ? (size_t)(ff - s) : size, n2 = ff ? size - n1 - 1 : 0;
    buf b = BUF_INIT;
    buf_puts(&b, "# HTML\n\n<div>\n");
    buf_put(&b, s, n1);
    buf_puts(&b, "\n\nA *Markdown* paragraph[^n] in between.\n\n- an item\n\n</div>\n\nText ");
    buf_put(&b, ff ? ff + 1 : "", n2);
    buf_puts(&b, " *emphasis* `code` end.\n\n[^n]: A note <sup>2</sup>.\n");
    fz_build(buf_cstr(&b), b.len, fz_fonts, fz_img, fz_cfg);
    buf_free(&b);
    return 0;
}
