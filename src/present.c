/* present.c: the presentation model (see present.h): the one place where reader-visible words
 * are spelled, and where what both outputs show of the tree (contents, labels, front matter,
 * attributions) is decided. */
#include "present.h"

#include "buf.h"
#include "utf8.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Languages. The words are a table keyed by the book's language (BCP 47 `lang`): the row whose
 * tag is the longest leading run of the language's subtags ("zh-hant" for "zh-Hant-TW", "pt"
 * for "pt-BR"), after the aliases below ("zh-TW" is "zh-Hant"), else English.
 *
 * To add a language: add a row below, its tag the primary subtag in lower case (or a longer
 * tag, as "zh-hant", when a script or a region spells differently), with every word of
 * present_word spelled as the language's typographers print it on a title and a copyright
 * page and in a reader's navigation (a word left out is English). Templates keep their %1 and
 * %2, in the order the language wants them. The labels (PW_*_LABEL) may be left out when
 * "word number" reads right (PW_LABEL, "%1 %2", makes them); a language that numbers
 * otherwise spells each ("第%2章"). The quotes are the language's own, outer pair first. Then
 * add the language to tests/e2e/languages.sh and tests/unit/test_present.c. */
typedef struct language {
    const char *tag; /* a language subtag and maybe more ("zh-hant"), lower case */
    const char *words[PW_COUNT];
    const char *quotes[4]; /* open, close; open and close inside a quotation */
} language;

