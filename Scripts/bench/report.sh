#!/usr/bin/env bash
# Times `frontline report conversations` over a generated database of 1,000,000 messages
# (release build; target ≤ 10 s). The database is generated once (bench-report, seed 1)
# and kept in --dir (default .build/bench-report) for later runs.
#   Scripts/bench/report.sh [--messages 1000000] [--dir DIR] [--runs 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
scratch="${SCRATCH_PATH:-.build}"
messages=1000000
dir="$scratch/bench-report"
runs=3
while [ $# -gt 0 ]; do
    case "$1" in
        --messages) messages="$2"; shift 2 ;;
        --dir) dir="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "usage: $0 [--messages N] [--dir DIR] [--runs N]" >&2; exit 2 ;;
    esac
done
swift build -c release --scratch-path "$scratch" --product bench-report >/dev/null
swift build -c release --scratch-path "$scratch" --product frontline >/dev/null || echo "(frontline did not build: the CLI line below uses the last build)" >&2
mkdir -p "$dir"
db="$dir/report-$messages.db"
if [ ! -f "$db" ]; then
    start=$(date +%s.%N)
    "$scratch/release/bench-report" --db "$db.tmp" --messages "$messages"
    mv "$db.tmp" "$db"
    echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
echo "database: $db ($(du -h "$db" | cut -f1))"

# The report through the library calls `frontline report conversations` makes (open the
# store, read, compute, write both files), $runs times, then once through the CLI itself.
"$scratch/release/bench-report" --db "$db" --report "$dir/out" --runs "$runs"
"$scratch/release/bench-report" --db "$db" --report "$dir/out" --runs "$runs" --since 2026-10-01 --until 2026-10-07
"$scratch/release/bench-report" --db "$db" --report "$dir/out" --runs "$runs" --channel sms
t0=$(date +%s.%N)
"$scratch/release/frontline" report conversations --db "$db" --out "$dir/out-cli" | head -1
echo "frontline report conversations: $(echo "$(date +%s.%N) - $t0" | bc) s wall"
