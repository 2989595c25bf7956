#!/usr/bin/env bash
# Prints the customers' stories (the broken gadget across channels, the impatient customer in
# the queue, contextual routing) as transcripts for people to read: each goes through
# `frontline chat --json` against the default assistant, on a fresh database. The same
# stories are checked over HTTP by Tests/FrontlineServerTests/StoryTests.swift.
#   Scripts/stories.sh [--debug]   (--debug uses the debug build instead of release)
set -euo pipefail
cd "$(dirname "$0")/.."
config=release
[ "${1:-}" = "--debug" ] && config=debug
binary=.build/$config/frontline
[ -x "$binary" ] || swift build -c "$config" --product frontline
db=$(mktemp -d)/stories.db
python3 Scripts/demo/stories.py "$binary" "$db"
