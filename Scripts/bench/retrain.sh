#!/usr/bin/env bash
# Times `frontline retrain` of the default assistant (TrainingData, Models/default) with
# COUNT (default 10,000) synthetic agents' outcomes in the database (target ≤ 10 s on
# 2 cores). The outcomes are written through the store's API by the hidden
# `frontline outcomes synthesize` (varied training examples, correctly labelled).
# Runs twice: against Models/default as shipped (trained on all the data, so retrain refits
# its recipe without the fixed holdout for a fair comparison) and against a model retrain
# made (holdout marker present: no refit). Nothing is promoted (--no-promote).
# FRONTLINE_SCRATCH picks the build folder, FRONTLINE_NO_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
source Scripts/server/common.sh
COUNT=${COUNT:-10000}
build_server

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" outcomes synthesize --db "$tmp/bench.db" --data TrainingData --count "$COUNT"
cp -r Models/default "$tmp/default"

seconds() { awk '/^seconds/ {print $2}'; }
echo "== retrain against Models/default (no holdout marker: the current recipe is refitted)"
/usr/bin/time -f "wall %e s, max RSS %M KB" "$bin" retrain --data TrainingData --db "$tmp/bench.db" --model "$tmp/default" \
  --out "$tmp/candidate" --no-promote 2>"$tmp/err1.txt" | tee "$tmp/out1.txt"
grep -E "^wall|outcomes:" "$tmp/err1.txt"
echo "== retrain against a model retrain made (marker present: no refit)"
mv "$tmp/candidate" "$tmp/retrained"
/usr/bin/time -f "wall %e s, max RSS %M KB" "$bin" retrain --data TrainingData --db "$tmp/bench.db" --model "$tmp/retrained" \
  --out "$tmp/candidate" --no-promote 2>"$tmp/err2.txt" | tee "$tmp/out2.txt"
grep -E "^wall" "$tmp/err2.txt"
echo
echo "== results ($COUNT outcomes, $(nproc) cores)"
first=$(seconds <"$tmp/out1.txt"); second=$(seconds <"$tmp/out2.txt")
echo "retrain, current refitted   ${first} s   (target <= 10 s)  $(python3 -c "print('OK' if $first <= 10 else 'MISSED')")"
echo "retrain, marker present     ${second} s   (target <= 10 s)  $(python3 -c "print('OK' if $second <= 10 else 'MISSED')")"
