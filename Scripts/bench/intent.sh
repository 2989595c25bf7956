#!/usr/bin/env bash
# Intent classifier benchmark (release build): Frontline against scikit-learn and
# fastText, measured in the same run on CLINC150 Full and SNIPS joint from
# ../shared/datasets. Peers go into a throwaway venv (BENCH_VENV, default
# /tmp/frontline-bench-venv). Prints JSON lines, then a table with the ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${DATASETS:-../shared/datasets}"
if [ ! -f "$data/clinc150/data_full.json" ]; then
  echo "bench: $data/clinc150/data_full.json not found; set DATASETS to the shared datasets folder" >&2
  exit 1
fi
Scripts/setup
swift build -c release >&2
bin=.build/release/frontline
out=$(mktemp -d)

venv="${BENCH_VENV:-/tmp/frontline-bench-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q scikit-learn numpy >&2
# fastText's Python binding predates NumPy 2 (its predict() fails there), so it gets a venv of its own.
ftvenv="${venv}-fasttext"
if [ ! -x "$ftvenv/bin/python" ]; then
  python3 -m venv "$ftvenv"
fi
fasttext=1
"$ftvenv/bin/pip" install -q "numpy<2" scikit-learn fasttext-wheel >&2 2>/dev/null || { fasttext=0; echo "bench: fastText could not be installed; skipping it" >&2; }

echo "== Frontline (in-process, release build)" >&2
"$bin" bench-intent --data "$data/clinc150/data_full.json" --runs logreg-cblas,logreg-swift,nb,logreg-encoder | sed 's/^{/{"data":"clinc150",/' | tee "$out/frontline.jsonl"
"$bin" bench-intent --data "$data/snips-joint" --runs logreg-cblas,nb,logreg-encoder | sed 's/^{/{"data":"snips-joint",/' | tee -a "$out/frontline.jsonl"

echo "== Peers" >&2
"$venv/bin/python" Scripts/bench/intent_peers.py --clinc "$data/clinc150/data_full.json" --snips "$data/snips-joint" \
  --peers sklearn-logreg,sklearn-svm,sklearn-nb | tee "$out/peers.jsonl"
if [ "$fasttext" -eq 1 ]; then
  "$ftvenv/bin/python" Scripts/bench/intent_peers.py --clinc "$data/clinc150/data_full.json" --snips "$data/snips-joint" \
    --peers fasttext | tee -a "$out/peers.jsonl"
fi

python3 Scripts/bench/intent_table.py "$out/frontline.jsonl" "$out/peers.jsonl"
