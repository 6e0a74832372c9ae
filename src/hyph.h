/* hyph.h: hyphenation points from TeX-style patterns (the only libhyphen user).
 * Patterns are the system's libhyphen dictionaries (/usr/share/hyphen/hyph_<ll>_<RR>.dic) or
 * any .dic file in libhyphen's format (first line: the charset, e.g. UTF-8 or ISO8859-1). */
#ifndef HANJI_HYPH_H
#define HANJI_HYPH_H

#include "hanji.h"

/* TeX's \lefthyphenmin and \righthyphenmin: characters kept before and after a hyphen. */
#define HYPH_LEFT_MIN  2
#define HYPH_RIGHT_MIN 3
/* Words longer than this (in characters) are not hyphenated. */
#define HYPH_MAX_WORD 100

typedef struct hyph_dict hyph_dict;

/* Does text in lang break words with a hyphen? Not Chinese, Japanese, Korean, Thai, Lao,
 * Khmer, Burmese, Tibetan, nor the languages written in Arabic or Hebrew script: they need
 * no patterns (and a missing set is nothing to report). NULL or "" counts as yes. */
int hyph_wanted(const char *lang);
/* Loads the patterns for a BCP 47 language from dir (NULL: /usr/share/hyphen), as the Debian
 * hyphen-* packages file them: the region's (hyph_<ll>_<RR>.dic: "en-GB", "de-CH", "pt-PT"),
 * else the language's usual one ("en" -> en_US, "de" -> de_DE, "pt" -> pt_BR, "es" -> es_ES,
 * "no" and "nb" -> nb_NO...), else hyph_<ll>.dic, else any hyph_<ll>_*.dic. Returns NULL when
 * there are none (the caller reports) and for a language that does not hyphenate
 * (hyph_wanted; hyphen-th's patterns mark Thai line breaks, not hyphens). */
hyph_dict *hyph_load(const char *lang, const char *dir);
/* Loads one pattern file; NULL when it cannot be read or parsed. */
hyph_dict *hyph_load_file(const char *path);
void hyph_free(hyph_dict *h);
/* Finds the hyphenation points of one word of n code points as written (any case): sets ok[i]
 * to 1 when a hyphen may follow character i, else 0 (ok has n entries); the language's
 * built-in exceptions (hyph_exc below) come before the patterns. Words with digits,
 * with more than one capital letter (acronyms, CamelCase), longer than HYPH_MAX_WORD or not
 * representable in the patterns' charset get none. Returns the number of points. */
int hyph_word(hyph_dict *h, const uint32_t *cps, int n, char *ok);
/* Hyphenation exceptions, as TeX's \hyphenation: words written with a hyphen (U+002D) at each
 * point where they may break ("end-pa-per"; "Hanji" with none: never). An exception replaces
 * what the patterns say for that word, in any case; HYPH_LEFT_MIN and HYPH_RIGHT_MIN still
 * hold, and words hyph_word gives no points (acronyms, digits) still get none. hyph_load
 * adds a small built-in list per language for the patterns' known bad breaks ("en-dpaper"
 * from en_GB's ".en1"); a book adds its own (book.yaml's hyphenation-exceptions). */
typedef struct hyph_exc hyph_exc;
/* NULL when word is a valid exception, else why not (a static string). */
const char *hyph_exc_check(const char *word);
hyph_exc *hyph_exc_new(void);
/* Adds one exception (a later one for the same word replaces it). Returns 0, or -1 when
 * hyph_exc_check refuses it. Aborts on out-of-memory. */
int hyph_exc_add(hyph_exc *x, const char *word);
void hyph_exc_free(hyph_exc *x);
/* hyph_word, with the exceptions in x (may be NULL) before the dictionary's own. */
int hyph_word_exc(hyph_dict *h, const hyph_exc *x, const uint32_t *cps, int n, char *ok);

/* 1 when c is a capital letter of the scripts patterns cover (Latin, Greek, Cyrillic). */
int hyph_is_upper(uint32_t c);

#endif
