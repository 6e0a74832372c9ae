/* watch.c: `hanji watch` (see watch.h): an inotify loop that turns bursts of file events into
 * rebuilds of a build session.
 *
 * Design: one inotify descriptor and one signalfd (SIGINT and SIGTERM are blocked, so they are
 * only ever seen between builds and a build always finishes writing) are polled together. Watches
 * are (re)created by walking book/, images/ and fonts/ before every build: inotify_add_watch is
 * idempotent, so folders that appeared since (or a folder deleted and created again) are picked
 * up without tracking IN_CREATE|IN_ISDIR by hand. The project folder itself is watched for those
 * three names only. Coalescing: an event arms a deadline; more events push it back; the build
 * starts once the deadline passes quietly. The quiet period is short after an event that ends a
 * save (IN_CLOSE_WRITE, IN_MOVED_TO: the file is complete), longer after one that may be the
 * middle of one (IN_MODIFY, IN_CREATE), and longest after a file went away (IN_DELETE,
 * IN_MOVED_FROM): editors that save by renaming move the old file away before writing the new
 * one, and a build in between would only report a missing chapter. */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Quiet time before a rebuild after an event that completes a file (ms). */
#define QUIET_AFTER_SAVE_MS 15
/* Quiet time after an event that may be part of a longer sequence (ms). */
#define QUIET_MS 75
/* Quiet time after a file was deleted or moved away: usually the first step of a save (ms). */
#define QUIET_AFTER_REMOVE_MS 300
/* A rebuild starts at the latest this long after the first event of a burst, even if events
 * keep coming (a long copy into images/, say) (ms). */
#define MAX_WAIT_MS 2000

#define WATCH_MASK                                                                                 \
    (IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |            \
     IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
#define ROOT_MASK (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ONLYDIR)

static const char *const source_dirs[] = {"book", "images", "fonts"};

typedef struct watcher {
    int ifd;
    int root_wd;
    char outdir_real[PATH_MAX]; /* events under the output folder are ours: never watched */
    int have_outdir;
} watcher;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int watch_ignored_name(const char *name)
{
    static const char *const suffixes[] = {".swp", ".swx", ".swo", ".tmp", ".bak", ".part"};
    size_t len = strlen(name);
    if (len == 0 || name[0] == '.' || name[0] == '#' || name[len - 1] == '~')
        return 1;
    size_t digits = strspn(name, "0123456789");
    if (digits == len)
        return 1;
    for (size_t i = 0; i < HJ_ARRAY_LEN(suffixes); i++) {
        size_t n = strlen(suffixes[i]);
        if (len > n && strcmp(name + len - n, suffixes[i]) == 0)
            return 1;
    }
    return 0;
}

/* Whether realpath(path) is inside real (or is it). */
static int real_under(const char *real_dir, const char *path)
{
    char real[PATH_MAX];
    if (!realpath(path, real))
        return 0;
    size_t n = strlen(real_dir);
    return strncmp(real, real_dir, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

/* Resolves the output folder, to be left out of the watch when it lies among the sources; not
 * when it holds the project (`hanji watch book -o .`): then everything would be left out. */
static void set_outdir(watcher *w, const char *outdir, const char *project)
{
    w->have_outdir = realpath(outdir, w->outdir_real) != NULL;
    if (w->have_outdir && real_under(w->outdir_real, project))
        w->have_outdir = 0;
}

static int is_under_outdir(const watcher *w, const char *path)
{
    if (!w->have_outdir)
        return 0;
    char real[PATH_MAX];
    if (!realpath(path, real))
        return 0;
    size_t n = strlen(w->outdir_real);
    return strncmp(real, w->outdir_real, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

/* Watches dir and every folder below it (hidden ones and the output folder excepted). */
static void watch_tree(watcher *w, const char *dir, int depth)
{
    if (depth > 32 || is_under_outdir(w, dir))
        return;
    if (inotify_add_watch(w->ifd, dir, WATCH_MASK) < 0)
        return; /* gone, or not a folder: the next event rescans */
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char sub[PATH_MAX];
        if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) >= sizeof(sub))
            continue;
        struct stat st;
        if (de->d_type == DT_DIR ||
            (de->d_type == DT_UNKNOWN && stat(sub, &st) == 0 && S_ISDIR(st.st_mode)))
            watch_tree(w, sub, depth + 1);
    }
    closedir(dh);
}

static void watch_sources(watcher *w, const char *project)
{
    for (size_t i = 0; i < HJ_ARRAY_LEN(source_dirs); i++) {
        char dir[PATH_MAX];
        snprintf(dir, sizeof(dir), "%s/%s", project, source_dirs[i]);
        watch_tree(w, dir, 0);
    }
}

/* Whether an event asks for a rebuild; *quiet is set to the quiet time it asks for (ms). */
static int relevant(const watcher *w, const struct inotify_event *ev, int *quiet)
{
    *quiet = QUIET_MS;
    if (ev->mask & IN_Q_OVERFLOW)
        return 1; /* events were lost: rebuild to be safe */
    if (ev->mask & IN_IGNORED)
        return 0;
    if (ev->wd == w->root_wd) {
        if (!ev->len)
            return 0;
        for (size_t i = 0; i < HJ_ARRAY_LEN(source_dirs); i++)
            if (strcmp(ev->name, source_dirs[i]) == 0)
                return 1;
        return 0;
    }
    if (ev->len && watch_ignored_name(ev->name))
        return 0;
    if (!ev->len && (ev->mask & (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE)))
        return 0; /* the watched folder itself: its entries' own events say what changed */
    if (!(ev->mask & IN_ISDIR) && (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)))
        *quiet = QUIET_AFTER_SAVE_MS;
    else if (!(ev->mask & IN_ISDIR) && (ev->mask & (IN_DELETE | IN_MOVED_FROM)))
        *quiet = QUIET_AFTER_REMOVE_MS;
    return 1;
}

/* CPU time used by this process so far (ms): the status line gives it besides the wall time,
 * which on a busy machine says more about the machine than about the build. */
static double cpu_ms(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) < 0)
        return 0;
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

