#!/usr/bin/env bash
# Knowledge-base retrieval benchmark (release build): hit@1 and hit@3 of the full-text
# ranking (SQLite FTS5, as shipped before the encoder), of the sentence-encoder ranking
# (all-MiniLM-L6-v2 over article and section passages) and of their fusion, on the labelled
# customer questions in Tests/Fixtures/kb-questions.yml against TrainingData/kb.
# The fusion's method (weighted score or reciprocal rank) and weight are chosen on the
# validation half (each article's questions at even positions) and reported on the test
# half (odd positions) and on the full set; the shipped default (KBFusion.default) is shown
# too. Also: indexing time cold and warm (the vector cache), median search time, and how
# often the engine's min_score threshold answers right, wrong, or answers out-of-scope text.
#
#   Scripts/bench/kb.sh [--misses]     --misses lists each ranker's hit@1 misses (stderr)
#   SCRATCH_PATH=DIR  SwiftPM build folder (default .build)
set -euo pipefail
cd "$(dirname "$0")/../.."

args=()
for arg in "$@"; do
  case "$arg" in
    --misses) args+=(--misses) ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "kb.sh: unknown argument $arg: expected --misses" >&2; exit 2 ;;
  esac
done

scratch="${SCRATCH_PATH:-.build}"
Scripts/setup
swift build -c release --scratch-path "$scratch" --product frontline >&2
"$scratch/release/frontline" bench-kb --data TrainingData --questions Tests/Fixtures/kb-questions.yml "${args[@]+"${args[@]}"}"
