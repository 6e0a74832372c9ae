/* sink.h: where a writer puts an output file: a temporary file with no name (so a book's PDF
 * and EPUB need not be held in memory until they are staged, issue 16), or memory. Writing is
 * buffered. A temporary that cannot be made or written (no TMPDIR, a full disk, ulimit -f)
 * falls back to memory with what was written so far, so a sink never fails: what cannot be
 * written shows when the output is staged (file.h), with that output's name, as before.
 * Also the anonymous temporaries other modules spool to (sink_tmpfd). */
#ifndef HANJI_SINK_H
#define HANJI_SINK_H

#include "buf.h"

#include <sys/types.h>

typedef struct sink {
    int fd;      /* the temporary, or -1: in memory */
    buf mem;     /* in memory: everything; with a temporary: what is not yet written */
    off_t total; /* bytes put */
} sink;

/* A sink on a new temporary (to_file) or in memory (!to_file). */
void sink_init(sink *s, int to_file);
void sink_put(sink *s, const void *p, size_t n);
/* Writes what is buffered to the temporary (or falls back to memory). */
void sink_flush(sink *s);
/* Moves everything put into out (replacing its contents) and ends the sink. */
void sink_take(sink *s, buf *out);
void sink_free(sink *s);

/* An anonymous read-write temporary file in TMPDIR (or /tmp): O_TMPFILE, or a named one
 * unlinked at once; -1 with errno when none can be made. */
int sink_tmpfd(void);
/* Writes all of p to fd at off (pwrite), with SIGXFSZ ignored meanwhile so that a file size
 * limit is an error (EFBIG), not the end of the process. 0, or -1 with errno. */
int sink_pwrite(int fd, const void *p, size_t n, off_t off);

#endif
