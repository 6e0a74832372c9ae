/* sink.c: output sinks and anonymous temporaries (see sink.h). */
#define _GNU_SOURCE /* O_TMPFILE */
#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What is buffered before it is written to the temporary. */
#define SINK_CHUNK ((size_t)256 << 10)

int sink_tmpfd(void)
{
    const char *tmpdir = getenv("TMPDIR");
    const char *dir = tmpdir && *tmpdir ? tmpdir : "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
        char path[4096];
        snprintf(path, sizeof path, "%s/hanji-spool-XXXXXX", dir);
        fd = mkstemp(path);
        if (fd >= 0) {
            unlink(path);
            (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
    }
    return fd;
}

int sink_pwrite(int fd, const void *p, size_t n, off_t off)
{
    struct sigaction ign, old;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ign, &old);
    const char *c = p;
    int rc = 0;
    while (n) {
        ssize_t w = pwrite(fd, c, n, off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            rc = -1;
            break;
        }
        c += w;
        n -= (size_t)w;
        off += w;
    }
    int e = errno;
    sigaction(SIGXFSZ, &old, NULL);
    errno = e;
    return rc;
}

void sink_init(sink *s, int to_file)
{
    s->fd = to_file ? sink_tmpfd() : -1;
    s->mem = (buf)BUF_INIT;
    s->total = 0;
}

/* The temporary failed: everything goes to memory from now on, what it holds first. */
static void to_memory(sink *s)
{
    off_t have = s->total - (off_t)s->mem.len; /* on the temporary */
    buf all = BUF_INIT;
    buf_reserve(&all, (size_t)have + s->mem.len);
    off_t off = 0;
    while (off < have) {
        ssize_t r = pread(s->fd, all.data + off, (size_t)(have - off), off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break; /* unreadable: what stays missing makes the staged output short */
        off += r;
    }
    all.len = (size_t)off;
    if (all.data)
        all.data[all.len] = 0;
    buf_put(&all, s->mem.data ? s->mem.data : "", s->mem.len);
    buf_free(&s->mem);
    s->mem = all;
    close(s->fd);
    s->fd = -1;
}

void sink_flush(sink *s)
{
    if (s->fd < 0 || s->mem.len == 0)
        return;
    off_t at = s->total - (off_t)s->mem.len;
    if (sink_pwrite(s->fd, s->mem.data, s->mem.len, at) < 0) {
        to_memory(s);
        return;
    }
    buf_clear(&s->mem);
}

void sink_put(sink *s, const void *p, size_t n)
{
    buf_put(&s->mem, p, n);
    s->total += (off_t)n;
    if (s->fd >= 0 && s->mem.len >= SINK_CHUNK)
        sink_flush(s);
}

void sink_take(sink *s, buf *out)
{
    if (s->fd >= 0)
        to_memory(s);
    buf_free(out);
    *out = s->mem;
    s->mem = (buf)BUF_INIT;
    s->total = 0;
}

void sink_free(sink *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    buf_free(&s->mem);
    s->total = 0;
}
