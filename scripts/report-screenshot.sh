#!/usr/bin/env bash
# Renders a run's report.html with headless Chromium (offline: no network features) to a PNG.
#   scripts/report-screenshot.sh <run-dir> [out.png] [height]
# Default output: <run-dir>/report-screenshot.png; default window 1280x4000.
set -euo pipefail
if [ $# -lt 1 ] || [ ! -f "$1/report.html" ]; then
  echo "usage: $0 <run-dir with report.html> [out.png] [height]" >&2
  exit 2
fi
RUN=$(cd "$1" && pwd)
OUT=${2:-$RUN/report-screenshot.png}
case "$OUT" in /*) ;; *) OUT=$PWD/$OUT ;; esac
HEIGHT=${3:-4000}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$PROFILE" --hide-scrollbars --screenshot="$OUT" --window-size=1280,"$HEIGHT" \
  "file://$RUN/report.html" >/dev/null 2>&1 || { echo "chromium failed on $RUN/report.html" >&2; exit 1; }
[ -s "$OUT" ] || { echo "no screenshot written to $OUT" >&2; exit 1; }
echo "$OUT"
