/* hanji.h: the list of modules and their prefixes, and what every module may assume.
 *
 * Pipeline:
 *   files -> project (chapters, sources) -> md (cmark-gfm) -> doc tree -> doc passes
 *         |-> layout_para (shaping, widths, hyphen points) -> layout_break (Knuth-Plass)
 *         |   -> layout_page (pagination, fills the pagemap) -> pdf (libharu)
 *         `-> xhtml per chapter -> epub (libzip)       both read present (what the reader sees)
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
 *   summary_ summary.c     mdBook's SUMMARY.md: chapter order, nesting, parts, drafts
 *   md_      md.c          Markdown -> doc tree (the only cmark-gfm user)
 *   mdbook_  mdbook.c      mdBook's {{#include}} directives, expanded before parsing
 *   html_    html.c        raw HTML in chapters, parsed with the rest (the only gumbo user)
 *   doc_     doc.c         the document tree, iterator, invariant checker
 *   docpass_ doc_pass.c    ids, slugs, numbering, notes, link resolution, chapter titles
 *   docdump_ doc_dump.c    stable text dump of the tree
 *   hl_      highlight.c   syntax highlighting of fenced code (the only tree-sitter user)
 *   image_   image.c       decoding and validating images (the only libpng/libjpeg user)
 *   image_gif_  image_gif.c   GIF's first frame, every frame checked (the only giflib user)
 *   image_webp_ image_webp.c  WebP's first frame (the only libwebp user)
 *   image_svg_  image_svg.c   SVG drawn for the PDF, refused when it refers outside itself
 *                             (the only librsvg and cairo user); image_codec.h: these three
 *   imgload_ imgload.c     the book's images, decoded on a second thread (the only thread user)
 *   font_    font.c        font loading, metrics, shaping, fallback, subsetting (the only
 *                          HarfBuzz user)
 *   fontcff_ font_cff.c    a CFF table's Top DICT and charset (CIDs for the PDF)
 *   fontmiss_ font_missing.c the characters no face has, and their warning
 *   sysfont_ sysfont.c     installed faces for what the book's lack (the only fontconfig user)
 *   hyph_    hyph.c        hyphenation points (the only libhyphen user)
 *   ubrk_    ubrk.c        UAX #14 break opportunities (the only libunibreak user)
 *   thbrk_   thbrk.c       Thai word boundaries from a dictionary (the only libthai user)
 *   bidi_    bidi.c        the Unicode bidi algorithm: levels, line order (the only FriBidi user)
 *   para_    layout_para.c   paragraph -> boxes, glue and penalties
 *   kp_      layout_break.c  Knuth-Plass line breaking
 *   vbox_ vl_ layout_vlist.c a chapter's vertical list of boxes, glue and penalties
 *   blk_     layout_block.c  the blocks (paragraphs, headings, code, figures, lists, quotes)
 *   tbl_     layout_table.c  tables
 *   fn_      layout_notes.c  footnotes at the page foot
 *   pb_      layout_pbreak.c the page breaker (page_break)
 *   page_    layout_page.c   pagination, running heads, the book assembled
 *   preset_  layout_preset.c the chapters' paragraphs set ahead on a second thread
 *   front_   layout_front.c  title and copyright pages, contents, lists of figures and tables
 *            layout_style.h  the typographic parameters; layout_int.h what the layout shares
 *   laydump_ layout_dump.c   stable text dump of pages, lines and boxes
 *   present_ present.c     what the reader sees: built-in words, contents, labels, front matter
 *   print_   print.c       print-on-demand requirements (KDP margins), for layout and preflight
 *   book_    book.c        the build's book: finding its images
 *   pdf_     pdf.c         layout -> PDF (the only libharu user)
 *            pdf_font.c    what the embedded fonts say (codes, CMaps); pdf_int.h what they share
 *   flate_   flate.c       deflate and inflate (the only zlib and libdeflate user)
 *   preflight_ preflight.c print preflight of a finished PDF (`hanji check --print`)
 *   cover_   cover.c       the print cover: KDP's geometry, set as a one-page lay_doc
 *   pagemap_ pagemap.c     where anchors and page starts landed (layout fills it, the EPUB reads)
 *   xhtml_   xhtml.c       doc tree -> XHTML chapters
 *   epub_    epub.c        EPUB 3 packaging (the only libzip user)
 *            epub_package.c the package files (opf, nav, ncx, front pages); epub_int.h shared
 *   epubfont_ epub_fonts.c the book's faces subset for the EPUB (epub-fonts: embed)
 *   cache_   cache.c       a watch session's parsed chapters and decoded images, by content
 *   memo_    memo.c        the writers' memo of derived bytes (a session's cache behind it)
 *   pcache_  paracache.c   broken paragraphs by content (a watch session's; a build's set ahead)
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

/* Ends the process with a message and exit status 1: the one place out-of-memory ends up
 * (hanji's own allocations and cmark-gfm's, through md.c's allocator). */
__attribute__((noreturn)) void hj_oom(void);

#endif