static void build_once(build_session *s, const build_opts *o, int quiet, int n, double since)
{
    diag_ctx d;
    diag_init(&d, stderr);
    d.quiet = quiet;
    build_result r;
    double t0 = now_ms(), c0 = cpu_ms();
    int status = build_session_run(s, o, &d, &r);
    double t1 = now_ms(), c1 = cpu_ms();
    char after[96];
    snprintf(after, sizeof(after), " (%.0f ms CPU)", c1 - c0);
    if (since > 0)
        snprintf(after + strlen(after), sizeof(after) - strlen(after), "; %.0f ms after the change",
                 t1 - since);
    if (status == 0) {
        char paras[64] = "";
        if (r.paras)
            snprintf(paras, sizeof(paras), ", %d of %d paragraphs broken", r.paras_broken, r.paras);
        if (!quiet)
            fprintf(stderr,
                    "hanji: build %d: %d pages, %d warning%s, %d of %d chapter%s parsed%s, "
                    "%.0f ms%s\n",
                    n, r.pages, r.warnings, r.warnings == 1 ? "" : "s", r.chapters_parsed,
                    r.chapters, r.chapters == 1 ? "" : "s", paras, t1 - t0, after);
    } else {
        fprintf(stderr,
                "hanji: build %d failed: %d error%s, %d warning%s; kept the last good outputs, "
                "%.0f ms%s\n",
                n, r.errors, r.errors == 1 ? "" : "s", r.warnings, r.warnings == 1 ? "" : "s",
                t1 - t0, after);
    }
    fflush(stderr);
}

int watch_run(const build_opts *o, int quiet)
{
    int status = 1;
    watcher w;
    memset(&w, 0, sizeof(w));
    w.ifd = -1;
    int sfd = -1;
    build_session *s = NULL;

    sigset_t mask, old;
    sigemptyset(&old);
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &mask, &old) < 0 ||
        (sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
        fprintf(stderr, "hanji: cannot watch for signals: %s\n", strerror(errno));
        goto done;
    }
    w.ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w.ifd < 0) {
        fprintf(stderr, "hanji: cannot watch files: %s\n", strerror(errno));
        goto done;
    }
    w.root_wd = inotify_add_watch(w.ifd, o->project, ROOT_MASK);
    if (w.root_wd < 0) {
        fprintf(stderr, "hanji: cannot watch '%s': %s\n", o->project, strerror(errno));
        goto done;
    }
    s = build_session_new();

    /* the output folder may only exist after the first build: resolve it before and after */
    char outdir[PATH_MAX];
    if (o->outdir)
        snprintf(outdir, sizeof(outdir), "%s", o->outdir);
    else
        snprintf(outdir, sizeof(outdir), "%s/out", o->project);
    set_outdir(&w, outdir, o->project);
    int nbuild = 1;
    watch_sources(&w, o->project);
    build_once(s, o, quiet, nbuild++, 0);
    set_outdir(&w, outdir, o->project);
    if (!quiet)
        fprintf(stderr, "hanji: watching %s for changes (Ctrl-C to stop)\n", o->project);

    int pending = 0;
    double deadline = 0, first = 0;
    for (;;) {
        int timeout = -1;
        if (pending) {
            double now = now_ms();
            double until = deadline < first + MAX_WAIT_MS ? deadline : first + MAX_WAIT_MS;
            timeout = until > now ? (int)(until - now) + 1 : 0;
        }
        struct pollfd pf[2] = {{sfd, POLLIN, 0}, {w.ifd, POLLIN, 0}};
        int n = poll(pf, 2, timeout);
        if (n < 0 && errno != EINTR) {
            fprintf(stderr, "hanji: poll: %s\n", strerror(errno));
            goto done;
        }
        if (n > 0 && (pf[0].revents & POLLIN)) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof(si)) > 0)
                break;
        }
        if (n > 0 && (pf[1].revents & POLLIN)) {
            char evbuf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
            ssize_t len;
            while ((len = read(w.ifd, evbuf, sizeof(evbuf))) > 0) {
                for (char *p = evbuf; p < evbuf + len;) {
                    const struct inotify_event *ev = (const struct inotify_event *)p;
                    p += sizeof(*ev) + ev->len;
                    int quiet_ms;
                    if (!relevant(&w, ev, &quiet_ms))
                        continue;
                    double now = now_ms();
                    if (!pending)
                        first = now;
                    pending = 1;
                    deadline = now + quiet_ms;
                }
            }
        }
        if (pending) {
            double now = now_ms();
            if (now >= deadline || now >= first + MAX_WAIT_MS) {
                pending = 0;
                watch_sources(&w, o->project);
                build_once(s, o, quiet, nbuild++, first);
            }
        }
    }
    if (!quiet)
        fprintf(stderr, "hanji: stopped watching\n");
    status = 0;
done:
    build_session_free(s);
    if (w.ifd >= 0)
        close(w.ifd);
    if (sfd >= 0)
        close(sfd);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return status;
}