static const language languages[] = {
    {"en",
     {
         [PW_CHAPTER] = "Chapter",
         [PW_SECTION] = "Section",
         [PW_FIGURE] = "Figure",
         [PW_TABLE] = "Table",
         [PW_NOTE] = "Note",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 on page %2",
         [PW_CONTENTS] = "Contents",
         [PW_LIST_FIGURES] = "List of Figures",
         [PW_LIST_TABLES] = "List of Tables",
         [PW_COVER] = "Cover",
         [PW_COVER_OF] = "Cover of %1",
         [PW_TITLE_PAGE] = "Title Page",
         [PW_COPYRIGHT] = "Copyright",
         [PW_START] = "Start of Content",
         [PW_LANDMARKS] = "Landmarks",
         [PW_PAGES] = "Pages",
         [PW_A11Y_SUMMARY] = ("This publication has a table of contents, headings that follow its "
                              "structure and footnotes linked in both directions."),
         [PW_A11Y_ALT] = "%1 Its images have text alternatives.",
         [PW_A11Y_NO_ALT] = "%1 Some of its images have no text alternative.",
         [PW_UNTITLED] = "Untitled",
         [PW_PUBLISHED_BY] = "Published by %1",
         [PW_DATE] = "Date: %1",
         [PW_TYPESET_WITH] = "Typeset with hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " and ",
         [PW_SERIAL_AND] = ", and ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "Note",
         [PW_CALLOUT_TIP] = "Tip",
         [PW_CALLOUT_IMPORTANT] = "Important",
         [PW_CALLOUT_WARNING] = "Warning",
         [PW_CALLOUT_CAUTION] = "Caution",
     },
     {"“", "”", "‘", "’"}},
    {"ar",
     {
         [PW_CHAPTER] = "الفصل",
         [PW_SECTION] = "القسم",
         [PW_FIGURE] = "الشكل",
         [PW_TABLE] = "الجدول",
         [PW_NOTE] = "الحاشية",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 في الصفحة %2",
         [PW_CONTENTS] = "المحتويات",
         [PW_LIST_FIGURES] = "قائمة الأشكال",
         [PW_LIST_TABLES] = "قائمة الجداول",
         [PW_COVER] = "الغلاف",
         [PW_COVER_OF] = "غلاف %1",
         [PW_TITLE_PAGE] = "صفحة العنوان",
         [PW_COPYRIGHT] = "حقوق النشر",
         [PW_START] = "بداية المحتوى",
         [PW_LANDMARKS] = "معالم الكتاب",
         [PW_PAGES] = "الصفحات",
         [PW_A11Y_SUMMARY] =
             "يحتوي هذا المنشور على جدول محتويات وعناوين تتبع بنيته وحواشٍ مرتبطة في الاتجاهين.",
         [PW_A11Y_ALT] = "%1 لصوره بدائل نصية.",
         [PW_A11Y_NO_ALT] = "%1 بعض صوره بلا بديل نصي.",
         [PW_UNTITLED] = "بلا عنوان",
         [PW_PUBLISHED_BY] = "الناشر: %1",
         [PW_DATE] = "التاريخ: %1",
         [PW_TYPESET_WITH] = "نُضِّد باستخدام hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " و",
         [PW_SERIAL_AND] = " و",
         [PW_LIST_SEP] = "، ",
         [PW_CALLOUT_NOTE] = "ملاحظة",
         [PW_CALLOUT_TIP] = "نصيحة",
         [PW_CALLOUT_IMPORTANT] = "مهم",
         [PW_CALLOUT_WARNING] = "تحذير",
         [PW_CALLOUT_CAUTION] = "تنبيه",
     },
     {"«", "»", "“", "”"}},
    {"de",
     {
         [PW_CHAPTER] = "Kapitel",
         [PW_SECTION] = "Abschnitt",
         [PW_FIGURE] = "Abbildung",
         [PW_TABLE] = "Tabelle",
         [PW_NOTE] = "Anmerkung",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 auf Seite %2",
         [PW_CONTENTS] = "Inhalt",
         [PW_LIST_FIGURES] = "Abbildungsverzeichnis",
         [PW_LIST_TABLES] = "Tabellenverzeichnis",
         [PW_COVER] = "Umschlag",
         [PW_COVER_OF] = "Umschlag: %1",
         [PW_TITLE_PAGE] = "Titelseite",
         [PW_COPYRIGHT] = "Impressum",
         [PW_START] = "Textbeginn",
         [PW_LANDMARKS] = "Orientierungspunkte",
         [PW_PAGES] = "Seiten",
         [PW_A11Y_SUMMARY] =
             ("Diese Publikation hat ein Inhaltsverzeichnis, Überschriften, die "
              "ihrer Gliederung folgen, und in beide Richtungen verlinkte Fußnoten."),
         [PW_A11Y_ALT] = "%1 Ihre Bilder haben Textalternativen.",
         [PW_A11Y_NO_ALT] = "%1 Einige ihrer Bilder haben keine Textalternative.",
         [PW_UNTITLED] = "Ohne Titel",
         [PW_PUBLISHED_BY] = "Erschienen bei %1",
         [PW_DATE] = "Datum: %1",
         [PW_TYPESET_WITH] = "Gesetzt mit hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " und ",
         [PW_SERIAL_AND] = " und ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "Hinweis",
         [PW_CALLOUT_TIP] = "Tipp",
         [PW_CALLOUT_IMPORTANT] = "Wichtig",
         [PW_CALLOUT_WARNING] = "Warnung",
         [PW_CALLOUT_CAUTION] = "Vorsicht",
     },
     {"„", "“", "‚", "‘"}},
    {"es",
     {
         [PW_CHAPTER] = "Capítulo",
         [PW_SECTION] = "Sección",
         [PW_FIGURE] = "Figura",
         [PW_TABLE] = "Tabla",
         [PW_NOTE] = "Nota",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 en la página %2",
         [PW_CONTENTS] = "Índice",
         [PW_LIST_FIGURES] = "Índice de figuras",
         [PW_LIST_TABLES] = "Índice de tablas",
         [PW_COVER] = "Cubierta",
         [PW_COVER_OF] = "Cubierta de %1",
         [PW_TITLE_PAGE] = "Portada",
         [PW_COPYRIGHT] = "Créditos",
         [PW_START] = "Inicio del contenido",
         [PW_LANDMARKS] = "Puntos de referencia",
         [PW_PAGES] = "Páginas",
         [PW_A11Y_SUMMARY] = ("Esta publicación tiene un índice, encabezados que siguen su "
                              "estructura y notas al pie enlazadas en ambos sentidos."),
         [PW_A11Y_ALT] = "%1 Sus imágenes tienen alternativas textuales.",
         [PW_A11Y_NO_ALT] = "%1 Algunas de sus imágenes no tienen alternativa textual.",
         [PW_UNTITLED] = "Sin título",
         [PW_PUBLISHED_BY] = "Publicado por %1",
         [PW_DATE] = "Fecha: %1",
         [PW_TYPESET_WITH] = "Compuesto con hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " y ",
         [PW_SERIAL_AND] = " y ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "Nota",
         [PW_CALLOUT_TIP] = "Consejo",
         [PW_CALLOUT_IMPORTANT] = "Importante",
         [PW_CALLOUT_WARNING] = "Advertencia",
         [PW_CALLOUT_CAUTION] = "Precaución",
     },
     {"«", "»", "“", "”"}},
    /* French: a no-break space before a colon, narrow ones inside the guillemets */
    {"fr",
     {
         [PW_CHAPTER] = "Chapitre",
         [PW_SECTION] = "Section",
         [PW_FIGURE] = "Figure",
         [PW_TABLE] = "Tableau",
         [PW_NOTE] = "Note",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 à la page %2",
         [PW_CONTENTS] = "Table des matières",
         [PW_LIST_FIGURES] = "Table des figures",
         [PW_LIST_TABLES] = "Liste des tableaux",
         [PW_COVER] = "Couverture",
         [PW_COVER_OF] = "Couverture de %1",
         [PW_TITLE_PAGE] = "Page de titre",
         [PW_COPYRIGHT] = "Droits d’auteur",
         [PW_START] = "Début du texte",
         [PW_LANDMARKS] = "Repères",
         [PW_PAGES] = "Pages",
         [PW_A11Y_SUMMARY] = ("Cette publication comporte une table des matières, des titres qui "
                              "suivent sa structure et des notes liées dans les deux sens."),
         [PW_A11Y_ALT] = "%1 Ses images ont des alternatives textuelles.",
         [PW_A11Y_NO_ALT] = "%1 Certaines de ses images n’ont pas d’alternative textuelle.",
         [PW_UNTITLED] = "Sans titre",
         [PW_PUBLISHED_BY] = "Publié par %1",
         [PW_DATE] = "Date\xc2\xa0: %1",
         [PW_TYPESET_WITH] = "Composé avec hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " et ",
         [PW_SERIAL_AND] = " et ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "Remarque",
         [PW_CALLOUT_TIP] = "Astuce",
         [PW_CALLOUT_IMPORTANT] = "Important",
         [PW_CALLOUT_WARNING] = "Avertissement",
         [PW_CALLOUT_CAUTION] = "Attention",
     },
     {"«\xe2\x80\xaf", "\xe2\x80\xaf»", "“", "”"}},
    {"he",
     {
         [PW_CHAPTER] = "פרק",
         [PW_SECTION] = "סעיף",
         [PW_FIGURE] = "איור",
         [PW_TABLE] = "טבלה",
         [PW_NOTE] = "הערה",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 בעמוד %2",
         [PW_CONTENTS] = "תוכן העניינים",
         [PW_LIST_FIGURES] = "רשימת האיורים",
         [PW_LIST_TABLES] = "רשימת הטבלאות",
         [PW_COVER] = "כריכה",
         [PW_COVER_OF] = "כריכת %1",
         [PW_TITLE_PAGE] = "עמוד השער",
         [PW_COPYRIGHT] = "זכויות יוצרים",
         [PW_START] = "תחילת הטקסט",
         [PW_LANDMARKS] = "ציוני דרך",
         [PW_PAGES] = "עמודים",
         [PW_A11Y_SUMMARY] = ("לפרסום זה תוכן עניינים, כותרות התואמות את מבנהו והערות שוליים "
                              "המקושרות בשני הכיוונים."),
         [PW_A11Y_ALT] = "%1 לתמונות שבו יש חלופות טקסטואליות.",
         [PW_A11Y_NO_ALT] = "%1 לחלק מהתמונות שבו אין חלופה טקסטואלית.",
         [PW_UNTITLED] = "ללא כותרת",
         [PW_PUBLISHED_BY] = "הוצאת %1",
         [PW_DATE] = "תאריך: %1",
         [PW_TYPESET_WITH] = "סודר באמצעות hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " ו",
         [PW_SERIAL_AND] = " ו",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "הערה",
         [PW_CALLOUT_TIP] = "טיפ",
         [PW_CALLOUT_IMPORTANT] = "חשוב",
         [PW_CALLOUT_WARNING] = "אזהרה",
         [PW_CALLOUT_CAUTION] = "זהירות",
     },
     {"”", "”", "’", "’"}},
    {"it",
     {
         [PW_CHAPTER] = "Capitolo",
         [PW_SECTION] = "Sezione",
         [PW_FIGURE] = "Figura",
         [PW_TABLE] = "Tabella",
         [PW_NOTE] = "Nota",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 a pagina %2",
         [PW_CONTENTS] = "Indice",
         [PW_LIST_FIGURES] = "Indice delle figure",
         [PW_LIST_TABLES] = "Indice delle tabelle",
         [PW_COVER] = "Copertina",
         [PW_COVER_OF] = "Copertina di %1",
         [PW_TITLE_PAGE] = "Frontespizio",
         [PW_COPYRIGHT] = "Colophon",
         [PW_START] = "Inizio del testo",
         [PW_LANDMARKS] = "Punti di riferimento",
         [PW_PAGES] = "Pagine",
         [PW_A11Y_SUMMARY] = ("Questa pubblicazione ha un indice, titoli che ne seguono la "
                              "struttura e note collegate in entrambe le direzioni."),
         [PW_A11Y_ALT] = "%1 Le sue immagini hanno alternative testuali.",
         [PW_A11Y_NO_ALT] = "%1 Alcune delle sue immagini non hanno un’alternativa testuale.",
         [PW_UNTITLED] = "Senza titolo",
         [PW_PUBLISHED_BY] = "Pubblicato da %1",
         [PW_DATE] = "Data: %1",
         [PW_TYPESET_WITH] = "Composto con hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " e ",
         [PW_SERIAL_AND] = " e ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "Nota",
         [PW_CALLOUT_TIP] = "Suggerimento",
         [PW_CALLOUT_IMPORTANT] = "Importante",
         [PW_CALLOUT_WARNING] = "Avviso",
         [PW_CALLOUT_CAUTION] = "Attenzione",
     },
     {"«", "»", "“", "”"}},
    {"ja",
     {
         [PW_CHAPTER] = "章",
         [PW_SECTION] = "節",
         [PW_FIGURE] = "図",
         [PW_TABLE] = "表",
         [PW_NOTE] = "注",
         [PW_LABEL] = "%1%2",
         [PW_ON_PAGE] = "%1（%2ページ）",
         [PW_CONTENTS] = "目次",
         [PW_LIST_FIGURES] = "図目次",
         [PW_LIST_TABLES] = "表目次",
         [PW_COVER] = "表紙",
         [PW_COVER_OF] = "%1の表紙",
         [PW_TITLE_PAGE] = "扉",
         [PW_COPYRIGHT] = "奥付",
         [PW_START] = "本文",
         [PW_LANDMARKS] = "ランドマーク",
         [PW_PAGES] = "ページ",
         [PW_A11Y_SUMMARY] =
             "この出版物には目次、構成に沿った見出し、双方向にリンクされた脚注があります。",
         [PW_A11Y_ALT] = "%1画像には代替テキストがあります。",
         [PW_A11Y_NO_ALT] = "%1一部の画像には代替テキストがありません。",
         [PW_UNTITLED] = "無題",
         [PW_PUBLISHED_BY] = "発行所：%1",
         [PW_DATE] = "発行日：%1",
         [PW_TYPESET_WITH] = "組版：hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = "、",
         [PW_SERIAL_AND] = "、",
         [PW_LIST_SEP] = "、",
         [PW_CALLOUT_NOTE] = "注記",
         [PW_CALLOUT_TIP] = "ヒント",
         [PW_CALLOUT_IMPORTANT] = "重要",
         [PW_CALLOUT_WARNING] = "警告",
         [PW_CALLOUT_CAUTION] = "注意",
         [PW_CHAPTER_LABEL] = "第%2章",
         [PW_SECTION_LABEL] = "%2節",
     },
     {"「", "」", "『", "』"}},
    {"ko",
     {
         [PW_CHAPTER] = "장",
         [PW_SECTION] = "절",
         [PW_FIGURE] = "그림",
         [PW_TABLE] = "표",
         [PW_NOTE] = "주",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1(%2쪽)",
         [PW_CONTENTS] = "차례",
         [PW_LIST_FIGURES] = "그림 차례",
         [PW_LIST_TABLES] = "표 차례",
         [PW_COVER] = "표지",
         [PW_COVER_OF] = "%1 표지",
         [PW_TITLE_PAGE] = "속표지",
         [PW_COPYRIGHT] = "판권",
         [PW_START] = "본문 시작",
         [PW_LANDMARKS] = "주요 위치",
         [PW_PAGES] = "쪽",
         [PW_A11Y_SUMMARY] =
             "이 출판물에는 목차, 구조를 따르는 제목, 양방향으로 연결된 각주가 있습니다.",
         [PW_A11Y_ALT] = "%1 이미지에는 대체 텍스트가 있습니다.",
         [PW_A11Y_NO_ALT] = "%1 일부 이미지에는 대체 텍스트가 없습니다.",
         [PW_UNTITLED] = "제목 없음",
         [PW_PUBLISHED_BY] = "펴낸곳: %1",
         [PW_DATE] = "펴낸날: %1",
         [PW_TYPESET_WITH] = "조판: hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = ", ",
         [PW_SERIAL_AND] = ", ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "참고",
         [PW_CALLOUT_TIP] = "팁",
         [PW_CALLOUT_IMPORTANT] = "중요",
         [PW_CALLOUT_WARNING] = "경고",
         [PW_CALLOUT_CAUTION] = "주의",
         [PW_CHAPTER_LABEL] = "제%2장",
         [PW_SECTION_LABEL] = "%2절",
     },
     {"“", "”", "‘", "’"}},
    {"nl",
     {
         [PW_CHAPTER] = "Hoofdstuk",
         [PW_SECTION] = "Paragraaf",
         [PW_FIGURE] = "Figuur",
         [PW_TABLE] = "Tabel",
         [PW_NOTE] = "Noot",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 op pagina %2",
         [PW_CONTENTS] = "Inhoud",
         [PW_LIST_FIGURES] = "Lijst van figuren",
         [PW_LIST_TABLES] = "Lijst van tabellen",
         [PW_COVER] = "Omslag",
         [PW_COVER_OF] = "Omslag van %1",
         [PW_TITLE_PAGE] = "Titelpagina",
         [PW_COPYRIGHT] = "Colofon",
         [PW_START] = "Begin van de tekst",
         [PW_LANDMARKS] = "Oriëntatiepunten",
         [PW_PAGES] = "Pagina’s",
         [PW_A11Y_SUMMARY] = ("Deze publicatie heeft een inhoudsopgave, koppen die haar structuur "
                              "volgen en voetnoten die in beide richtingen gekoppeld zijn."),
         [PW_A11Y_ALT] = "%1 De afbeeldingen hebben tekstalternatieven.",
         [PW_A11Y_NO_ALT] = "%1 Sommige afbeeldingen hebben geen tekstalternatief.",
         [PW_UNTITLED] = "Zonder titel",
         [PW_PUBLISHED_BY] = "Uitgegeven door %1",
         [PW_DATE] = "Datum: %1",
         [PW_TYPESET_WITH] = "Gezet met hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " en ",
         [PW_SERIAL_AND] = " en ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "Opmerking",
         [PW_CALLOUT_TIP] = "Tip",
         [PW_CALLOUT_IMPORTANT] = "Belangrijk",
         [PW_CALLOUT_WARNING] = "Waarschuwing",
         [PW_CALLOUT_CAUTION] = "Let op",
     },
     {"“", "”", "‘", "’"}},
    {"pt",
     {
         [PW_CHAPTER] = "Capítulo",
         [PW_SECTION] = "Seção",
         [PW_FIGURE] = "Figura",
         [PW_TABLE] = "Tabela",
         [PW_NOTE] = "Nota",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 na página %2",
         [PW_CONTENTS] = "Sumário",
         [PW_LIST_FIGURES] = "Lista de figuras",
         [PW_LIST_TABLES] = "Lista de tabelas",
         [PW_COVER] = "Capa",
         [PW_COVER_OF] = "Capa de %1",
         [PW_TITLE_PAGE] = "Folha de rosto",
         [PW_COPYRIGHT] = "Direitos autorais",
         [PW_START] = "Início do texto",
         [PW_LANDMARKS] = "Pontos de referência",
         [PW_PAGES] = "Páginas",
         [PW_A11Y_SUMMARY] = ("Esta publicação tem sumário, títulos que seguem sua estrutura e "
                              "notas de rodapé vinculadas nos dois sentidos."),
         [PW_A11Y_ALT] = "%1 Suas imagens têm alternativas em texto.",
         [PW_A11Y_NO_ALT] = "%1 Algumas de suas imagens não têm alternativa em texto.",
         [PW_UNTITLED] = "Sem título",
         [PW_PUBLISHED_BY] = "Publicado por %1",
         [PW_DATE] = "Data: %1",
         [PW_TYPESET_WITH] = "Composto com hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " e ",
         [PW_SERIAL_AND] = " e ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "Nota",
         [PW_CALLOUT_TIP] = "Dica",
         [PW_CALLOUT_IMPORTANT] = "Importante",
         [PW_CALLOUT_WARNING] = "Aviso",
         [PW_CALLOUT_CAUTION] = "Cuidado",
     },
     {"“", "”", "‘", "’"}},
    {"pt-pt", /* European Portuguese */
     {
         [PW_CHAPTER] = "Capítulo",
         [PW_SECTION] = "Secção",
         [PW_FIGURE] = "Figura",
         [PW_TABLE] = "Tabela",
         [PW_NOTE] = "Nota",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 na página %2",
         [PW_CONTENTS] = "Índice",
         [PW_LIST_FIGURES] = "Índice de figuras",
         [PW_LIST_TABLES] = "Índice de tabelas",
         [PW_COVER] = "Capa",
         [PW_COVER_OF] = "Capa de %1",
         [PW_TITLE_PAGE] = "Folha de rosto",
         [PW_COPYRIGHT] = "Ficha técnica",
         [PW_START] = "Início do texto",
         [PW_LANDMARKS] = "Pontos de referência",
         [PW_PAGES] = "Páginas",
         [PW_A11Y_SUMMARY] = ("Esta publicação tem um índice, títulos que seguem a sua estrutura e "
                              "notas de rodapé ligadas nos dois sentidos."),
         [PW_A11Y_ALT] = "%1 As suas imagens têm alternativas em texto.",
         [PW_A11Y_NO_ALT] = "%1 Algumas das suas imagens não têm alternativa em texto.",
         [PW_UNTITLED] = "Sem título",
         [PW_PUBLISHED_BY] = "Publicado por %1",
         [PW_DATE] = "Data: %1",
         [PW_TYPESET_WITH] = "Composto com hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " e ",
         [PW_SERIAL_AND] = " e ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "Nota",
         [PW_CALLOUT_TIP] = "Sugestão",
         [PW_CALLOUT_IMPORTANT] = "Importante",
         [PW_CALLOUT_WARNING] = "Aviso",
         [PW_CALLOUT_CAUTION] = "Cuidado",
     },
     {"«", "»", "“", "”"}},
    {"ru",
     {
         [PW_CHAPTER] = "Глава",
         [PW_SECTION] = "Раздел",
         [PW_FIGURE] = "Рисунок",
         [PW_TABLE] = "Таблица",
         [PW_NOTE] = "Примечание",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 на с.\xc2\xa0%2",
         [PW_CONTENTS] = "Содержание",
         [PW_LIST_FIGURES] = "Список иллюстраций",
         [PW_LIST_TABLES] = "Список таблиц",
         [PW_COVER] = "Обложка",
         [PW_COVER_OF] = "Обложка: %1",
         [PW_TITLE_PAGE] = "Титульный лист",
         [PW_COPYRIGHT] = "Выходные данные",
         [PW_START] = "Начало текста",
         [PW_LANDMARKS] = "Ориентиры",
         [PW_PAGES] = "Страницы",
         [PW_A11Y_SUMMARY] = ("В этом издании есть оглавление, заголовки, следующие его структуре, "
                              "и сноски со ссылками в обе стороны."),
         [PW_A11Y_ALT] = "%1 У его изображений есть текстовые альтернативы.",
         [PW_A11Y_NO_ALT] = "%1 У некоторых его изображений нет текстовой альтернативы.",
         [PW_UNTITLED] = "Без названия",
         [PW_PUBLISHED_BY] = "Издатель: %1",
         [PW_DATE] = "Дата: %1",
         [PW_TYPESET_WITH] = "Свёрстано в hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %2, %1",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " и ",
         [PW_SERIAL_AND] = " и ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "Примечание",
         [PW_CALLOUT_TIP] = "Совет",
         [PW_CALLOUT_IMPORTANT] = "Важно",
         [PW_CALLOUT_WARNING] = "Предупреждение",
         [PW_CALLOUT_CAUTION] = "Осторожно",
     },
     {"«", "»", "„", "“"}},
    {"th",
     {
         [PW_CHAPTER] = "บทที่",
         [PW_SECTION] = "หัวข้อ",
         [PW_FIGURE] = "ภาพที่",
         [PW_TABLE] = "ตารางที่",
         [PW_NOTE] = "เชิงอรรถ",
         [PW_LABEL] = "%1 %2",
         [PW_ON_PAGE] = "%1 หน้า %2",
         [PW_CONTENTS] = "สารบัญ",
         [PW_LIST_FIGURES] = "สารบัญภาพ",
         [PW_LIST_TABLES] = "สารบัญตาราง",
         [PW_COVER] = "ปก",
         [PW_COVER_OF] = "ปกหนังสือ %1",
         [PW_TITLE_PAGE] = "หน้าชื่อเรื่อง",
         [PW_COPYRIGHT] = "ลิขสิทธิ์",
         [PW_START] = "เริ่มเนื้อหา",
         [PW_LANDMARKS] = "จุดนำทาง",
         [PW_PAGES] = "หน้า",
         [PW_A11Y_SUMMARY] = "สิ่งพิมพ์นี้มีสารบัญ หัวเรื่องที่เป็นไปตามโครงสร้าง และเชิงอรรถที่เชื่อมโยงกันทั้งสองทาง",
         [PW_A11Y_ALT] = "%1 ภาพในเล่มมีข้อความทดแทน",
         [PW_A11Y_NO_ALT] = "%1 ภาพบางภาพในเล่มไม่มีข้อความทดแทน",
         [PW_UNTITLED] = "ไม่มีชื่อเรื่อง",
         [PW_PUBLISHED_BY] = "จัดพิมพ์โดย %1",
         [PW_DATE] = "วันที่ %1",
         [PW_TYPESET_WITH] = "จัดหน้าด้วย hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = " และ ",
         [PW_SERIAL_AND] = " และ ",
         [PW_LIST_SEP] = ", ",
         [PW_CALLOUT_NOTE] = "หมายเหตุ",
         [PW_CALLOUT_TIP] = "เคล็ดลับ",
         [PW_CALLOUT_IMPORTANT] = "สำคัญ",
         [PW_CALLOUT_WARNING] = "คำเตือน",
         [PW_CALLOUT_CAUTION] = "ข้อควรระวัง",
     },
     {"“", "”", "‘", "’"}},
    {"zh",
     {
         [PW_CHAPTER] = "章",
         [PW_SECTION] = "节",
         [PW_FIGURE] = "图",
         [PW_TABLE] = "表",
         [PW_NOTE] = "注",
         [PW_LABEL] = "%1%2",
         [PW_ON_PAGE] = "%1（第%2页）",
         [PW_CONTENTS] = "目录",
         [PW_LIST_FIGURES] = "插图目录",
         [PW_LIST_TABLES] = "表格目录",
         [PW_COVER] = "封面",
         [PW_COVER_OF] = "《%1》封面",
         [PW_TITLE_PAGE] = "扉页",
         [PW_COPYRIGHT] = "版权页",
         [PW_START] = "正文",
         [PW_LANDMARKS] = "导航",
         [PW_PAGES] = "页码",
         [PW_A11Y_SUMMARY] = "本出版物有目录、遵循其结构的标题，以及双向链接的脚注。",
         [PW_A11Y_ALT] = "%1其中的图片都有替代文本。",
         [PW_A11Y_NO_ALT] = "%1其中部分图片没有替代文本。",
         [PW_UNTITLED] = "无标题",
         [PW_PUBLISHED_BY] = "出版：%1",
         [PW_DATE] = "日期：%1",
         [PW_TYPESET_WITH] = "排版：hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = "、",
         [PW_SERIAL_AND] = "、",
         [PW_LIST_SEP] = "、",
         [PW_CALLOUT_NOTE] = "备注",
         [PW_CALLOUT_TIP] = "提示",
         [PW_CALLOUT_IMPORTANT] = "重要",
         [PW_CALLOUT_WARNING] = "警告",
         [PW_CALLOUT_CAUTION] = "注意",
         [PW_CHAPTER_LABEL] = "第%2章",
         [PW_SECTION_LABEL] = "第%2节",
     },
     {"“", "”", "‘", "’"}},
    {"zh-hant", /* Traditional Chinese (Taiwan, Hong Kong, Macao) */
     {
         [PW_CHAPTER] = "章",
         [PW_SECTION] = "節",
         [PW_FIGURE] = "圖",
         [PW_TABLE] = "表",
         [PW_NOTE] = "注",
         [PW_LABEL] = "%1%2",
         [PW_ON_PAGE] = "%1（第%2頁）",
         [PW_CONTENTS] = "目錄",
         [PW_LIST_FIGURES] = "插圖目錄",
         [PW_LIST_TABLES] = "表格目錄",
         [PW_COVER] = "封面",
         [PW_COVER_OF] = "《%1》封面",
         [PW_TITLE_PAGE] = "扉頁",
         [PW_COPYRIGHT] = "版權頁",
         [PW_START] = "正文",
         [PW_LANDMARKS] = "導覽",
         [PW_PAGES] = "頁碼",
         [PW_A11Y_SUMMARY] = "本出版品有目錄、依循其結構的標題，以及雙向連結的註腳。",
         [PW_A11Y_ALT] = "%1其中的圖片都有替代文字。",
         [PW_A11Y_NO_ALT] = "%1其中部分圖片沒有替代文字。",
         [PW_UNTITLED] = "無標題",
         [PW_PUBLISHED_BY] = "出版：%1",
         [PW_DATE] = "日期：%1",
         [PW_TYPESET_WITH] = "排版：hanji %1",
         [PW_COPYRIGHT_LINE] = "\xc2\xa9 %1 %2",
         [PW_COPYRIGHT_NOYEAR] = "\xc2\xa9 %1",
         [PW_AND] = "、",
         [PW_SERIAL_AND] = "、",
         [PW_LIST_SEP] = "、",
         [PW_CALLOUT_NOTE] = "附註",
         [PW_CALLOUT_TIP] = "提示",
         [PW_CALLOUT_IMPORTANT] = "重要",
         [PW_CALLOUT_WARNING] = "警告",
         [PW_CALLOUT_CAUTION] = "注意",
         [PW_CHAPTER_LABEL] = "第%2章",
         [PW_SECTION_LABEL] = "第%2節",
     },
     {"「", "」", "『", "』"}},
};

