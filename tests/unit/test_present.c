/* test_present.c: the built-in words per language (present.c's table): labels, cross-reference
 * texts, the copyright page's lines and the quotation marks; English exactly as before; the
 * smart quotes md.c makes for a language; a line break between CJK characters; which languages
 * want hyphenation patterns. */
#include "doc_pass.h"
#include "hyph.h"
#include "md.h"
#include "present.h"
#include "tap.h"

#include <string.h>

static arena A;

/* A book of one chapter in lang, after the tree passes. */
static doc_node *book_in(diag_ctx *d, const char *lang, const char *text)
{
    md_opts o;
    present_quotes(lang, o.quotes);
    doc_node *book = doc_new(&A, DOC_BOOK, NULL, 0, 0);
    doc_append(book, md_parse_chapter_opts(&A, d, "book/a.md", text, strlen(text), &o));
    docpass_run(&A, d, book);
    return book;
}

static doc_node *find(doc_node *root, doc_kind k, int nth)
{
    doc_iter it;
    doc_iter_init(&it, root);
    while (doc_iter_next(&it))
        if (it.entering && it.node->kind == k && nth-- == 0)
            return it.node;
    return NULL;
}

static const char chapter[] = "# Title\n\n## Part {#part}\n\nText \"quoted 'inner' here\" and "
                              "don't.[^1]\n\n![Pic](x.png)\n\n| a |\n|---|\n| 1 |\n\n"
                              "Table: Data {#tbl-d}\n\n[^1]: A note.\n";

typedef struct expect {
    const char *lang;
    const char *chapter, *figure, *table, *section, *note, *on_page, *contents, *copyright;
    const char *text; /* the first paragraph's first text, with the language's quotes */
} expect;

