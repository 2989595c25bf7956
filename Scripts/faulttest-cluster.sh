#!/usr/bin/env bash
# Fault test of two replicas on one PostgreSQL, under load spread across both:
#   1. kill -9 one replica and restart it;
#   2. restart PostgreSQL (pg_ctl restart -m fast);
# then check that every acknowledged message is stored with its reply, that no conversation
# has a duplicated, lost or interleaved turn (Scripts/server/fault_check_pg.py), that every
# handoff webhook is delivered (the receiver sees each handoff's idempotency key), and that
# both replicas serve again without a restart after the database returned, and that both
# then stop on SIGTERM within 15 s (graceful shutdown: in-flight requests finish first).
# Options (environment): LOAD_SECONDS (default 24), FRONTLINE_BIN (a built frontline;
#   default: builds release).
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/server/common.sh
source Scripts/server/postgres.sh
LOAD_SECONDS=${LOAD_SECONDS:-24}
if [ -n "${FRONTLINE_BIN:-}" ]; then bin="$FRONTLINE_BIN"; FRONTLINE_NO_BUILD=1; fi
build_server

tmp=$(mktemp -d)
chmod 755 "$tmp"
pid_a=""; pid_b=""; receiver_pid=""; client_pid=""
cleanup() {
  for pid in $pid_a $pid_b $receiver_pid $client_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  # A replica that has not stopped after 15 s is a failure to report, and is killed.
  for _ in $(seq 1 30); do
    alive=""; for pid in $pid_a $pid_b; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
    [ -z "$alive" ] && break
    sleep 0.5
  done
  if [ -n "$alive" ]; then
    echo "faulttest-cluster: replicas$alive did not stop on SIGTERM within 15 s (logs kept in ${TMPDIR:-/tmp}/faulttest-cluster-logs)" >&2
    mkdir -p "${TMPDIR:-/tmp}/faulttest-cluster-logs" && cp "$tmp"/*.log "${TMPDIR:-/tmp}/faulttest-cluster-logs/" 2>/dev/null || true
    kill -9 $alive 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  stop_pg
  rm -rf "$tmp"
}
trap cleanup EXIT
start_pg "$tmp"
port_a=$(free_port); port_b=$(free_port); hook_port=$(free_port)
webhook=(FRONTLINE_HANDOFF_WEBHOOK_URL="http://127.0.0.1:$hook_port/handoffs"
         FRONTLINE_HANDOFF_WEBHOOK_INITIAL_BACKOFF=0.2 FRONTLINE_HANDOFF_WEBHOOK_MAX_BACKOFF=1)
python3 Scripts/server/webhook_receiver.py "$hook_port" "$tmp/delivered.txt" &
receiver_pid=$!

start_server "$port_a" "$PG_URL" "$tmp/a.log" "${webhook[@]}"; pid_a=$SERVER_PID
start_server "$port_b" "$PG_URL" "$tmp/b.log" "${webhook[@]}"; pid_b=$SERVER_PID
echo "== load across both replicas for ${LOAD_SECONDS}s"
python3 Scripts/server/fault_client.py "$port_a,$port_b" "$BOT_KEY" "$tmp/acked.jsonl" "$LOAD_SECONDS" >"$tmp/client.txt" &
client_pid=$!
sleep $((LOAD_SECONDS / 4))
echo "== kill -9 replica A ($(wc -l <"$tmp/acked.jsonl") acknowledged so far)"
kill -9 "$pid_a"; wait "$pid_a" 2>/dev/null || true
sleep 1
echo "== restart replica A"
start_server "$port_a" "$PG_URL" "$tmp/a.log" "${webhook[@]}"; pid_a=$SERVER_PID
sleep $((LOAD_SECONDS / 4))
echo "== pg_ctl restart -m fast under load ($(wc -l <"$tmp/acked.jsonl") acknowledged so far)"
pg_restart_fast
wait "$client_pid"; client_pid=""
echo "client: $(cat "$tmp/client.txt")"

echo "== both replicas serve again without a restart"
serving=0
for port in $port_a $port_b; do
  for _ in $(seq 1 50); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && \
       curl -fsS -o /dev/null -H "Authorization: Bearer $BOT_KEY" -H "Content-Type: application/json" \
         -d '{"text":"hi","sender":"fault","channel":"web"}' "http://127.0.0.1:$port/v1/conversations/after-$port/messages"; then
      serving=$((serving + 1)); break
    fi
    sleep 0.2
  done
done
echo "replicas serving: $serving of 2"

echo "== every handoff webhook delivered"
for _ in $(seq 1 150); do
  pending=$(pg_sql "SELECT count(*) FROM handoff_outbox WHERE delivered_at IS NULL")
  [ "$pending" -eq 0 ] && break
  sleep 0.2
done
expected=$(pg_sql "SELECT id FROM handoffs ORDER BY id" | sort)
got=$(sort -u "$tmp/delivered.txt" 2>/dev/null || true)
echo "handoffs: $(echo "$expected" | grep -c . || true); outbox pending: $pending; delivered: $(echo "$got" | grep -c . || true) distinct ($(wc -l <"$tmp/delivered.txt" 2>/dev/null || echo 0) requests)"

echo "== both replicas stop on SIGTERM within 15 s"
stopped=0
kill -TERM "$pid_a" "$pid_b" 2>/dev/null || true
for pid in $pid_a $pid_b; do
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "replica $pid still running"; else stopped=$((stopped + 1)); fi
done
echo "replicas stopped: $stopped of 2"

echo "== check acknowledged messages and turn order"
status=0
python3 Scripts/server/fault_check_pg.py "$( [ "$(id -u)" -eq 0 ] && echo "runuser -u postgres -- ")psql -X -q -h $PG_DIR -p $PG_PORT -U postgres -d frontline" \
  "$tmp/acked.jsonl" || status=1
if [ "$status" -eq 0 ] && [ "$serving" -eq 2 ] && [ "$pending" -eq 0 ] && [ "$expected" = "$got" ] && [ "$stopped" -eq 2 ]; then
  echo "faulttest-cluster: OK"
else
  echo "faulttest-cluster: FAILED"; exit 1
fi
