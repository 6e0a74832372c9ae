/* main.c: the hanji command line (placeholder; the real one comes with build.c). */
#include "hanji.h"
#include <stdio.h>

int main(void)
{
    puts("hanji " HANJI_VERSION);
    return 0;
}
