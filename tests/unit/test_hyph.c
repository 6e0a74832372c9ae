/* test_hyph.c: hyphenation points from toy patterns (tests/fixtures/hyph/hyph_toy.dic:
 * a1b c1d e1f g1h ü1x) and from the system's English, German and French patterns; the
 * BCP 47 to file mapping, hyphenmins, the words we leave alone, and exceptions (the book's
 * and the built-in ones). */
#include "hyph.h"
#include "tap.h"
#include "utf8.h"

#include <string.h>

/* Hyphenates a UTF-8 word and renders it with '-' at the points. */
static const char *hy(hyph_dict *h, const char *word)
{
    static char out[512];
    uint32_t cps[128] = {0};
    char ok[128];
    int n = 0;
    for (size_t i = 0, len = strlen(word); i < len && n < 128;) {
        size_t cl;
        cps[n++] = utf8_decode(word + i, len - i, &cl);
        i += cl;
    }
    hyph_word(h, cps, n, ok);
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        o += utf8_encode(cps[i], out + o);
        if (ok[i])
            out[o++] = '-';
    }
    out[o] = '\0';
    return out;
}

static void test_toy(void)
{
    hyph_dict *h = hyph_load_file("fixtures/hyph/hyph_toy.dic");
    CHECK(h != NULL);
    if (!h)
        return;
    /* a1b is too close to the start (lefthyphenmin 2), g1h to the end (righthyphenmin 3) */
    CHECK_STR(hy(h, "abcdefgh"), "abc-de-fgh");
    CHECK_STR(hy(h, "Abcdefgh"), "Abc-de-fgh"); /* capitalised: lowercased for the patterns */
    CHECK_STR(hy(h, "ABCDEFGH"), "ABCDEFGH");   /* acronyms: left alone */
    CHECK_STR(hy(h, "abcDefgh"), "abc-De-fgh"); /* one capital inside is fine */
    CHECK_STR(hy(h, "AbcDefgh"), "AbcDefgh");   /* CamelCase: left alone */
    CHECK_STR(hy(h, "abcd3fgh"), "abcd3fgh");   /* digits: left alone */
    CHECK_STR(hy(h, "abcd"), "abcd");           /* too short */
    CHECK_STR(hy(h, "wwüxwww"), "wwü-xwww");    /* UTF-8 patterns */
    CHECK_STR(hy(h, "wwÜxwww"), "wwÜ-xwww");
    hyph_free(h);
    CHECK(hyph_load_file("fixtures/hyph/nonexistent.dic") == NULL);
}

static void test_system(void)
{
    hyph_dict *en = hyph_load("en", NULL);
    CHECK(en != NULL);
    if (en) {
        CHECK_STR(hy(en, "hyphenation"), "hy-phen-ation");
        CHECK_STR(hy(en, "typesetting"), "type-set-ting");
        CHECK_STR(hy(en, "NASA"), "NASA");
        CHECK_STR(hy(en, "the"), "the");
        CHECK_STR(hy(en, "endpaper"), "end-pa-per");
        CHECK_STR(hy(en, "Endpapers"), "End-pa-pers");
        hyph_free(en);
    }
    hyph_dict *gb = hyph_load("en-GB", NULL);
    CHECK(gb != NULL);
    if (gb) {
        /* "en-dpaper" (issue 13): the British patterns allow "en-" at the start of any word
         * (.en1, with .en5c .ende2 .en4d2ed .en5ta as the only exceptions), which the American
         * ones do not; the built-in exceptions put these words right */
        CHECK_STR(hy(gb, "endpaper"), "end-pa-per");
        CHECK_STR(hy(gb, "Endpapers"), "End-pa-pers");
        CHECK_STR(hy(gb, "endpoint"), "end-point");
        CHECK_STR(hy(gb, "endanger"), "en-danger"); /* the patterns', where they are right */
        hyph_free(gb);
    }
    /* German patterns are ISO 8859-1: umlauts must survive the conversion */
    hyph_dict *de = hyph_load("de", NULL);
    CHECK(de != NULL);
    if (de) {
        const char *r = hy(de, "Donaudampfschiff");
        CHECK(strchr(r, '-') != NULL);
        r = hy(de, "Übungsaufgabe");
        CHECK(strstr(r, "Übungs-") != NULL);
        CHECK_STR(hy(de, "Straße\xE2\x82\xAC"), "Straße\xE2\x82\xAC"); /* € not in Latin-1 */
        hyph_free(de);
    }
    hyph_dict *fr = hyph_load("fr-CA", NULL);
    CHECK(fr != NULL);
    hyph_free(fr);
    hyph_dict *x = hyph_load("de-Latn-AT", NULL);
    CHECK(x != NULL);
    hyph_free(x);
    CHECK(hyph_load("xx", NULL) == NULL);
    CHECK(hyph_load("", NULL) == NULL);
    CHECK(hyph_load("../../etc/passwd", NULL) == NULL);
    CHECK(hyph_load(NULL, NULL) == NULL);
    /* a language given its own folder */
    hyph_dict *toy = hyph_load("toy", "fixtures/hyph");
    CHECK(toy != NULL);
    hyph_free(toy);
}

