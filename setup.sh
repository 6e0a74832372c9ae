#!/usr/bin/env bash
# setup.sh: the quick start's first command. Installs the Debian packages hanji needs (when
# missing), configures and builds hanji in build/, and builds the sample book into out/.
# Usage: ./setup.sh            (as root, or as a user who may sudo)
set -euo pipefail
cd "$(dirname "$0")"

# Build dependencies, then what the tests use to check outputs with tools we did not write.
PACKAGES=(
  gcc make cmake pkg-config git
  libhpdf-dev libzip-dev zlib1g-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev
  libhyphen-dev hyphen-en-us hyphen-en-gb hyphen-de hyphen-fr libunibreak-dev
  # hyphenation patterns for the common languages (issue 14); any other hyphen-* package works
  # when installed (hyph.c maps `lang` to its files)
  hyphen-es hyphen-it hyphen-nl hyphen-pt-pt hyphen-pt-br hyphen-ru hyphen-uk hyphen-pl
  hyphen-cs hyphen-sk hyphen-sv hyphen-da hyphen-no hyphen-hu hyphen-ro hyphen-hr hyphen-sl
  hyphen-ca hyphen-el hyphen-bg hyphen-lt hyphen-lv
  libharfbuzz-dev libpng-dev libjpeg-dev
  # images inflated and deflated whole (flate.c): libdeflate, several times zlib's speed
  libdeflate-dev
  # GIF, WebP and SVG figures (issue 15): image_gif.c, image_webp.c, image_svg.c
  libgif-dev libwebp-dev librsvg2-dev
  # syntax highlighting (highlight.c): tree-sitter's runtime; the grammars come from npm below
  libtree-sitter-dev
  # installed faces for scripts the bundled fonts lack (sysfont.c asks fontconfig): TrueType
  # Noto for Thai, Arabic, Hebrew, Devanagari..., Droid Sans Fallback for Chinese and Japanese,
  # Noto CJK (CFF outlines in .ttc collections: the serif forms for each CJK language)
  libfontconfig-dev fonts-noto-core fonts-droid-fallback fonts-noto-cjk
  # OpenType fonts with CFF outlines for the tests (otf_fonts.sh copies them into a book)
  fonts-ebgaramond fonts-urw-base35
  # Thai word boundaries (thbrk.c): libthai and its dictionary
  libthai-dev libthai-data
  # raw HTML in chapters (html.c): an HTML5 parser, so tags pair and nest as in a browser
  libgumbo-dev
  # right-to-left text (bidi.c): the Unicode bidi algorithm; hb-shape for the bidi e2e test
  libfribidi-dev libharfbuzz-bin
  epubcheck default-jre-headless qpdf poppler-utils mupdf-tools python3 unzip
  chromium calibre nodejs
  # robustness (issue 5): /usr/bin/time for the pathological-input bounds, valgrind for CI's
  # sample build, clang and its libFuzzer runtime for the fuzz targets CI builds
  time valgrind clang libclang-rt-14-dev
  # static checks in CI (scripts/lint.sh)
  cppcheck clang-tidy clang-format
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The reading systems and checkers the EPUB tests run (tests/readers: Ace, epub.js, foliate-js,
# playwright-core), from the npm registry at the versions in its package-lock.json. They use
# Debian's chromium: no browser is downloaded, no install script is run.
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
if ! cmp -s tests/readers/package-lock.json tests/readers/node_modules/.hanji-lock; then
  echo "setup: installing the reader test tools (npm ci in tests/readers)"
  (cd tests/readers && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts \
    --loglevel=error && cp package-lock.json node_modules/.hanji-lock)
fi

# The tree-sitter grammars code blocks are highlighted with (grammars/: their C sources and
# queries, at the versions in its package-lock.json, which CMake compiles; no install script).
if ! cmp -s grammars/package-lock.json grammars/node_modules/.hanji-lock; then
  echo "setup: installing the tree-sitter grammars (npm ci in grammars)"
  (cd grammars && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error &&
    cp package-lock.json node_modules/.hanji-lock)
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
ln -sf build/compile_commands.json compile_commands.json
./build/hanji build . -o out
