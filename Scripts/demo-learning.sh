#!/usr/bin/env bash
# Learning from agents' outcomes, end to end, against a real `frontline serve` on loopback:
# a model trained without one intent's examples (INTENT, default warranty) gets its
# questions wrong; agents' outcomes fix the identical questions at once
# (learned_from_outcomes); `frontline retrain` promotes a better model that the server
# picks up under wrk load with no failed request; a candidate trained on mislabelled
# outcomes is refused. Everything happens in a temporary folder (kept with KEEP=1).
# FRONTLINE_SCRATCH picks the build folder, FRONTLINE_NO_BUILD=1 skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/server/common.sh
INTENT=${INTENT:-warranty}

if ! command -v wrk >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
build_server

work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "keeping $work"; fi
python3 Scripts/demo/learning.py "$bin" "$work" "$INTENT"
