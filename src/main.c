/* main.c: the hanji command line. Parses arguments and hands over to build.c; knows nothing
 * about books itself. Exit status: 0 built, 1 errors in the input, 2 usage error. */
#include "build.h"
#include "file.h"
#include "hanji.h"
#include "highlight.h"
#include "preflight.h"
#include "watch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: hanji build [PROJECT] [-o OUTDIR] [--pdf] [--epub] [--profile digital|print]\n"
    "                   [--dump=tree|layout|xhtml] [--no-highlight] [-q] [-v]\n"
    "       hanji watch [PROJECT] [-o OUTDIR] [--profile digital|print] [--no-highlight] [-q] "
    "[-v]\n"
    "       hanji check --print [PROJECT] [-q]\n"
    "       hanji init DIR\n"
    "       hanji --help | --version\n";

static const char help_text[] =
    "hanji turns a book written in Markdown into a typeset PDF and an EPUB 3.\n"
    "\n"
    "Commands:\n"
    "  build [PROJECT]   build PROJECT (default: the current folder) into PROJECT/out\n"
    "  watch [PROJECT]   build, then rebuild whenever a file in book/, images/ or fonts/\n"
    "                    changes (Ctrl-C to stop); failed builds keep the last good outputs\n"
    "  check --print [PROJECT]  build the print PDF in a temporary folder and check it\n"
    "                    against KDP/IngramSpark's requirements; exit 1 if one fails\n"
    "  init DIR          create a new book project in DIR that builds as it is\n"
    "\n"
    "Options for build:\n"
    "  -o OUTDIR         write the outputs to OUTDIR\n"
    "  --pdf, --epub     write only these formats (default: both)\n"
    "  --profile NAME    digital (default: links, outline) or print (trim box, no links)\n"
    "  --dump=tree       print the document tree and write nothing\n"
    "  --dump=layout     print the typeset pages and write nothing\n"
    "  --dump=xhtml      print each chapter's XHTML (as in the EPUB) and write nothing\n"
    "  --no-highlight    set code blocks plain (no syntax highlighting)\n"
    "  -q                print errors only\n"
    "  -v                print phase timings\n"
    "\n"
    "A project holds book/book.yaml, chapters book/*.md, pictures in images/ and fonts in\n"
    "fonts/. Exit status: 0 built, 1 errors in the input (outputs untouched), 2 usage error.\n";

/* Prints "hanji: MESSAGE" where the message is what, with %s standing for arg. */
static int usage_error(const char *what, const char *arg)
{
    const char *mark = strstr(what, "%s");
    fputs("hanji: ", stderr);
    if (mark)
        fprintf(stderr, "%.*s%s%s\n", (int)(mark - what), what, arg, mark + 2);
    else
        fprintf(stderr, "%s\n", what);
    fputs(usage_text, stderr);
    return 2;
}

/* The options of build and watch (watch takes no --pdf, --epub or --dump). Fills o and *quiet;
 * returns 0, or 2 after a usage message. */
static int parse_build_args(int argc, char **argv, int watch, build_opts *o, int *quiet)
{
    int have_project = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (++i >= argc)
                return usage_error("%s needs a folder", a);
            o->outdir = argv[i];
        } else if (!strncmp(a, "-o", 2) && a[2]) {
            o->outdir = a + 2;
        } else if (!watch && !strcmp(a, "--pdf")) {
            o->formats |= BUILD_PDF;
        } else if (!watch && !strcmp(a, "--epub")) {
            o->formats |= BUILD_EPUB;
        } else if (!watch && !strncmp(a, "--dump=", 7)) {
            o->dump = a + 7;
            if (strcmp(o->dump, "tree") != 0 && strcmp(o->dump, "layout") != 0 &&
                strcmp(o->dump, "xhtml") != 0)
                return usage_error("unknown dump '%s' (tree, layout or xhtml)", o->dump);
        } else if (!strcmp(a, "--profile") || !strncmp(a, "--profile=", 10)) {
            const char *v = a[9] == '=' ? a + 10 : (++i < argc ? argv[i] : NULL);
            if (!v || (strcmp(v, "digital") != 0 && strcmp(v, "print") != 0))
                return usage_error("--profile takes digital or print%s", "");
            o->print_profile = !strcmp(v, "print");
        } else if (!strcmp(a, "--no-highlight")) {
            o->no_highlight = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            *quiet = 1;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            o->verbose = 1;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (!have_project) {
            o->project = a;
            have_project = 1;
        } else {
            return usage_error("unexpected argument '%s'", a);
        }
    }
    if (!file_is_dir(o->project))
        return usage_error("no project folder '%s'", o->project);
    return 0;
}

