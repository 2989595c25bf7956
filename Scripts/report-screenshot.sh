#!/usr/bin/env bash
# Trains CLINC150, evaluates it into reports/clinc (report.html with every plot, a
# learning curve), renders the page in headless Chromium, fails on JavaScript errors and
# writes reports/clinc/report.png to look at. Installs Chromium (Debian) when missing.
#   Scripts/report-screenshot.sh [DATA]   (default ../shared/datasets/clinc150/data_full.json)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/datasets/clinc150/data_full.json}"
OUT=reports/clinc
MODEL=reports/models/clinc
SCRATCH="${SCRATCH_PATH:-.build-reports}"

[ -e "$DATA" ] || { echo "no data at $DATA" >&2; exit 1; }
if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium" >&2
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

swift build -c release --scratch-path "$SCRATCH" --product frontline
FRONTLINE="$SCRATCH/release/frontline"
"$FRONTLINE" train --data "$DATA" --out "$MODEL" --quiet
"$FRONTLINE" evaluate --model "$MODEL" --data "$DATA" --learning-curve 10,25,50,100 --report "$OUT"

PAGE="file://$(pwd)/$OUT/report.html"
LOG="$OUT/chromium.log"
DOM="$OUT/report.dom.html"
# Chromium logs every uncaught exception and console error to stderr as a CONSOLE line;
# the DOM dump shows the page was parsed to the end.
chromium --headless --disable-gpu --no-sandbox --enable-logging=stderr --v=0 \
    --virtual-time-budget=5000 --dump-dom "$PAGE" >"$DOM" 2>"$LOG" || true
chromium --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --screenshot="$(pwd)/$OUT/report.png" --window-size=1400,4000 "$PAGE" 2>>"$LOG" || true

if grep -E "Uncaught|CONSOLE.*(Error|error)|SyntaxError|TypeError|ReferenceError" "$LOG"; then
    echo "JavaScript errors in $OUT/report.html (see $LOG)" >&2
    exit 1
fi
grep -q '<section id="errors">' "$DOM" || { echo "the rendered DOM lacks the errors section" >&2; exit 1; }
[ -s "$OUT/report.png" ] || { echo "no screenshot written" >&2; exit 1; }
echo "screenshot: $OUT/report.png (console clean; DOM in $DOM)"
