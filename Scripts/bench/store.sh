#!/usr/bin/env bash
# Durable messages/s through SQLiteStore with 1 and 64 concurrent writers, group
# commit on and off. Release build; the database goes to --dir (default: the temp
# folder; use a folder on the disk you will deploy on, since fsync cost is the point).
#   Scripts/bench/store.sh [--seconds 3] [--writers 1,64] [--dir DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
scratch="${SCRATCH_PATH:-.build}"
swift build -c release --scratch-path "$scratch" --product bench-store >/dev/null
"$scratch/release/bench-store" "$@"
