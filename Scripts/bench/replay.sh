#!/usr/bin/env bash
# Start-up replay of agents' outcomes into the outcome memory (release build): stores N
# outcomes (default 10,000; one conversation and one correction each) in a fresh SQLite
# database, then times a whole Assistant.load (which replays them), the one-query read of
# every correction, a replay into a fresh memory, and, as the peer in the same run, the
# read-a-conversation-per-outcome way the replay used before. Target: replay < 2 s.
#
#   Scripts/bench/replay.sh [N]
#   SCRATCH_PATH=DIR  SwiftPM build folder (default .build)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-10000}"
case "$n" in ''|*[!0-9]*) echo "replay.sh: expected a number of outcomes, found $n" >&2; exit 2 ;; esac
scratch="${SCRATCH_PATH:-.build}"
Scripts/setup
swift build -c release --scratch-path "$scratch" --product frontline >&2
"$scratch/release/frontline" bench-replay --data TrainingData --model Models/default --outcomes "$n"
