#!/usr/bin/env bash
# reader_ace.sh: Ace by DAISY (npm @daisy/ace-cli, in tests/readers) checks the sample and
# fixture books for EPUB Accessibility 1.1 / WCAG 2.1 AA, in Debian's Chromium started offline
# through tests/readers/chromium-offline.sh (no browser is downloaded). Fails on any violation,
# whatever its impact, and on missing accessibility metadata Ace requires.
# Usage: bash reader_ace.sh /path/to/hanji /path/to/source-dir
set -u
HANJI=$1
SRC=$2
. "$SRC/tests/readers/common.sh"
need_node_modules
[ -x "$READERS/node_modules/.bin/ace-cli" ] ||
    missing "ace-cli" "cd tests/readers && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund"
[ -x /usr/bin/chromium ] || missing chromium "apt-get install chromium"
need_cmd python3 "apt-get install python3"
build_books
while read -r name epub _; do
    out="$TMP/$name/ace"
    PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_EXECUTABLE_PATH="$READERS/chromium-offline.sh" \
        "$READERS/node_modules/.bin/ace-cli" -s -f -o "$out" "$epub" >"$TMP/$name/ace.log" 2>&1
    rc=$?
    if [ ! -f "$out/report.json" ]; then
        die "$name: Ace wrote no report (exit $rc):"
        tail -n 20 "$TMP/$name/ace.log"
        continue
    fi
    python3 - "$out/report.json" >"$TMP/$name/ace.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
bad = []
for a in r.get('assertions', []):
    for v in a.get('assertions', []):
        t = v.get('earl:test', {})
        bad.append(f"{t.get('earl:impact')} {t.get('dct:title')} in "
                   f"{a.get('earl:testSubject', {}).get('url')}: "
                   f"{v.get('earl:result', {}).get('dct:description', '')[:200]}")
outcome = r.get('earl:result', {}).get('earl:outcome')
for b in bad:
    print(b)
print(f"ace: outcome {outcome}, {len(bad)} violation(s)")
sys.exit(0 if outcome == 'pass' and not bad else 1)
PY
    if [ $? -eq 0 ] && [ $rc -eq 0 ]; then
        echo "ok: $name: $(tail -n 1 "$TMP/$name/ace.txt")"
    else
        die "$name: Ace (exit $rc):"
        cat "$TMP/$name/ace.txt"
    fi
done <"$TMP/books"
exit $fail
