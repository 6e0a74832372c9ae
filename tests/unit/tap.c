/* tap.c: the unit-test harness (see tap.h). */
#include "tap.h"

#include <stdio.h>

int tap_pass, tap_fail;

void tap_check(int ok, const char *expr, const char *file, int line)
{
    if (ok) {
        tap_pass++;
    } else {
        tap_fail++;
        printf("FAIL %s:%d: %s\n", file, line, expr);
    }
}

void tap_check_str(const char *got, const char *want, const char *expr, const char *file, int line)
{
    int ok = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);
    tap_check(ok, expr, file, line);
    if (!ok)
        printf("  got:  %s\n  want: %s\n", got ? got : "(null)", want ? want : "(null)");
}

void tap_check_int(long long got, long long want, const char *expr, const char *file, int line)
{
    tap_check(got == want, expr, file, line);
    if (got != want)
        printf("  got:  %lld\n  want: %lld\n", got, want);
}

int tap_done(void)
{
    printf("%d passed, %d failed\n", tap_pass, tap_fail);
    return tap_fail ? 1 : 0;
}
