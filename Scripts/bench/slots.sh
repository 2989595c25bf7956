#!/usr/bin/env bash
# Slot-filling benchmark (release build): Frontline against a linear-chain CRF
# (sklearn-crfsuite, with and without the intent as a feature; Scripts/bench/slots_peers.py)
# on the SNIPS joint test split from ../shared/datasets, measured in the same run.
# Peers go into a throwaway venv (BENCH_VENV, default /tmp/frontline-bench-venv).
# Prints JSON lines, then a table with the ratios (Scripts/bench/slots_table.py).
#
#   Scripts/bench/slots.sh [--no-peers]
#   DATASETS=DIR      the shared datasets folder (default ../shared/datasets)
#   SCRATCH_PATH=DIR  SwiftPM build folder (default .build)
#
# Contract for `frontline bench-slots --data DIR --split test`: it trains on DIR's train
# split, scores the given split and prints exactly one JSON object on one line of standard
# output (progress goes to standard error), with at least these keys, defined as the peers
# define them (slots_peers.py's docstring, SlotMetrics.swift):
#   name               string, e.g. "frontline"
#   train_seconds      everything the parser needs: features, intent model, slot model
#   slot_precision, slot_recall, slot_f1   micro, exact slot + start + end, 0/0 = 0 (conlleval)
#   frame_accuracy     intent right and the spans exactly the gold ones
#   intent_accuracy
#   us_per_utterance   median wall time of parsing one utterance (intent + slots), featurisation included
# All rates are fractions in [0, 1], not percentages.
#
# Scaling with the tag set: the same command with --split-slots intent (each slot split per
# intent, "PlayMusic.artist": 53 slot types, 107 BIO tags) and --split-slots intent-length
# (also by single- or multi-token value: 97 slot types, 195 tags) adds lines named
# frontline-split-*, with tags, max_tags_per_intent, tag_us_per_utterance (the tagger given
# the intent) and all_tags_us_per_utterance (no intent: decoding over every tag).
set -euo pipefail
cd "$(dirname "$0")/../.."

peers=1
for arg in "$@"; do
  case "$arg" in
    --no-peers) peers=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "slots.sh: unknown argument $arg: expected --no-peers" >&2; exit 2 ;;
  esac
done

data="${DATASETS:-../shared/datasets}/snips-joint"
if [ ! -f "$data/train/seq.in" ] || [ ! -f "$data/test/seq.in" ]; then
  echo "bench: $data/{train,test}/seq.in not found; set DATASETS to the shared datasets folder" >&2
  exit 1
fi
scratch="${SCRATCH_PATH:-.build}"
Scripts/setup
swift build -c release --scratch-path "$scratch" >&2
bin="$scratch/release/frontline"
out=$(mktemp -d)

echo "== Frontline (in-process, release build)" >&2
# An unknown subcommand's --help prints the top-level help and exits 0, so look for its own usage line.
if "$bin" bench-slots --help 2>/dev/null | grep -q 'USAGE: frontline bench-slots'; then
  if ! "$bin" bench-slots --data "$data" --split test | tee "$out/frontline.jsonl"; then
    echo "bench: frontline bench-slots failed" >&2
    echo '{"name": "frontline", "skipped": "bench-slots failed"}' >"$out/frontline.jsonl"
  fi
  for split in intent intent-length; do
    echo "== Frontline, slots split by $split" >&2
    if ! "$bin" bench-slots --data "$data" --split test --split-slots "$split" | tee -a "$out/frontline.jsonl"; then
      echo "{\"name\": \"frontline-split-$split\", \"skipped\": \"bench-slots failed\"}" >>"$out/frontline.jsonl"
    fi
  done
else
  echo "bench: frontline bench-slots: not available in this build (no such subcommand yet); peers only" >&2
  echo '{"name": "frontline", "skipped": "bench-slots not available in this build"}' >"$out/frontline.jsonl"
fi

: >"$out/peers.jsonl"
if [ "$peers" -eq 1 ]; then
  venv="${BENCH_VENV:-/tmp/frontline-bench-venv}"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  # Versions measured with Python 3.11; python-crfsuite ships manylinux wheels for it.
  "$venv/bin/pip" install -q scikit-learn==1.9.1 numpy==2.4.6 sklearn-crfsuite==0.5.0 python-crfsuite==0.9.12 >&2
  echo "== Peers (about 4 minutes per CRF)" >&2
  "$venv/bin/python" Scripts/bench/slots_peers.py "$data" | tee "$out/peers.jsonl"
fi

python3 Scripts/bench/slots_table.py "$out/frontline.jsonl" "$out/peers.jsonl"
