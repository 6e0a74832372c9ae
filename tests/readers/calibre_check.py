# calibre_check.py: Calibre's own book check (what ebook-edit's Check Book runs) on an EPUB,
# headless. Run with Calibre's Python:
#   QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu" \
#     calibre-debug calibre_check.py -- BOOK.epub
# Prints one line per finding ("LEVEL Type file:line message") and a summary line. Stylelint's
# findings (type CSSError) are style advice, printed but not counted as errors.
# Exit: 0 no error, 1 errors, 2 usage.
import sys

from calibre.ebooks.oeb.polish.check.main import run_checks
from calibre.ebooks.oeb.polish.container import get_container
from calibre.utils.logging import default_log

paths = [a for a in sys.argv[1:] if a != '--']
if len(paths) != 1:
    print('usage: calibre-debug calibre_check.py -- BOOK.epub', file=sys.stderr)
    sys.exit(2)
default_log.filter_level = default_log.ERROR
names = {0: 'DEBUG', 1: 'INFO', 2: 'WARN', 3: 'ERROR', 4: 'CRITICAL'}
errors = warnings = lint = 0
for e in run_checks(get_container(paths[0], tweak_mode=True)):
    kind = type(e).__name__
    level = names.get(e.level, str(e.level))
    print(f'{level} {kind} {e.name}:{e.line} {e.msg}')
    if kind == 'CSSError':
        lint += 1
    elif e.level >= 3:
        errors += 1
    elif e.level == 2:
        warnings += 1
print(f'calibre-check: {errors} error(s), {warnings} warning(s), {lint} css-lint finding(s)')
sys.exit(1 if errors else 0)
