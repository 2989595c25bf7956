#!/usr/bin/env bash
# Fault test: kill -9 the server under load, restart it, and check that
#   1. every message the client saw acknowledged (2xx) is in the database, answered, with
#      the replies the client got (Scripts/server/fault_check.py, from the client's log);
#   2. the handoff outbox delivers every handoff once the webhook target comes back.
# Options (environment): LOAD_SECONDS (default 12).
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/server/common.sh
LOAD_SECONDS=${LOAD_SECONDS:-12}
build_server

tmp=$(mktemp -d)
receiver_pid=""; client_pid=""
cleanup() {
  stop_server
  [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null || true
  [ -n "$client_pid" ] && kill "$client_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
port=$(free_port); hook_port=$(free_port)
db="$tmp/fault.db"
webhook=(FRONTLINE_HANDOFF_WEBHOOK_URL="http://127.0.0.1:$hook_port/handoffs"
         FRONTLINE_HANDOFF_WEBHOOK_INITIAL_BACKOFF=0.2 FRONTLINE_HANDOFF_WEBHOOK_MAX_BACKOFF=1)

echo "== start (webhook target down)"
start_server "$port" "$db" "$tmp/server.log" "${webhook[@]}"
python3 Scripts/server/fault_client.py "$port" "$BOT_KEY" "$tmp/acked.jsonl" "$LOAD_SECONDS" >"$tmp/client.txt" &
client_pid=$!
sleep $((LOAD_SECONDS / 3))
echo "== kill -9 under load ($(wc -l <"$tmp/acked.jsonl") acknowledged so far)"
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
sleep 1
echo "== restart"
start_server "$port" "$db" "$tmp/server.log" "${webhook[@]}"
wait "$client_pid"; client_pid=""
echo "client: $(cat "$tmp/client.txt")"

echo "== check acknowledged messages"
stop_server   # SIGTERM: graceful; the check reads a quiet database
python3 Scripts/server/fault_check.py "$db" "$tmp/acked.jsonl"

echo "== webhook target up: the outbox must deliver every handoff"
python3 Scripts/server/webhook_receiver.py "$hook_port" "$tmp/delivered.txt" &
receiver_pid=$!
start_server "$port" "$db" "$tmp/server.log" "${webhook[@]}"
handoffs=$(sqlite3 "$db" "SELECT COUNT(*) FROM handoffs")
for _ in $(seq 1 150); do
  pending=$(sqlite3 "$db" "SELECT COUNT(*) FROM handoff_outbox WHERE delivered_at IS NULL")
  [ "$pending" -eq 0 ] && break
  sleep 0.2
done
delivered_unique=$(sort -u "$tmp/delivered.txt" 2>/dev/null | wc -l)
delivered_total=$(wc -l <"$tmp/delivered.txt" 2>/dev/null || echo 0)
expected=$(sqlite3 "$db" "SELECT id FROM handoffs ORDER BY id" | sort)
got=$(sort -u "$tmp/delivered.txt" 2>/dev/null || true)
echo "handoffs: $handoffs; outbox pending: $pending; delivered: $delivered_unique distinct ($delivered_total requests)"
if [ "$pending" -eq 0 ] && [ "$expected" = "$got" ]; then
  echo "faulttest: OK"
else
  echo "faulttest: FAILED"; exit 1
fi
