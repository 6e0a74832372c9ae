/* fuzz_highlight.c: libFuzzer target for syntax highlighting (hl_highlight): the input's first
 * line is the fence's info string (the language), the rest the code. The spans must be sorted,
 * apart, inside the code and of a known class. */
#include "highlight.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size > 256 * 1024)
        return -1;
    arena a;
    arena_init(&a);
    const char *text = (const char *)data;
    const char *nl = memchr(text, '\n', size);
    size_t il = nl ? (size_t)(nl - text) : size;
    char *info = arena_strndup(&a, text, il < 64 ? il : 64);
    const char *code = nl ? nl + 1 : text + size;
    size_t len = size - (size_t)(code - text);
    hl_span *sp;
    int n = hl_highlight(&a, info, code, len, &sp);
    uint32_t at = 0;
    for (int i = 0; i < n; i++) {
        if (sp[i].start < at || sp[i].end <= sp[i].start || sp[i].end > len ||
            sp[i].cls == HL_NONE || sp[i].cls >= HL_CLASS_COUNT)
            __builtin_trap();
        at = sp[i].end;
    }
    arena_free(&a);
    return 0;
}