/* hy with exceptions x before the dictionary's */
static const char *hyx(hyph_dict *h, const hyph_exc *x, const char *word)
{
    static char out[512];
    uint32_t cps[128] = {0};
    char ok[128];
    int n = 0;
    for (size_t i = 0, len = strlen(word); i < len && n < 128;) {
        size_t cl;
        cps[n++] = utf8_decode(word + i, len - i, &cl);
        i += cl;
    }
    hyph_word_exc(h, x, cps, n, ok);
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        o += utf8_encode(cps[i], out + o);
        if (ok[i])
            out[o++] = '-';
    }
    out[o] = '\0';
    return out;
}

/* the book's exceptions (TeX's \hyphenation) with the toy patterns */
static void test_exceptions(void)
{
    CHECK(hyph_exc_check("end-pa-per") == NULL);
    CHECK(hyph_exc_check("Hanji") == NULL); /* no hyphen: never broken */
    CHECK(hyph_exc_check("über-lang") == NULL);
    CHECK(hyph_exc_check("") != NULL);
    CHECK(hyph_exc_check("-end") != NULL);
    CHECK(hyph_exc_check("end-") != NULL);
    CHECK(hyph_exc_check("en--d") != NULL);
    CHECK(hyph_exc_check("end pa") != NULL);
    CHECK(hyph_exc_check("end2") != NULL);
    CHECK(hyph_exc_check("\xFF\xFE") != NULL); /* not UTF-8 */
    CHECK(hyph_exc_check(NULL) != NULL);
    hyph_dict *h = hyph_load_file("fixtures/hyph/hyph_toy.dic");
    CHECK(h != NULL);
    if (!h)
        return;
    hyph_exc *x = hyph_exc_new();
    CHECK(hyph_exc_add(x, "ab-cdef-gh") == 0);
    CHECK(hyph_exc_add(x, "a-b-c-d-e-f-g-h-i") == 0);
    CHECK(hyph_exc_add(x, "abcdefghij") == 0);
    CHECK(hyph_exc_add(x, "en--d") == -1);
    CHECK(hyph_exc_add(x, "ÜB-UNG") == 0);
    CHECK_STR(hyx(h, NULL, "abcdefgh"), "abc-de-fgh");   /* the patterns */
    CHECK_STR(hyx(h, x, "abcdefgh"), "ab-cdefgh");       /* the exception; g-h is too late */
    CHECK_STR(hyx(h, x, "Abcdefgh"), "Ab-cdefgh");       /* in any case */
    CHECK_STR(hyx(h, x, "ABCDEFGH"), "ABCDEFGH");        /* acronyms still get none */
    CHECK_STR(hyx(h, x, "abcdefghi"), "ab-c-d-e-f-ghi"); /* hyphenmins still hold */
    CHECK_STR(hyx(h, x, "abcdefghij"), "abcdefghij");    /* listed without hyphens: never */
    CHECK_STR(hyx(h, x, "übung"), "üb-ung");
    CHECK_STR(hyx(h, x, "abcdefg"), "abc-defg"); /* another word: the patterns */
    CHECK(hyph_exc_add(x, "abcd-efgh") == 0);    /* a later one replaces it */
    CHECK_STR(hyx(h, x, "abcdefgh"), "abcd-efgh");
    hyph_exc_free(x);
    hyph_free(h);
    hyph_exc_free(NULL);
}

int main(void)
{
    test_toy();
    test_exceptions();
    test_system();
    return tap_done();
}
