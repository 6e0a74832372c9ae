/* watch.h: `hanji watch`: build, then rebuild on every change to the project's sources.
 * Watches PROJECT/book, PROJECT/images and PROJECT/fonts (and every folder below them, also those
 * that appear later) with inotify; coalesces a burst of events into one rebuild; ignores editors'
 * swap, backup and probe files; rebuilds in a build session (build.h) so unchanged chapters and
 * images are not parsed or decoded again. Prints the diagnostics and one status line per build
 * on stderr. A failed build leaves the last good outputs in place. */
#ifndef HANJI_WATCH_H
#define HANJI_WATCH_H

#include "build.h"

/* Runs until SIGINT or SIGTERM, then returns 0 (a build in progress is finished first, so no
 * output is left half written); returns 1 when watching cannot start (inotify unavailable;
 * reported on stderr). quiet: print errors and failed-build status lines only. */
int watch_run(const build_opts *o, int quiet);

/* Nonzero for names editors and tools use for temporary files, whose changes never trigger a
 * rebuild: hidden files (".foo.swp", ".#foo", ".goutputstream-X"), backups ("foo~", "foo.bak"),
 * swap files ("foo.swp"), vim's write probe ("4913", any all-digit name), "#foo#", "*.tmp". */
int watch_ignored_name(const char *name);

#endif
