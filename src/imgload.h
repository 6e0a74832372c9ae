/* imgload.h: finding and loading the book's images (the cover and every image the chapters
 * refer to). Every image is decoded in full to validate it, which can take longer than setting
 * the text; the text needs only each image's size. So a build without a session cache looks
 * at each header first (image_probe) and decodes on a second thread while the caller goes on;
 * imgload_finish waits for it. The only user of threads.
 *
 * What the caller sees is what loading everything in order would give: the same image_info
 * records (completed by imgload_finish), the same messages in the order of the references
 * (held back until imgload_finish when decoding went on in the background), and doc nodes
 * whose image cannot be used lose their path. */
#ifndef HANJI_IMGLOAD_H
#define HANJI_IMGLOAD_H

#include "book.h"
#include "cache.h"
#include "project.h"

typedef struct imgload imgload;

/* Starts loading into b->images (and b->cover). With a session cache c, or when a reference
 * already failed, everything is done before it returns, in order; with threads < 2 (a build on
 * one thread) the images are decoded before it returns, as the second thread would. Never
 * NULL. */
imgload *imgload_start(book *b, cache *c, const project *p, int threads);
/* Nonzero while decoding goes on in the background: messages the caller reports until
 * imgload_finish should be held back and printed after the images' (and dropped if the images
 * failed, since the build stops there). */
int imgload_pending(const imgload *il);
/* Waits for the decoding, reports the messages held back to b->diag in the order of the
 * references and completes every image_info (their memory joins b->arena). Frees il. */
void imgload_finish(imgload *il);

#endif
