#!/usr/bin/env bash
# kill -9 `frontline chat` in the middle of a form, restart it on the same conversation,
# and show that every acknowledged message is stored with its reply and the form resumes.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .build/release/frontline ] || swift build -c release --product frontline
db=$(mktemp -d)/crash.db
python3 Scripts/demo/crash.py .build/release/frontline "$db"