/* Tags that mean another row's tag ("zh-TW" is written in Traditional characters). */
static const struct {
    const char *tag, *as;
} language_aliases[] = {
    {"zh-tw", "zh-hant"},
    {"zh-hk", "zh-hant"},
    {"zh-mo", "zh-hant"},
};

/* Does tag (lower case) match lang's leading subtags? */
static int tag_matches(const char *lang, const char *tag)
{
    size_t n = strlen(tag);
    return strncasecmp(lang, tag, n) == 0 && (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_');
}

static const language *language_of(const char *lang)
{
    if (!lang)
        return &languages[0];
    char norm[32];
    snprintf(norm, sizeof norm, "%s", lang);
    for (char *c = norm; *c; c++)
        if (*c == '_')
            *c = '-';
    for (size_t i = 0; i < HJ_ARRAY_LEN(language_aliases); i++)
        if (tag_matches(norm, language_aliases[i].tag))
            lang = language_aliases[i].as;
    const language *best = &languages[0];
    size_t bestlen = 0;
    for (size_t i = 0; i < HJ_ARRAY_LEN(languages); i++) {
        size_t n = strlen(languages[i].tag);
        if (n > bestlen && tag_matches(lang, languages[i].tag)) {
            best = &languages[i];
            bestlen = n;
        }
    }
    return best;
}

int present_quotes(const char *lang, const char *q[4])
{
    const language *l = language_of(lang);
    for (int i = 0; i < 4; i++)
        q[i] = l->quotes[i];
    return l != &languages[0];
}

const char *present_fill(const present *p, present_word w, const char *a1, const char *a2)
{
    const char *t = p->words[w];
    buf b = BUF_INIT;
    for (const char *s = t; *s; s++) {
        if (s[0] == '%' && (s[1] == '1' || s[1] == '2')) {
            const char *arg = s[1] == '1' ? a1 : a2;
            if (arg)
                buf_puts(&b, arg);
            s++;
        } else {
            buf_putc(&b, *s);
        }
    }
    const char *r = arena_strndup(p->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return r;
}

static int has_text(const char *s)
{
    if (!s)
        return 0;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 1;
    return 0;
}

const doc_node *present_title_heading(const doc_node *chapter)
{
    return chapter && chapter->kind == DOC_CHAPTER ? chapter->title : NULL;
}

const char *present_chapter_title(const doc_node *chapter)
{
    return chapter && chapter->plain ? chapter->plain : "";
}

/* The label template of a word that is numbered ("Chapter" -> PW_CHAPTER_LABEL). */
static present_word label_of(present_word w)
{
    switch (w) {
    case PW_CHAPTER:
        return PW_CHAPTER_LABEL;
    case PW_FIGURE:
        return PW_FIGURE_LABEL;
    case PW_TABLE:
        return PW_TABLE_LABEL;
    case PW_NOTE:
        return PW_NOTE_LABEL;
    default:
        return PW_SECTION_LABEL;
    }
}

const char *present_label(const present *p, const doc_node *n)
{
    if (!n || !n->label)
        return NULL;
    switch (n->kind) {
    case DOC_FIGURE:
        return present_fill(p, PW_FIGURE_LABEL, NULL, n->label);
    case DOC_TABLE:
        return present_fill(p, PW_TABLE_LABEL, NULL, n->label);
    case DOC_CHAPTER:
        return present_fill(p, PW_CHAPTER_LABEL, NULL, n->label);
    default:
        return NULL;
    }
}

int present_can_xref(const doc_node *t)
{
    if (!t || !t->label)
        return 0;
    switch (t->kind) {
    case DOC_FIGURE:
    case DOC_TABLE:
    case DOC_CHAPTER:
    case DOC_HEADING:
    case DOC_FOOTNOTE:
        return 1;
    default:
        return 0;
    }
}

const char *present_xref(const present *p, const doc_node *t)
{
    if (!t)
        return NULL;
    present_word w = PW_SECTION;
    const char *label = t->label;
    switch (t->kind) {
    case DOC_FIGURE:
        w = PW_FIGURE;
        break;
    case DOC_TABLE:
        w = PW_TABLE;
        break;
    case DOC_CHAPTER:
        w = PW_CHAPTER;
        break;
    case DOC_FOOTNOTE:
        w = PW_NOTE;
        break;
    case DOC_HEADING: {
        const doc_node *ch = t->chapter ? t->chapter : doc_chapter_of(t);
        if (ch && present_title_heading(ch) == t) {
            w = PW_CHAPTER;
            label = ch->label;
        }
        break;
    }
    default:
        break;
    }
    if (label)
        return present_fill(p, label_of(w), NULL, label);
    if (t->plain)
        return t->plain;
    return doc_plain_text(p->a, t);
}

const char *present_xref_page(const present *p, const doc_node *t, const char *folio)
{
    return present_fill(p, PW_ON_PAGE, present_xref(p, t), folio);
}

const doc_node *present_attribution(const doc_node *q)
{
    const doc_node *p = q ? q->last : NULL;
    if (!p || p == q->first || p->kind != DOC_PARA || !p->first || p->first->kind != DOC_TEXT)
        return NULL;
    const char *t = p->first->text;
    size_t len = p->first->len;
    if ((len >= 3 && (!memcmp(t, "\xe2\x80\x94", 3) || !memcmp(t, "\xe2\x80\x95", 3) ||
                      !memcmp(t, "\xe2\x80\x93", 3))) ||
        (len >= 2 && !memcmp(t, "--", 2)))
        return p;
    return NULL;
}

/* ---- the contents ---- */

static void entry_add(present *p, present_toc **list, int *n, int *cap, const doc_node *target,
                      int level, const char *label, const char *title, const doc_node *title_node)
{
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 32;
        *list =
            arena_realloc(p->a, *list, sizeof(**list) * (size_t)*cap, sizeof(**list) * (size_t)nc);
        *cap = nc;
    }
    present_toc *e = &(*list)[(*n)++];
    e->target = target;
    e->level = level;
    e->depth = level;
    e->nest = 0;
    e->label = label;
    e->title = title ? title : "";
    e->title_node = title_node;
    if (label && *label)
        e->text = *e->title ? arena_printf(p->a, "%s %s", label, e->title) : label;
    else
        e->text = *e->title ? e->title : p->words[PW_UNTITLED];
}

/* Parts (level 0: SUMMARY.md's "# Part" before a chapter), chapters (level 1) and, to
 * toc-depth, their top-level headings with an id (a later level-1 heading counts as level 2).
 * A chapter nested in SUMMARY.md (its level) sits one deeper per level, and under a part one
 * deeper again. */
static void make_toc(present *p, const doc_node *book)
{
    int cap = 0, in_part = 0;
    for (const doc_node *ch = book->first; ch; ch = ch->next) {
        if (ch->kind != DOC_CHAPTER)
            continue;
        in_part |= ch->info && *ch->info;
        /* prefix and suffix chapters (unnumbered) are in no part */
        int nest = ch->level > 1 ? ch->level - 1 : 0;
        int base = (in_part && !(ch->flags & DOC_F_UNNUMBERED)) + nest;
        if (ch->info && *ch->info) {
            entry_add(p, &p->toc, &p->ntoc, &cap, ch, 0, NULL, ch->info, NULL);
            p->toc[p->ntoc - 1].depth = 1;
        }
        entry_add(p, &p->toc, &p->ntoc, &cap, ch, 1, ch->label, present_chapter_title(ch),
                  present_title_heading(ch));
        p->toc[p->ntoc - 1].depth = base + 1;
        p->toc[p->ntoc - 1].nest = nest;
        for (const doc_node *n = ch->first; n; n = n->next) {
            if (n->kind != DOC_HEADING || n == present_title_heading(ch))
                continue;
            int lv = n->level < 2 ? 2 : n->level;
            if (lv > p->toc_depth || !n->id)
                continue;
            entry_add(p, &p->toc, &p->ntoc, &cap, n, lv, n->label,
                      n->plain ? n->plain : doc_plain_text(p->a, n), n);
            p->toc[p->ntoc - 1].depth = base + lv;
            p->toc[p->ntoc - 1].nest = nest;
        }
    }
}

/* Every numbered figure and table, in order, titled by its caption (by its label when it has
 * none). */
static void make_lists(present *p, const doc_node *book)
{
    int capf = 0, capt = 0;
    doc_iter it;
    doc_iter_init(&it, (doc_node *)book);
    while (doc_iter_next(&it)) {
        const doc_node *n = it.node;
        if (!it.entering || (n->kind != DOC_FIGURE && n->kind != DOC_TABLE) || !n->label)
            continue;
        const char *t = n->plain && *n->plain ? n->plain : present_label(p, n);
        if (n->kind == DOC_FIGURE)
            entry_add(p, &p->figures, &p->nfigures, &capf, n, 1, n->label, t, NULL);
        else
            entry_add(p, &p->tables, &p->ntables, &capt, n, 1, n->label, t, NULL);
    }
}

/* ---- front matter ---- */

static const char *authors_phrase(present *p)
{
    const config *c = p->cfg;
    const char **v = ARENA_NEWN(p->a, const char *, (size_t)c->nauthors + 1);
    int n = 0;
    for (int i = 0; i < c->nauthors; i++)
        if (has_text(c->authors[i]))
            v[n++] = c->authors[i];
    if (n == 0)
        return NULL;
    const char *s = v[0];
    for (int i = 1; i < n; i++) {
        const char *sep = i < n - 1 ? p->words[PW_LIST_SEP]
                          : n > 2   ? p->words[PW_SERIAL_AND]
                                    : p->words[PW_AND];
        s = arena_printf(p->a, "%s%s%s", s, sep, v[i]);
    }
    return s;
}

static void line_add(present *p, const char *kind, const char *text, int space_before)
{
    if (!has_text(text))
        return;
    p->copyright[p->ncopyright++] = (present_line){kind, text, space_before};
}

/* The copyright page: the title, the rights (or a notice from the year and the authors), the
 * publisher, the date, the identifier, and the colophon. */
static void make_copyright(present *p)
{
    const config *c = p->cfg;
    p->copyright = ARENA_NEWN(p->a, present_line, 8);
    const char *t = p->title;
    if (has_text(c->subtitle))
        t = arena_printf(p->a, "%s: %s", t, c->subtitle);
    line_add(p, "book-title", t, 0);
    if (has_text(c->rights)) {
        line_add(p, "rights", c->rights, 0);
    } else if (p->authors) {
        const char *d = c->date;
        int year = d && strlen(d) >= 4 && d[0] >= '0' && d[0] <= '9';
        line_add(p, "rights",
                 year ? present_fill(p, PW_COPYRIGHT_LINE, arena_strndup(p->a, d, 4), p->authors)
                      : present_fill(p, PW_COPYRIGHT_NOYEAR, p->authors, NULL),
                 0);
    }
    int gap = 1;
    if (has_text(c->publisher)) {
        line_add(p, "publisher", present_fill(p, PW_PUBLISHED_BY, c->publisher, NULL), gap);
        gap = 0;
    }
    if (has_text(c->date)) {
        line_add(p, "date", present_fill(p, PW_DATE, c->date, NULL), gap);
        gap = 0;
    }
    if (has_text(c->identifier))
        line_add(p, "identifier", c->identifier, gap);
    line_add(p, "colophon", present_fill(p, PW_TYPESET_WITH, HANJI_VERSION, NULL), 1);
}

present *present_make(arena *a, const config *cfg, const doc_node *book)
{
    present *p = ARENA_NEW(a, present);
    p->a = a;
    p->cfg = cfg;
    const language *l = language_of(cfg->lang);
    for (int i = 0; i < PW_COUNT; i++)
        p->words[i] = l->words[i] ? l->words[i] : languages[0].words[i];
    /* labels the language does not spell itself: its PW_LABEL with the word ("Chapter %2") */
    static const present_word numbered[] = {PW_CHAPTER, PW_SECTION, PW_FIGURE, PW_TABLE, PW_NOTE};
    for (size_t i = 0; i < HJ_ARRAY_LEN(numbered); i++) {
        present_word lw = label_of(numbered[i]);
        if (!l->words[lw])
            p->words[lw] = present_fill(p, PW_LABEL, p->words[numbered[i]], "%2");
    }
    p->toc_depth = cfg->toc_depth > 0 ? cfg->toc_depth : 2;
    p->title = has_text(cfg->title) ? cfg->title : p->words[PW_UNTITLED];
    p->authors = authors_phrase(p);
    make_copyright(p);
    if (book) {
        make_toc(p, book);
        make_lists(p, book);
    }
    return p;
}

/* ---- the characters printed ---- */

#define CP_LIMIT 0x110000

static void chars_add(unsigned char *bits, const char *s, size_t n)
{
    for (size_t i = 0; s && i < n;) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* ASCII, most of a book's text: no decoding */
            bits[b >> 3] |= (unsigned char)(1u << (b & 7));
            i++;
            continue;
        }
        size_t l = 1;
        uint32_t cp = utf8_decode(s + i, n - i, &l);
        if (cp < CP_LIMIT)
            bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
        i += l ? l : 1;
    }
}

