#!/usr/bin/env bash
# lint.sh: static checks run by CI: cppcheck and clang-tidy over src/, and clang-format's verdict.
# Needs build/compile_commands.json (./setup.sh or cmake makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
echo "lint: cppcheck"
cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
  --inline-suppr --std=c11 -I src --suppress=missingIncludeSystem src || status=1
echo "lint: clang-tidy"
# (its exit status says nothing useful: the findings decide)
tidy=$(clang-tidy -p build --quiet src/*.c 2>/dev/null || true)
if grep -E "warning:|error:" <<<"$tidy"; then status=1; fi
echo "lint: clang-format"
clang-format --dry-run --Werror src/*.c src/*.h tests/unit/*.c tests/unit/*.h fuzz/*.c fuzz/*.h \
  tests/fixtures/images/*.c || status=1
if [ $status = 0 ]; then echo "lint: clean"; else echo "lint: problems found"; fi
exit $status
