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

/* Loads the patterns for a BCP 47 language ("en" -> hyph_en_US.dic, "en-GB" -> hyph_en_GB.dic,
 * "de" -> hyph_de_DE.dic, "fr" -> hyph_fr.dic; else hyph_<ll>.dic or any hyph_<ll>_*.dic) from
 * dir (NULL: /usr/share/hyphen). Returns NULL when there are none (the caller reports). */
hyph_dict *hyph_load(const char *lang, const char *dir);
/* Loads one pattern file; NULL when it cannot be read or parsed. */
hyph_dict *hyph_load_file(const char *path);
void hyph_free(hyph_dict *h);
/* Finds the hyphenation points of one word of n code points as written (any case): sets ok[i]
 * to 1 when a hyphen may follow character i, else 0 (ok has n entries). Words with digits,
 * with more than one capital letter (acronyms, CamelCase), longer than HYPH_MAX_WORD or not
 * representable in the patterns' charset get none. Returns the number of points. */
int hyph_word(hyph_dict *h, const uint32_t *cps, int n, char *ok);

#endif
