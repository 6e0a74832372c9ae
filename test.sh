#!/usr/bin/env bash
# test.sh: the quick start's second command. Builds (if needed) and runs the whole test suite:
# unit tests, golden dumps, expected diagnostics and end-to-end checks with epubcheck, qpdf,
# pdffonts and pdftotext.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j"$(nproc)" "$@"
