/* file.h: reading whole files and replacing output files atomically.
 * Outputs are written to an unnamed temporary file in the destination folder (O_TMPFILE),
 * synced, given a temporary name and renamed over the destination, so an interrupted or
 * failed build leaves the previous file intact and (even under kill -9) no temporary behind. */
#ifndef HANJI_FILE_H
#define HANJI_FILE_H

#include "arena.h"

#include <sys/types.h>

/* Reads path into arena memory (NUL-terminated). Returns 0, or -1 with errno set. Only a
 * regular file is read (anything else fails with ENODEV; it is opened with O_NONBLOCK, so a
 * FIFO never blocks), and a directory fails with EISDIR. */
int file_read(arena *a, const char *path, char **data, size_t *len);
/* Like file_read but with at most max bytes; larger files fail with EFBIG. */
int file_read_max(arena *a, const char *path, size_t max, char **data, size_t *len);
/* Replaces path with data. Returns 0, or -1 with errno set (path untouched). Equivalent to
 * file_stage then file_commit. */
int file_write_atomic(const char *path, const void *data, size_t len);

/* A replacement in two steps, so that several outputs are all written before any is replaced
 * (a full disk then leaves every previous output in place):
 *   file_stage   writes and syncs data in an unnamed temporary in path's folder; path is not
 *                touched. Returns 0, or -1 with errno set (nothing left behind).
 *   file_commit  puts the staged file in place of path (link, then rename over). Returns 0,
 *                or -1 with errno set (path untouched). Signals that end the process (SIGINT,
 *                SIGTERM, SIGHUP, SIGQUIT) are held back while the temporary has a name.
 *   file_discard drops a staged file that will not be committed.
 * A file that reaches its size limit (ulimit -f) fails with EFBIG rather than killing the
 * process. Temporaries left by a process that was killed (kill -9) in the instant between
 * link and rename are removed by the next file_stage in that folder. */
typedef struct file_staged {
    int fd;    /* the temporary; -1 when none */
    int named; /* the temporary has a name on disk (no O_TMPFILE, or linked) */
    char path[4096];
    char tmp[4096 + 64];
} file_staged;
int file_stage(file_staged *s, const char *path, const void *data, size_t len);
/* file_stage of the first len bytes of the file open as src (an output written to a temporary,
 * sink.h), copied by the kernel where it can. */
int file_stage_fd(file_staged *s, const char *path, int src, off_t len);
int file_commit(file_staged *s);
void file_discard(file_staged *s);
/* The input policy for every file a project names (SECURITY.md): path, on disk, must be a
 * regular file of at most max bytes whose real path (symbolic links resolved) lies inside the
 * folder root. Returns 0, or -1 with errno: ENOENT or ENOTDIR (missing), EISDIR, ENODEV (not
 * a regular file: a FIFO, a device), EXDEV (leads outside root), EFBIG (over max). */
int file_check_input(const char *root, const char *path, size_t max);
/* Words for the errno values of file_check_input and file_read_max ("leads outside the
 * project", "not a regular file", ...), strerror's for the others. */
const char *file_strerror(int err);
/* Whether the real path of path (which must exist) lies inside the real path of root: 1 yes,
 * 0 no, -1 with errno when either cannot be resolved. */
int file_inside(const char *root, const char *path);
int file_exists(const char *path);
int file_is_dir(const char *path);
/* Creates a folder and its parents. Returns 0, or -1 with errno set. */
int file_mkdirs(const char *path);
/* Modification time (seconds since the epoch), or -1. */
long long file_mtime(const char *path);
/* Joins a folder and a relative path with one '/'. An absolute rel is returned as it is (so
 * file_normalize refuses it as leaving the project, rather than finding it under dir). */
char *file_join(arena *a, const char *dir, const char *rel);
/* Lexically normalises a relative path ("a/./b/../c" -> "a/c"). Returns NULL when it climbs
 * above its start ("../x"), which callers treat as leaving the project. */
char *file_normalize(arena *a, const char *path);
/* The folder part of a relative path ("book/a.md" -> "book"; "a.md" -> ""). */
char *file_dirname(arena *a, const char *path);
/* The last component of a path. */
const char *file_basename(const char *path);
/* s[0..n) with its %XX escapes decoded (a local path in a link: "my%20file.md"); a '%' not
 * followed by two hex digits stays. Allocated in a, NUL-terminated. */
char *file_pct_decode(arena *a, const char *s, size_t n);

#endif
