/* tap.h: a tiny test harness for the unit tests. Each test file defines main() that calls
 * its tests and returns tap_done(). Prints one line per failed check and a closing line
 * "N passed, N failed". */
#ifndef HANJI_TAP_H
#define HANJI_TAP_H

#include <string.h>

extern int tap_pass, tap_fail;
void tap_check(int ok, const char *expr, const char *file, int line);
void tap_check_str(const char *got, const char *want, const char *expr, const char *file, int line);
void tap_check_int(long long got, long long want, const char *expr, const char *file, int line);
int tap_done(void);

#define CHECK(e)             tap_check(!!(e), #e, __FILE__, __LINE__)
#define CHECK_STR(got, want) tap_check_str((got), (want), #got, __FILE__, __LINE__)
#define CHECK_INT(got, want)                                                                       \
    tap_check_int((long long)(got), (long long)(want), #got, __FILE__, __LINE__)

#endif
