#!/usr/bin/env bash
# Sentence-encoder speed (release build): `frontline bench-encoder` (tokenizer + the whole
# BERT forward pass + pooling, all-MiniLM-L6-v2) beside the hardware bound measured in the
# same run: Scripts/bench/encoder_peer.c, only the six layers' sgemm products for the same
# shapes through the same OpenBLAS (no attention, LayerNorm, GELU or tokenizer).
#
#   Scripts/bench/encoder.sh [--tokens N]
#   SCRATCH_PATH=DIR  SwiftPM build folder (default .build)
#
# Output: JSON lines (name, case, tokens, texts, blas_threads, workers, ms_per_text,
# texts_per_second), then a table. Targets (issue 14): one 16-token text ≤ 10 ms median on
# one core; ≥ 300 texts/s of 16-token texts on 2 cores. The machine should be otherwise idle:
# on a shared, loaded machine both columns slow down together.
set -euo pipefail
cd "$(dirname "$0")/../.."

tokens=16
while [ $# -gt 0 ]; do
  case "$1" in
    --tokens) tokens="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "encoder.sh: unknown argument $1: expected --tokens N" >&2; exit 2 ;;
  esac
done

Scripts/setup
scratch="${SCRATCH_PATH:-.build}"
swift build -c release --scratch-path "$scratch" --product frontline >&2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 Scripts/bench/encoder_peer.c $(pkg-config --cflags --libs openblas) -o "$out/encoder_peer"

echo "== load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15-minute load average; 2 cores)" >&2
echo "== OpenBLAS sgemm only (the bound)" >&2
"$out/encoder_peer" "$tokens" | tee "$out/peer.jsonl"
echo "== Frontline encoder" >&2
"$scratch/release/frontline" bench-encoder --tokens "$tokens" | tee "$out/frontline.jsonl"

python3 - "$out/peer.jsonl" "$out/frontline.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.strip()]
print()
print(f"{'who':<16} {'case':<7} {'texts':>5} {'blas thr':>8} {'workers':>7} {'ms/text':>8} {'texts/s':>8}")
for r in rows:
    if r["case"] in ("single", "batch"):
        print(f"{r['name']:<16} {r['case']:<7} {r.get('texts', 1):>5} {r.get('blas_threads', r.get('threads', 1)):>8} "
              f"{r.get('workers', 1):>7} {r['ms_per_text']:>8.2f} {1000 / r['ms_per_text']:>8.0f}")
for r in rows:
    if r["case"] == "load":
        print(f"load {r['seconds']:.2f} s, resident {r['rss_mb']:.0f} MB, fingerprint {r['fingerprint']}")
    if r["case"] == "memory":
        print(f"resident after the runs: {r['rss_mb']:.0f} MB")
PY