static const expect cases[] = {
    {"en", "Chapter 1", "Figure 1.1", "Table 1.1", "Section 1.1", "Note 1", "Figure 1.1 on page 7",
     "Contents", "\xc2\xa9 2024 A and B",
     "Text \xe2\x80\x9cquoted \xe2\x80\x98inner\xe2\x80\x99 here"},
    {"de", "Kapitel 1", "Abbildung 1.1", "Tabelle 1.1", "Abschnitt 1.1", "Anmerkung 1",
     "Abbildung 1.1 auf Seite 7", "Inhalt", "\xc2\xa9 2024 A und B",
     "Text \xe2\x80\x9equoted \xe2\x80\x9ainner\xe2\x80\x98 here"},
    {"fr", "Chapitre 1", "Figure 1.1", "Tableau 1.1", "Section 1.1", "Note 1",
     "Figure 1.1 \xc3\xa0 la page 7", "Table des mati\xc3\xa8res", "\xc2\xa9 2024 A et B",
     "Text \xc2\xab\xe2\x80\xafquoted \xe2\x80\x9cinner\xe2\x80\x9d here"},
    {"es", "Cap\xc3\xadtulo 1", "Figura 1.1", "Tabla 1.1", "Secci\xc3\xb3n 1.1", "Nota 1",
     "Figura 1.1 en la p\xc3\xa1gina 7", "\xc3\x8dndice", "\xc2\xa9 2024 A y B",
     "Text \xc2\xabquoted \xe2\x80\x9cinner\xe2\x80\x9d here"},
    {"it", "Capitolo 1", "Figura 1.1", "Tabella 1.1", "Sezione 1.1", "Nota 1",
     "Figura 1.1 a pagina 7", "Indice", "\xc2\xa9 2024 A e B",
     "Text \xc2\xabquoted \xe2\x80\x9cinner\xe2\x80\x9d here"},
    {"nl", "Hoofdstuk 1", "Figuur 1.1", "Tabel 1.1", "Paragraaf 1.1", "Noot 1",
     "Figuur 1.1 op pagina 7", "Inhoud", "\xc2\xa9 2024 A en B",
     "Text \xe2\x80\x9cquoted \xe2\x80\x98inner\xe2\x80\x99 here"},
    {"pt-BR", "Cap\xc3\xadtulo 1", "Figura 1.1", "Tabela 1.1", "Se\xc3\xa7\xc3\xa3o 1.1", "Nota 1",
     "Figura 1.1 na p\xc3\xa1gina 7", "Sum\xc3\xa1rio", "\xc2\xa9 2024 A e B", NULL},
    {"pt-PT", "Cap\xc3\xadtulo 1", "Figura 1.1", "Tabela 1.1", "Sec\xc3\xa7\xc3\xa3o 1.1", "Nota 1",
     "Figura 1.1 na p\xc3\xa1gina 7", "\xc3\x8dndice", "\xc2\xa9 2024 A e B",
     "Text \xc2\xabquoted \xe2\x80\x9cinner\xe2\x80\x9d here"},
    {"ru", "Глава 1", "Рисунок 1.1", "Таблица 1.1", "Раздел 1.1", "Примечание 1",
     "Рисунок 1.1 на с.\xc2\xa0"
     "7",
     "Содержание", "\xc2\xa9 A и B, 2024", "Text «quoted „inner“ here"},
    {"ja", "第1章", "図1.1", "表1.1", "1.1節", "注1", "図1.1（7ページ）", "目次",
     "\xc2\xa9 2024 A、B", "Text 「quoted 『inner』 here"},
    {"zh", "第1章", "图1.1", "表1.1", "第1.1节", "注1", "图1.1（第7页）", "目录",
     "\xc2\xa9 2024 A、B", "Text \xe2\x80\x9cquoted \xe2\x80\x98inner\xe2\x80\x99 here"},
    {"zh-Hant", "第1章", "圖1.1", "表1.1", "第1.1節", "注1", "圖1.1（第7頁）", "目錄",
     "\xc2\xa9 2024 A、B", "Text 「quoted 『inner』 here"},
    {"zh-TW", "第1章", "圖1.1", "表1.1", "第1.1節", "注1", "圖1.1（第7頁）", "目錄", NULL, NULL},
    {"ko", "제1장", "그림 1.1", "표 1.1", "1.1절", "주 1", "그림 1.1(7쪽)", "차례",
     "\xc2\xa9 2024 A, B", NULL},
    {"ar", "الفصل 1", "الشكل 1.1", "الجدول 1.1", "القسم 1.1", "الحاشية 1", "الشكل 1.1 في الصفحة 7",
     "المحتويات", "\xc2\xa9 2024 A وB", "Text «quoted “inner” here"},
    {"he", "פרק 1", "איור 1.1", "טבלה 1.1", "סעיף 1.1", "הערה 1", "איור 1.1 בעמוד 7",
     "תוכן העניינים", "\xc2\xa9 2024 A וB", NULL},
    {"th", "บทที่ 1", "ภาพที่ 1.1", "ตารางที่ 1.1", "หัวข้อ 1.1", "เชิงอรรถ 1", "ภาพที่ 1.1 หน้า 7", "สารบัญ",
     "\xc2\xa9 2024 A และ B", NULL},
    {"xx", "Chapter 1", "Figure 1.1", "Table 1.1", "Section 1.1", "Note 1", "Figure 1.1 on page 7",
     "Contents", NULL, NULL},
};

