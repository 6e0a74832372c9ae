/* sysfont.c: installed faces for characters the book's faces lack (see sysfont.h), through
 * fontconfig: the installed fonts sorted by closeness to a serif, regular, upright face for
 * the book's language, the first TrueType or CFF one whose character set holds the character. */
#include "sysfont.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sysfont {
    FcConfig *cfg;
};

sysfont *sysfont_open(void)
{
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    if (!cfg)
        return NULL;
    sysfont *s = calloc(1, sizeof(*s));
    if (!s) {
        FcConfigDestroy(cfg);
        return NULL;
    }
    s->cfg = cfg;
    return s;
}

void sysfont_close(sysfont *s)
{
    if (!s)
        return;
    FcConfigDestroy(s->cfg);
    free(s);
}

int sysfont_find(sysfont *s, uint32_t cp, const char *lang, char *path, size_t size,
                 unsigned *index)
{
    if (!s || !path || size == 0)
        return -1;
    FcPattern *pat = FcPatternCreate();
    FcCharSet *cs = FcCharSetCreate();
    if (!pat || !cs) {
        if (pat)
            FcPatternDestroy(pat);
        if (cs)
            FcCharSetDestroy(cs);
        return -1;
    }
    FcCharSetAddChar(cs, (FcChar32)cp);
    FcPatternAddCharSet(pat, FC_CHARSET, cs);
    /* Book faces first where fontconfig's "serif" would pick a sans (its sort puts DejaVu Sans
       before Noto Naskh Arabic for Arabic): Naskh is the text style of Arabic books. */
    static const struct {
        const char *lang, *family;
    } book_face[] = {
        {"ar", "Noto Naskh Arabic"}, {"fa", "Noto Naskh Arabic"}, {"he", "Noto Serif Hebrew"},
        {"yi", "Noto Serif Hebrew"}, {"th", "Noto Serif Thai"},
    };
    for (size_t i = 0; lang && i < sizeof book_face / sizeof book_face[0]; i++)
        if (!strncmp(lang, book_face[i].lang, 2) && (!lang[2] || lang[2] == '-'))
            FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)book_face[i].family);
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"serif");
    FcPatternAddInteger(pat, FC_WEIGHT, FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
    if (lang && *lang)
        FcPatternAddString(pat, FC_LANG, (const FcChar8 *)lang);
    FcConfigSubstitute(s->cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult r;
    FcFontSet *set = FcFontSort(s->cfg, pat, FcFalse, NULL, &r);
    int found = -1;
    for (int i = 0; set && i < set->nfont && found < 0; i++) {
        FcPattern *f = set->fonts[i];
        FcCharSet *fcs = NULL;
        FcChar8 *file = NULL, *format = NULL;
        int fi = 0;
        FcBool variable = FcFalse;
        if (FcPatternGetCharSet(f, FC_CHARSET, 0, &fcs) != FcResultMatch ||
            !FcCharSetHasChar(fcs, (FcChar32)cp))
            continue;
        /* TrueType or CFF outlines (the PDF embeds those), static: no variable font or named
           instance of one (fontconfig's index holds the instance above 16 bits) */
        if (FcPatternGetString(f, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
            (strcmp((const char *)format, "TrueType") != 0 &&
             strcmp((const char *)format, "CFF") != 0))
            continue;
        if (FcPatternGetInteger(f, FC_INDEX, 0, &fi) == FcResultMatch && (fi < 0 || fi > 0xFFFF))
            continue;
        if (FcPatternGetBool(f, FC_VARIABLE, 0, &variable) == FcResultMatch && variable)
            continue;
        if (FcPatternGetString(f, FC_FILE, 0, &file) != FcResultMatch ||
            access((const char *)file, R_OK) != 0)
            continue;
        if (strlen((const char *)file) >= size)
            continue;
        snprintf(path, size, "%s", (const char *)file);
        *index = (unsigned)fi;
        found = 0;
    }
    if (set)
        FcFontSetDestroy(set);
    FcCharSetDestroy(cs);
    FcPatternDestroy(pat);
    return found;
}

int sysfont_name(sysfont *s, uint32_t cp, char *name, size_t size)
{
    if (!s || !name || size == 0)
        return -1;
    FcPattern *pat = FcPatternCreate();
    FcCharSet *cs = FcCharSetCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_CHARSET, (char *)NULL);
    int found = -1;
    if (pat && cs && os) {
        FcCharSetAddChar(cs, (FcChar32)cp);
        FcPatternAddCharSet(pat, FC_CHARSET, cs);
        FcFontSet *set = FcFontList(s->cfg, pat, os);
        /* the first family in name order, so that the message does not change from run to run */
        for (int i = 0; set && i < set->nfont; i++) {
            FcChar8 *family = NULL;
            if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &family) != FcResultMatch ||
                strlen((const char *)family) >= size)
                continue;
            if (found < 0 || strcmp((const char *)family, name) < 0)
                snprintf(name, size, "%s", (const char *)family);
            found = 0;
        }
        if (set)
            FcFontSetDestroy(set);
    }
    if (os)
        FcObjectSetDestroy(os);
    if (cs)
        FcCharSetDestroy(cs);
    if (pat)
        FcPatternDestroy(pat);
    return found;
}