static int cmd_build(int argc, char **argv)
{
    build_opts o = {".", NULL, 0, NULL, 0, 0, 0, 0};
    int quiet = 0;
    if (parse_build_args(argc, argv, 0, &o, &quiet) != 0)
        return 2;
    if (!o.formats)
        o.formats = BUILD_PDF | BUILD_EPUB;
    o.progress = !quiet && !o.verbose && !o.dump && isatty(STDERR_FILENO);
    diag_ctx d;
    diag_init(&d, stderr);
    d.quiet = quiet;
    build_result r;
    int status = build_run(&o, &d, &r);
    if (!quiet && !o.dump) {
        if (status == 0) {
            for (int i = 0; i < r.noutputs; i++)
                fprintf(stderr, "hanji: wrote %s\n", r.outputs[i]);
            if (r.pages)
                fprintf(stderr, "hanji: %d pages, %d warning%s\n", r.pages, r.warnings,
                        r.warnings == 1 ? "" : "s");
        } else {
            /* outputs[] names what a build that failed while replacing did replace */
            fprintf(stderr, "hanji: %d error%s, %d warning%s; %s\n", r.errors,
                    r.errors == 1 ? "" : "s", r.warnings, r.warnings == 1 ? "" : "s",
                    r.outputs[0] ? "not every output was written" : "nothing written");
        }
    }
    return status;
}

/* ---- hanji watch ------------------------------------------------------------------------- */

static int cmd_watch(int argc, char **argv)
{
    build_opts o = {".", NULL, BUILD_PDF | BUILD_EPUB, NULL, 0, 0, 0, 0};
    int quiet = 0;
    if (parse_build_args(argc, argv, 1, &o, &quiet) != 0)
        return 2;
    o.progress = !quiet && !o.verbose && isatty(STDERR_FILENO);
    return watch_run(&o, quiet);
}

/* ---- hanji check ------------------------------------------------------------------------- */

static int cmd_check(int argc, char **argv)
{
    const char *project = ".";
    int quiet = 0, print = 0, have_project = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--print"))
            print = 1;
        else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
            quiet = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("unknown option '%s'", argv[i]);
        else if (!have_project++)
            project = argv[i];
        else
            return usage_error("unexpected argument '%s'", argv[i]);
    }
    if (!print)
        return usage_error("check needs --print (the only check so far)%s", "");
    if (!file_is_dir(project))
        return usage_error("no project folder '%s'", project);
    return preflight_run(project, quiet);
}

/* ---- hanji init -------------------------------------------------------------------------- */

static const char init_yaml[] =
    "# book.yaml: the book's metadata and settings (pandoc's key names).\n"
    "title: My Book\n"
    "author: A. Writer\n"
    "lang: en\n"
    "date: \"2026\"\n"
    "rights: © 2026 A. Writer. All rights reserved.\n"
    "# chapters: [01-introduction.md, 02-next.md]  # default: every *.md here, sorted by name\n"
    "# page-size: 6x9in        # 5.5x8.5in, 5x8in, A5, A4, letter or WIDTHxHEIGHT\n"
    "# cover-image: ../images/cover.png\n";

static const char init_chapter1[] =
    "# Introduction\n"
    "\n"
    "This is the first chapter. Write in Markdown: *emphasis*, **strong**, lists,\n"
    "tables, footnotes[^first] and pictures alone in a paragraph become numbered figures.\n"
    "\n"
    "## A section\n"
    "\n"
    "Sections get numbers and appear in the table of contents. See [the next\n"
    "chapter](02-next.md).\n"
    "\n"
    "[^first]: Footnotes appear at the foot of the page in the PDF and as pop-ups in the EPUB.\n";

static const char init_chapter2[] = "# The Next Chapter\n"
                                    "\n"
                                    "Every chapter starts with a level-1 heading: its title.\n"
                                    "\n"
                                    "| Format | Reader |\n"
                                    "|:-------|:-------|\n"
                                    "| PDF    | print, screens |\n"
                                    "| EPUB   | e-readers, phones |\n"
                                    "\n"
                                    "Table: What hanji makes\n";

static int write_new(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (file_exists(path)) {
        fprintf(stderr, "hanji: %s exists; not overwritten\n", path);
        return 0;
    }
    if (file_write_atomic(path, text, strlen(text)) < 0) {
        fprintf(stderr, "hanji: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int cmd_init(int argc, char **argv)
{
    if (argc != 1)
        return usage_error("init takes one folder%s", "");
    const char *dir = argv[0];
    char sub[4096];
    snprintf(sub, sizeof(sub), "%s/book", dir);
    if (file_mkdirs(sub) < 0) {
        fprintf(stderr, "hanji: cannot create %s: %s\n", sub, strerror(errno));
        return 1;
    }
    snprintf(sub, sizeof(sub), "%s/images", dir);
    if (file_mkdirs(sub) < 0) {
        fprintf(stderr, "hanji: cannot create %s: %s\n", sub, strerror(errno));
        return 1;
    }
    snprintf(sub, sizeof(sub), "%s/book", dir);
    if (write_new(sub, "book.yaml", init_yaml) < 0 ||
        write_new(sub, "01-introduction.md", init_chapter1) < 0 ||
        write_new(sub, "02-next.md", init_chapter2) < 0)
        return 1;
    fprintf(stderr, "hanji: created a book in %s; build it with: hanji build %s\n", dir, dir);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage_text, stdout);
        fputc('\n', stdout);
        fputs(help_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        puts("hanji " HANJI_VERSION);
        printf("highlighting: %s\n", hl_grammar_list());
        return 0;
    }
    if (!strcmp(cmd, "build"))
        return cmd_build(argc - 2, argv + 2);
    if (!strcmp(cmd, "watch"))
        return cmd_watch(argc - 2, argv + 2);
    if (!strcmp(cmd, "init"))
        return cmd_init(argc - 2, argv + 2);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", cmd);
}
