/* hanji.h: the list of modules and their prefixes, and what every module may assume.
 *
 * Pipeline:
 *   files -> project (chapters, sources) -> md (cmark-gfm) -> doc tree -> doc passes
 *         |-> layout_para (shaping, widths, hyphen points) -> layout_break (Knuth-Plass)
 *         |   -> layout_page (pagination) -> pdf (libharu)
 *         `-> xhtml per chapter -> epub (libzip)
 *
 * Module prefixes (one file each unless noted; each third-party library is included by one file):
 *   arena_   arena.c       bump allocator; one arena per build, a scratch arena per paragraph
 *   buf_     buf.c         growable byte buffer
 *   diag_    diag.c        diagnostics: code table, file:line:col printing, counts
 *   utf8_    utf8.c        UTF-8 decoding, validation, repair
 *   file_    file.c        reading files, atomic writes (temp file then rename)
 *   htab_    htab.c        open-addressing hash table of the caller's entries (build caches)
 *   config_  config.c      book.yaml (the only libyaml user)
 *   project_ project.c     finding and ordering chapters, resolving paths inside the project
 *   md_      md.c          Markdown -> doc tree (the only cmark-gfm user)
 *   doc_     doc.c         the document tree, iterator, invariant checker
 *   docpass_ doc_pass.c    ids, slugs, numbering, notes, link resolution, TOC
 *   docdump_ doc_dump.c    stable text dump of the tree
 *   image_   image.c       decoding and validating images (the only libpng/libjpeg user)
 *   imgload_ imgload.c     the book's images, decoded on a second thread (the only thread user)
 *   font_    font.c        font loading, metrics, shaping, fallback, subsetting (HarfBuzz)
 *   hyph_    hyph.c        hyphenation points (the only libhyphen user)
 *   ubrk_    ubrk.c        UAX #14 break opportunities (the only libunibreak user)
 *   para_    layout_para.c paragraph -> boxes, glue and penalties
 *   kp_      layout_break.c  Knuth-Plass line breaking
 *   page_    layout_page.c pagination, book structure, TOC pages
 *   laydump_ layout_dump.c stable text dump of pages, lines and boxes
 *   pdf_     pdf.c         layout -> PDF (the only libharu user)
 *   flate_   flate.c       deflate and inflate (the only zlib user)
 *   preflight_ preflight.c print preflight of a finished PDF (`hanji check --print`)
 *   pagemap_ pagemap.c     where each printed page begins, for the EPUB's page-list
 *   xhtml_   xhtml.c       doc tree -> XHTML chapters
 *   epub_    epub.c        EPUB 3 packaging (the only libzip user)
 *   cache_   cache.c       a watch session's parsed chapters and decoded images, by content
 *   pcache_  paracache.c   a watch session's broken paragraphs, by content
 *   build_   build.c       the pipeline; owns the build arena
 *   watch_   watch.c       `hanji watch`: inotify, coalescing, rebuilds (the only inotify user)
 *   main.c                 the command line
 */
#ifndef HANJI_H
#define HANJI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef HANJI_VERSION
#define HANJI_VERSION "0.0.0"
#endif

#define HJ_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Aborts the process with a message: the one place out-of-memory ends up. */
__attribute__((noreturn)) void hj_oom(void);

#endif
