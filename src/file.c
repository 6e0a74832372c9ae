/* file.c: file reading and atomic replacement (see file.h). */
#define _GNU_SOURCE /* O_TMPFILE */
#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int file_read_max(arena *a, const char *path, size_t max, char **data, size_t *len)
{
    /* O_NONBLOCK: opening a FIFO for reading would wait for a writer (forever) */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        errno = S_ISDIR(st.st_mode) ? EISDIR : ENODEV;
        return -1;
    }
    if ((unsigned long long)st.st_size > max) {
        close(fd);
        errno = EFBIG;
        return -1;
    }
    size_t cap = (size_t)st.st_size, n = 0;
    char *p = arena_alloc(a, cap + 1);
    for (;;) {
        if (n == cap) {
            /* all the size said is read: one more byte tells the end from a file that grew
             * while we read it (or a pipe), without growing the block for nothing */
            char extra;
            ssize_t r = cap >= max ? 0 : read(fd, &extra, 1);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                if (r < 0) {
                    int e = errno;
                    close(fd);
                    errno = e;
                    return -1;
                }
                break;
            }
            size_t ncap = cap ? cap * 2 : 4096;
            if (ncap > max)
                ncap = max;
            p = arena_realloc(a, p, cap + 1, ncap + 1);
            cap = ncap;
            p[n++] = extra;
            continue;
        }
        ssize_t r = read(fd, p + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    p[n] = 0;
    *data = p;
    *len = n;
    return 0;
}

int file_read(arena *a, const char *path, char **data, size_t *len)
{
    return file_read_max(a, path, (size_t)1 << 30, data, len);
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Removes ".NAME.tmp-PID" temporaries in dir whose process is gone (killed between link and
 * rename). Only names of that exact shape, and only when no process PID exists. */
static void remove_stale_temps(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t nl = strlen(name);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (n[0] != '.' || strncmp(n + 1, name, nl) != 0 || strncmp(n + 1 + nl, ".tmp-", 5) != 0)
            continue;
        const char *digits = n + 1 + nl + 5;
        char *end;
        long pid = strtol(digits, &end, 10);
        if (*digits < '0' || *digits > '9' || *end || pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
            unlinkat(dirfd(d), n, 0);
    }
    closedir(d);
}

/* Signals whose default action ends the process: held back while a temporary has a name, so
 * an interrupt cannot leave it behind. */
static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    sigprocmask(SIG_BLOCK, &set, old);
}

/* Copies len bytes of src (from its start) to fd. */
static int copy_all(int fd, int src, off_t len)
{
    off_t in = 0;
    while (in < len) {
        ssize_t n = copy_file_range(src, &in, fd, NULL, (size_t)(len - in), 0);
        if (n > 0)
            continue;
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || errno == EXDEV || errno == EINVAL || errno == ENOSYS ||
            errno == EOPNOTSUPP) { /* no kernel copy here: by hand */
            char chunk[65536];
            while (in < len) {
                size_t want = len - in < (off_t)sizeof chunk ? (size_t)(len - in) : sizeof chunk;
                ssize_t r = pread(src, chunk, want, in);
                if (r < 0 && errno == EINTR)
                    continue;
                if (r <= 0) {
                    if (r == 0)
                        errno = EIO;
                    return -1;
                }
                if (write_all(fd, chunk, (size_t)r) < 0)
                    return -1;
                in += r;
            }
            return 0;
        }
        return -1;
    }
    return 0;
}

static int stage(file_staged *s, const char *path, const void *data, size_t len, int src,
                 off_t srclen);

int file_stage(file_staged *s, const char *path, const void *data, size_t len)
{
    return stage(s, path, data, len, -1, 0);
}

int file_stage_fd(file_staged *s, const char *path, int src, off_t len)
{
    return stage(s, path, NULL, 0, src, len);
}

static int stage(file_staged *s, const char *path, const void *data, size_t len, int src,
                 off_t srclen)
{
    char dir[PATH_MAX];
    s->fd = -1;
    s->named = 0;
    if (strlen(path) >= sizeof(s->path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(s->path, path);
    /* what would make the rename fail is found now, before any output of the build is
       replaced (a folder where the file goes) */
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return -1;
    }
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash) {
        size_t dl = (size_t)(slash - path);
        if (dl >= sizeof(dir)) {
            errno = ENAMETOOLONG;
            return -1;
        }
        memcpy(dir, path, dl);
        dir[dl] = 0;
        if (dl == 0)
            strcpy(dir, "/");
    } else {
        strcpy(dir, ".");
    }
    snprintf(s->tmp, sizeof(s->tmp), "%s/.%s.tmp-%ld", dir, base, (long)getpid());
    remove_stale_temps(dir, base);

    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    sigset_t old;
    int blocked = 0;
    if (fd < 0) {
        /* file system without O_TMPFILE: a named temporary, with signals held back until it
         * is gone again */
        block_signals(&old);
        blocked = 1;
        fd = open(s->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
            goto fail;
        s->named = 1;
    }
    s->fd = fd;
    /* at the size limit (ulimit -f) write() fails with EFBIG instead of SIGXFSZ killing us */
    struct sigaction ign, oldxfsz;
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ign, &oldxfsz);
    int r = src >= 0 ? copy_all(fd, src, srclen) : write_all(fd, data, len);
    int e = errno;
    sigaction(SIGXFSZ, &oldxfsz, NULL);
    errno = e;
    if (r < 0 || fsync(fd) < 0)
        goto fail;
    if (blocked)
        sigprocmask(SIG_SETMASK, &old, NULL);
    return 0;
fail:
    e = errno;
    file_discard(s);
    if (blocked)
        sigprocmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return -1;
}

