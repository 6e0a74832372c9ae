/* fuzz_config.c: libFuzzer target for book.yaml: config_parse then config_finish, and the
 * length and page-size parsers on the raw input. */
#include "config.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size > 64 * 1024)
        return -1;
    arena a;
    arena_init(&a);
    diag_ctx d;
    diag_init(&d, NULL);
    config c;
    config_defaults(&c);
    config_parse(&a, &d, (const char *)data, size, "book/book.yaml", &c);
    config_finish(&a, &c);
    /* the helpers take NUL-terminated strings */
    char *s = arena_strndup(&a, (const char *)data, size < 256 ? size : 256);
    double w, h;
    config_length(s);
    config_page_size(s, &w, &h);
    config_slug(&a, s);
    arena_free(&a);
    return 0;
}
