#!/usr/bin/env bash
# Abuse test: malformed JSON, huge bodies, wrong keys, unknown ids, invalid UTF-8,
# concurrent same-conversation requests (Scripts/server/abuse.py, python3 stdlib only).
# Only documented errors may come back, the server must stay healthy and not crash.
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/server/common.sh
build_server
tmp=$(mktemp -d)
trap 'stop_server; rm -rf "$tmp"' EXIT
port=$(free_port)
start_server "$port" "$tmp/abuse.db" "$tmp/server.log"
python3 Scripts/server/abuse.py "$port" "$BOT_KEY" "$AGENT_KEY" "$ADMIN_KEY"
kill -0 "$SERVER_PID" && echo "server still running (pid $SERVER_PID)"