static void test_languages(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const expect *e = &cases[i];
        diag_ctx d;
        diag_init(&d, NULL);
        d.quiet = 1;
        doc_node *book = book_in(&d, e->lang, chapter);
        config cfg;
        config_defaults(&cfg);
        cfg.lang = e->lang;
        cfg.title = "T";
        const char *authors[] = {"A", "B"};
        cfg.authors = authors;
        cfg.nauthors = 2;
        cfg.date = "2024-01-02";
        present *p = present_make(&A, &cfg, book);
        doc_node *ch = book->first, *fig = find(book, DOC_FIGURE, 0);
        doc_node *tbl = find(book, DOC_TABLE, 0), *sec = find(book, DOC_HEADING, 1);
        doc_node *fn = find(book, DOC_FOOTNOTE, 0);
        CHECK_STR(present_label(p, ch), e->chapter);
        CHECK_STR(present_label(p, fig), e->figure);
        CHECK_STR(present_label(p, tbl), e->table);
        CHECK_STR(present_xref(p, ch), e->chapter);
        CHECK_STR(present_xref(p, sec), e->section);
        CHECK_STR(present_xref(p, fn), e->note);
        CHECK_STR(present_xref_page(p, fig, "7"), e->on_page);
        CHECK_STR(p->words[PW_CONTENTS], e->contents);
        if (e->copyright) {
            CHECK_INT(p->ncopyright >= 2, 1);
            CHECK_STR(p->copyright[1].text, e->copyright);
        }
        for (int w = 0; w < PW_COUNT; w++)
            CHECK(p->words[w] && *p->words[w]);
        if (e->text) {
            const doc_node *t = find(book, DOC_PARA, 0)->first;
            size_t n = strlen(e->text);
            CHECK(t->len >= n && memcmp(t->text, e->text, n) == 0);
            if (!(t->len >= n && memcmp(t->text, e->text, n) == 0))
                printf("# %s: %.*s\n", e->lang, (int)t->len, t->text);
        }
    }
}

/* Every language but English spells every word itself. */
static void test_every_word(void)
{
    static const char *const langs[] = {"ar", "de", "es",    "fr", "he", "it", "ja",     "ko",
                                        "nl", "pt", "pt-PT", "ru", "th", "zh", "zh-Hant"};
    config cfg;
    config_defaults(&cfg);
    present *en = present_make(&A, &cfg, NULL);
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        cfg.lang = langs[i];
        present *p = present_make(&A, &cfg, NULL);
        static const present_word words[] = {
            PW_CHAPTER,      PW_FIGURE,       PW_TABLE,        PW_CONTENTS,      PW_LIST_FIGURES,
            PW_COVER,        PW_TITLE_PAGE,   PW_COPYRIGHT,    PW_START,         PW_LANDMARKS,
            PW_UNTITLED,     PW_PUBLISHED_BY, PW_TYPESET_WITH, PW_LIST_TABLES,   PW_COVER_OF,
            PW_ON_PAGE,      PW_SECTION,      PW_NOTE,         PW_CHAPTER_LABEL, PW_FIGURE_LABEL,
            PW_A11Y_SUMMARY, PW_A11Y_ALT,     PW_A11Y_NO_ALT};
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
            /* French spells a few as English does */
            int same = !strcmp(p->words[words[w]], en->words[words[w]]);
            int french =
                !strcmp(langs[i], "fr") && (words[w] == PW_FIGURE || words[w] == PW_SECTION ||
                                            words[w] == PW_NOTE || words[w] == PW_FIGURE_LABEL);
            CHECK(!same || french);
            if (same && !french)
                printf("# %s: word %d is English\n", langs[i], (int)words[w]);
        }
    }
}

