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
swift build -c release --scratch-path "$scratch" --product frontline >/dev/null
mkdir -p "$dir"
db="$dir/report-$messages.db"
if [ ! -f "$db" ]; then
    start=$(date +%s.%N)
    "$scratch/release/bench-report" --db "$db.tmp" --messages "$messages"
    mv "$db.tmp" "$db"
    echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
echo "database: $db ($(du -h "$db" | cut -f1))"

# One report: best and median of $runs wall-clock runs, in seconds.
time_report() {
    local label="$1"; shift
    local times=()
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s.%N)
        "$scratch/release/frontline" report conversations --db "$db" --out "$dir/out" "$@" >/dev/null 2>&1
        t1=$(date +%s.%N)
        times+=("$(echo "$t1 - $t0" | bc)")
    done
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    printf '| %s | %.2f | %.2f |\n' "$label" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")"
}
echo "| report | best s | median s |"
echo "|---|---|---|"
time_report "all 60 days, all channels" 
time_report "one week (2026-10-01..07)" --since 2026-10-01 --until 2026-10-07
time_report "all days, channel sms" --channel sms
"$scratch/release/frontline" report conversations --db "$db" --out "$dir/out" | head -1
