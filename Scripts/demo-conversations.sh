#!/usr/bin/env bash
# Runs one scripted conversation per capability of the engine (forms, multi-slot answers,
# knowledge base, the order action, fallback escalation, human request, frustration,
# queue updates after handoff, cross-channel memory) through `frontline chat --json` against the
# default assistant, prints the transcripts and checks each went as expected.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .build/release/frontline ] || swift build -c release --product frontline
db=$(mktemp -d)/demo.db
python3 Scripts/demo/conversations.py .build/release/frontline "$db"
