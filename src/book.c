/* book.c: what one build knows about the book (see book.h): finding its images. */
#include "book.h"

#include <string.h>

const image_info *book_image(const book *b, const char *path)
{
    for (int i = 0; i < b->nimages; i++)
        if (strcmp(b->images[i]->path, path) == 0)
            return b->images[i];
    return NULL;
}