/* Typed marks stay as typed; apostrophes stay apostrophes. */
static void test_quotes(void)
{
    diag_ctx d;
    diag_init(&d, NULL);
    d.quiet = 1;
    doc_node *b =
        book_in(&d, "de", "# T\n\n\xe2\x80\x9eTyped\xe2\x80\x9c, 'it's' and \"*a*\" `\"c\"`.\n");
    const doc_node *p = find(b, DOC_PARA, 0);
    CHECK_STR(doc_plain_text(&A, p),
              "\xe2\x80\x9eTyped\xe2\x80\x9c, \xe2\x80\x9ait\xe2\x80\x99s\xe2\x80\x98 and "
              "\xe2\x80\x9e"
              "a\xe2\x80\x9c \"c\".");
    /* a quotation after a CJK character: cmark makes it ” ”, the language's marks open it */
    doc_node *z = book_in(&d, "zh", "# T\n\n他说\"你好\"。\n");
    CHECK_STR(doc_plain_text(&A, find(z, DOC_PARA, 0)), "他说“你好”。");
    doc_node *j = book_in(&d, "ja", "# T\n\n彼は\"こんにちは\"と言った。\n");
    CHECK_STR(doc_plain_text(&A, find(j, DOC_PARA, 0)), "彼は「こんにちは」と言った。");
    /* English: as cmark makes them */
    doc_node *e = book_in(&d, "en", "# T\n\n\"a\" 'b' don't \xe2\x80\x9c\n");
    CHECK_STR(doc_plain_text(&A, find(e, DOC_PARA, 0)),
              "\xe2\x80\x9c"
              "a\xe2\x80\x9d \xe2\x80\x98"
              "b\xe2\x80\x99 don\xe2\x80\x99t \xe2\x80\x9c");
}

/* A line break in the source between CJK characters is no space; Korean keeps it. */
static void test_cjk_softbreak(void)
{
    diag_ctx d;
    diag_init(&d, NULL);
    d.quiet = 1;
    doc_node *b = book_in(&d, "zh", "# T\n\n中文\n换行，*强调*\n文字 a\nb 한국어\n문장\n");
    CHECK_STR(doc_plain_text(&A, find(b, DOC_PARA, 0)), "中文换行，强调文字 a b 한국어 문장");
    doc_node *j = book_in(&d, "ja", "# T\n\n日本語の「文」\nです。\u200b\nx\n");
    CHECK_STR(doc_plain_text(&A, find(j, DOC_PARA, 0)), "日本語の「文」です。\u200bx");
}

static void test_hyph_wanted(void)
{
    static const char *const none[] = {"zh", "zh-Hant", "ja", "ko", "th", "ar", "he", "fa", "ur"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        CHECK_INT(hyph_wanted(none[i]), 0);
        CHECK(hyph_load(none[i], NULL) == NULL);
    }
    static const char *const some[] = {"en", "de-CH", "fr", "es", "pt-BR", "ru", "nb", "tlh"};
    for (size_t i = 0; i < sizeof some / sizeof some[0]; i++)
        CHECK_INT(hyph_wanted(some[i]), 1);
    CHECK_INT(hyph_wanted(NULL), 1);
}

/* The Debian hyphen-* packages' files, for the ones installed here. */
static void test_hyph_packages(void)
{
    static const struct {
        const char *lang, *file;
    } map[] = {
        {"es", "es_ES"},         {"es-MX", "es_MX"}, {"it", "it_IT"}, {"nl", "nl_NL"},
        {"pt", "pt_BR"},         {"pt-PT", "pt_PT"}, {"ru", "ru_RU"}, {"pl", "pl_PL"},
        {"sv", "sv_SE"},         {"da", "da_DK"},    {"nb", "nb_NO"}, {"no", "nb_NO"},
        {"nn", "nn_NO"},         {"de-CH", "de_CH"}, {"uk", "uk_UA"}, {"cs", "cs_CZ"},
        {"pt-Latn-PT", "pt_PT"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "/usr/share/hyphen/hyph_%s.dic", map[i].file);
        FILE *f = fopen(path, "r");
        if (!f) {
            printf("# skip %s: %s not installed\n", map[i].lang, path);
            continue;
        }
        fclose(f);
        hyph_dict *h = hyph_load(map[i].lang, NULL);
        CHECK(h != NULL);
        hyph_free(h);
    }
}

int main(void)
{
    arena_init(&A);
    test_languages();
    test_every_word();
    test_quotes();
    test_cjk_softbreak();
    test_hyph_wanted();
    test_hyph_packages();
    arena_free(&A);
    return tap_done();
}
