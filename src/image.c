/* image.c: image decoding and validation (placeholder until the image module lands). */
#include "image.h"

image_info *image_load(arena *a, diag_ctx *d, const char *path, const char *rel, const char *file,
                       int line, int col)
{
    (void)a, (void)path;
    diag_report(d, D_IMAGE_BAD, file, line, col, rel, "images are not supported yet");
    return NULL;
}