static void chars_str(unsigned char *bits, const char *s)
{
    if (s)
        chars_add(bits, s, strlen(s));
}

int present_chars(const present *p, const doc_node *book, const uint32_t **cps)
{
    unsigned char *bits = calloc(CP_LIMIT / 8, 1);
    if (!bits)
        hj_oom();
    doc_iter it;
    doc_iter_init(&it, (doc_node *)book);
    while (book && doc_iter_next(&it)) {
        const doc_node *n = it.node;
        if (!it.entering)
            continue;
        if (n->kind == DOC_TEXT || n->kind == DOC_CODE || n->kind == DOC_CODEBLOCK)
            chars_add(bits, n->text, n->len);
        chars_str(bits, n->label);
        if (n->kind == DOC_TABLE && n->caption) {
            doc_iter ci;
            doc_iter_init(&ci, n->caption);
            while (doc_iter_next(&ci))
                if (ci.entering && ci.node->kind == DOC_TEXT)
                    chars_add(bits, ci.node->text, ci.node->len);
        }
    }
    for (int i = 0; i < PW_COUNT; i++)
        chars_str(bits, p->words[i]);
    chars_str(bits, p->title);
    chars_str(bits, p->cfg->subtitle);
    chars_str(bits, p->cfg->publisher);
    chars_str(bits, p->authors);
    for (int i = 0; i < p->ncopyright; i++)
        chars_str(bits, p->copyright[i].text);
    int n = 0; /* the bitmap is mostly empty: by bytes */
    for (uint32_t b = 0; b < CP_LIMIT / 8; b++)
        n += __builtin_popcount(bits[b]);
    uint32_t *out = ARENA_NEWN(p->a, uint32_t, (size_t)n + 1);
    n = 0;
    for (uint32_t b = 0; b < CP_LIMIT / 8; b++)
        for (uint32_t k = 0; bits[b] && k < 8; k++)
            if ((bits[b] >> k) & 1)
                out[n++] = b << 3 | k;
    free(bits);
    *cps = out;
    return n;
}

const char *present_callout_title(const present *p, const doc_node *n)
{
    static const char *const kinds[] = {"note", "tip", "important", "warning", "caution"};
    if (!n || n->kind != DOC_BLOCKQUOTE || !(n->flags & DOC_F_CALLOUT) || !n->info)
        return NULL;
    for (size_t i = 0; i < HJ_ARRAY_LEN(kinds); i++)
        if (strcmp(n->info, kinds[i]) == 0)
            return p->words[PW_CALLOUT_NOTE + (int)i];
    return NULL;
}
