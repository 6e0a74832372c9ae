#!/bin/sh
# chromium-offline.sh: Debian's Chromium started headless-ready on a machine with no network but
# the package registries. Ace (Puppeteer, through PUPPETEER_EXECUTABLE_PATH) runs this instead
# of a browser of its own; render.mjs passes the same flags itself.
#   --no-sandbox            CI and the sessions run as root
#   --disable-background-networking, --disable-component-update, --disable-sync, --no-first-run
#                           no calls home (refused here, and slow to fail)
#   --disable-gpu, --disable-quic
# Puppeteer brings its own --user-data-dir; run by hand, a temporary profile is made and removed.
set -u
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
set -- --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync "$@"
case " $* " in
*" --user-data-dir="*) exec "$CHROMIUM" "$@" ;;
esac
profile=$(mktemp -d "${TMPDIR:-/tmp}/hanji-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT INT TERM
"$CHROMIUM" --user-data-dir="$profile" "$@"