int file_commit(file_staged *s)
{
    sigset_t old;
    block_signals(&old);
    if (!s->named) {
        char proc[64];
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", s->fd);
        unlink(s->tmp); /* a leftover from a process with our pid */
        if (linkat(AT_FDCWD, proc, AT_FDCWD, s->tmp, AT_SYMLINK_FOLLOW) < 0)
            goto fail;
        s->named = 1;
    }
    int fd = s->fd;
    s->fd = -1;
    if (close(fd) < 0)
        goto fail;
    if (rename(s->tmp, s->path) < 0)
        goto fail;
    s->named = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return 0;
fail : {
    int e = errno;
    file_discard(s);
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return -1;
}
}

void file_discard(file_staged *s)
{
    int e = errno;
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    if (s->named)
        unlink(s->tmp);
    s->named = 0;
    errno = e;
}

int file_write_atomic(const char *path, const void *data, size_t len)
{
    file_staged s;
    if (file_stage(&s, path, data, len) < 0)
        return -1;
    return file_commit(&s);
}

int file_inside(const char *root, const char *path)
{
    char rroot[PATH_MAX], rpath[PATH_MAX];
    if (!realpath(root, rroot) || !realpath(path, rpath))
        return -1;
    size_t n = strlen(rroot);
    if (n == 1 && rroot[0] == '/')
        return 1;
    return strncmp(rpath, rroot, n) == 0 && (rpath[n] == '/' || rpath[n] == 0);
}

int file_check_input(const char *root, const char *path, size_t max)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    if (!S_ISREG(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : ENODEV;
        return -1;
    }
    int in = file_inside(root, path);
    if (in < 0)
        return -1;
    if (!in) {
        errno = EXDEV;
        return -1;
    }
    if ((unsigned long long)st.st_size > max) {
        errno = EFBIG;
        return -1;
    }
    return 0;
}

const char *file_strerror(int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        return "not found";
    case EISDIR:
        return "it is a folder";
    case ENODEV:
        return "not a regular file";
    case EXDEV:
        return "it leads outside the project";
    case EFBIG:
        return "the file is too large";
    default:
        return strerror(err);
    }
}

int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int file_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int file_mkdirs(const char *path)
{
    char p[PATH_MAX];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(p)) {
        errno = n ? ENAMETOOLONG : ENOENT;
        return -1;
    }
    memcpy(p, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] == '/' || p[i] == 0) {
            char c = p[i];
            p[i] = 0;
            if (mkdir(p, 0755) < 0 && errno != EEXIST)
                return -1;
            p[i] = c;
        }
    }
    if (!file_is_dir(path)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

long long file_mtime(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    return (long long)st.st_mtime;
}

char *file_join(arena *a, const char *dir, const char *rel)
{
    if (rel[0] == '/')
        return arena_strdup(a, rel); /* absolute: file_normalize then says it leaves */
    if (!dir || !*dir || strcmp(dir, ".") == 0)
        return arena_strdup(a, rel);
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    return arena_printf(a, "%.*s/%s", (int)dl, dir, rel);
}

char *file_normalize(arena *a, const char *path)
{
    size_t n = strlen(path);
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    const char *p = path;
    if (*p == '/')
        return NULL; /* absolute: not inside the project */
    while (*p) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* skip */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (o == 0)
                return NULL;
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--; /* the slash */
        } else {
            if (o > 0)
                out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p += len;
        if (*p == '/')
            p++;
    }
    out[o] = 0;
    return out;
}

char *file_dirname(arena *a, const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? arena_strndup(a, path, (size_t)(s - path)) : arena_strdup(a, "");
}

const char *file_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 32;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *file_pct_decode(arena *a, const char *s, size_t n)
{
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int h, l;
        if (s[i] == '%' && i + 2 < n && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
            (l = hexval((unsigned char)s[i + 2])) >= 0) {
            out[o++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = 0;
    return out;
}
