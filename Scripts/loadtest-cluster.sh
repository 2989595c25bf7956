#!/usr/bin/env bash
# Load test of two replicas on one PostgreSQL next to one SQLite replica, in the same run,
# on this machine (the database shares its cores, so this shows PostgreSQL's overhead, not
# scaling):
#   1. messages/s: wrk on the SQLite replica; then two wrk processes at once, one per
#      PostgreSQL replica (no sticky sessions: both write to the same conversations);
#   2. p99 at half of each setup's rate (target <= 50 ms on PostgreSQL), paced wrk;
#   3. per customer message on PostgreSQL: statements (round trips, pg_stat_statements),
#      committed transactions, rows written and WAL bytes, over the full-load run.
# Options (environment): DURATION (s, default 20), CONNECTIONS (per setup, default 32),
#   THREADS (default 2), FRONTLINE_BIN (a built frontline, e.g. .build/debug/frontline; default:
#   builds release), P99_TARGET_MS (default 50).
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/server/common.sh
source Scripts/server/postgres.sh
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
P99_TARGET_MS=${P99_TARGET_MS:-50}
if [ -n "${FRONTLINE_BIN:-}" ]; then bin="$FRONTLINE_BIN"; FRONTLINE_NO_BUILD=1; fi

if ! command -v wrk >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
build_server

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { echo "replica $pid did not stop on SIGTERM within 15 s" >&2; kill -9 "$pid"; }
    wait "$pid" 2>/dev/null || true
  done
  stop_pg
  rm -rf "$tmp"
}
trap cleanup EXIT
chmod 755 "$tmp"

cat >"$tmp/messages.lua" <<LUA
-- Customer messages across 5,000 conversations (shared by both replicas), unique message ids.
local texts = {"hi", "where is my order A-12345?", "thanks", "what are your opening hours?",
  "how do I return an item?", "can I pay with PayPal?", "hello", "do you ship abroad?"}
local counter = 0
local thread_id = 0
local pace = tonumber(os.getenv("PACE_MS") or "0")
local tag = os.getenv("TAG") or "a"
setup = function(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
init = function(args) math.randomseed(os.time() + (tid or 0) + #tag * 7919) end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $BOT_KEY"
request = function()
  counter = counter + 1
  local conversation = "load-" .. math.random(1, 5000)
  local body = string.format('{"text":"%s","sender":"load","channel":"web","message_id":"m-%s-%d-%d-%d"}',
    texts[math.random(#texts)], tag, tid or 0, counter, math.random(1, 1000000000))
  return wrk.format(nil, "/v1/conversations/" .. conversation .. "/messages", nil, body)
end
if pace > 0 then delay = function() return pace end end
LUA

rate() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '/Latency Distribution/ {f=1} f && $1=="99%" {print $2; exit}' "$1"; }
non2xx() { awk '/Non-2xx/ {print $5; exit}' "$1"; }
ms() { python3 -c "
import sys; v=sys.argv[1]
for u,f in (('us',0.001),('ms',1.0),('s',1000.0)):
    if v.endswith(u): print(float(v[:-len(u)])*f); break
" "$1"; }

# run_wrk OUT CONNECTIONS URL [PACE_MS]: one wrk run.
run_wrk() {
  PACE_MS=${4:-0} TAG=$(basename "$1") wrk -t"$THREADS" -c"$2" -d"${DURATION}s" --latency -s "$tmp/messages.lua" "$3" >"$1"
}

echo "== SQLite: one replica"
port_s=$(free_port)
start_server "$port_s" "$tmp/load.db" "$tmp/sqlite.log"; pids+=("$SERVER_PID"); sqlite_pid=$SERVER_PID
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$tmp/messages.lua" "http://127.0.0.1:$port_s" >/dev/null
run_wrk "$tmp/sqlite-full" "$CONNECTIONS" "http://127.0.0.1:$port_s"
sqlite_rate=$(rate "$tmp/sqlite-full")
pace=$(python3 -c "print(max(1, int(round(16 * 1000 / max(1.0, $sqlite_rate / 2)))))")
run_wrk "$tmp/sqlite-half" 16 "http://127.0.0.1:$port_s" "$pace"
sqlite_half=$(rate "$tmp/sqlite-half"); sqlite_p99=$(ms "$(p99 "$tmp/sqlite-half")")
kill -TERM "$sqlite_pid"; wait "$sqlite_pid" 2>/dev/null || true

echo "== PostgreSQL: two replicas"
start_pg "$tmp"
port_a=$(free_port); port_b=$(free_port)
start_server "$port_a" "$PG_URL" "$tmp/a.log"; pids+=("$SERVER_PID")
start_server "$port_b" "$PG_URL" "$tmp/b.log"; pids+=("$SERVER_PID")
half_c=$((CONNECTIONS / 2))
wrk -t"$THREADS" -c"$half_c" -d3s -s "$tmp/messages.lua" "http://127.0.0.1:$port_a" >/dev/null & other=$!
wrk -t"$THREADS" -c"$half_c" -d3s -s "$tmp/messages.lua" "http://127.0.0.1:$port_b" >/dev/null
wait "$other" || true

stats() {
  pg_sql "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = 'frontline'),
                 (SELECT tup_inserted + tup_updated FROM pg_stat_database WHERE datname = 'frontline'),
                 (SELECT sum(calls)::bigint FROM pg_stat_statements)"
}
wal() { pg_sql "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn"; }
messages_in_db() { pg_sql "SELECT count(*) FROM messages WHERE role = 'customer'"; }
before_stats=$(stats); before_wal=$(wal); before_messages=$(messages_in_db)
run_wrk "$tmp/pg-a" "$half_c" "http://127.0.0.1:$port_a" & other=$!
run_wrk "$tmp/pg-b" "$half_c" "http://127.0.0.1:$port_b"
wait "$other" || true
after_stats=$(stats); after_wal=$(wal); after_messages=$(messages_in_db)
pg_rate=$(python3 -c "print($(rate "$tmp/pg-a") + $(rate "$tmp/pg-b"))")
pace=$(python3 -c "print(max(1, int(round(8 * 1000 / max(1.0, $pg_rate / 4)))))")
run_wrk "$tmp/pg-half-a" 8 "http://127.0.0.1:$port_a" "$pace" & other=$!
run_wrk "$tmp/pg-half-b" 8 "http://127.0.0.1:$port_b" "$pace"
wait "$other" || true
pg_half=$(python3 -c "print($(rate "$tmp/pg-half-a") + $(rate "$tmp/pg-half-b"))")
pg_p99=$(python3 -c "print(max($(ms "$(p99 "$tmp/pg-half-a")"), $(ms "$(p99 "$tmp/pg-half-b")")))")
errors="sqlite $(non2xx "$tmp/sqlite-full") pg-a $(non2xx "$tmp/pg-a") pg-b $(non2xx "$tmp/pg-b")"

echo
echo "== results ($( [ -n "${FRONTLINE_BIN:-}" ] && echo "$bin" || echo release build))"
python3 - "$sqlite_rate" "$sqlite_half" "$sqlite_p99" "$pg_rate" "$pg_half" "$pg_p99" "$P99_TARGET_MS" \
  "$before_stats" "$after_stats" "$before_wal" "$after_wal" "$before_messages" "$after_messages" <<'PY'
import sys
(s_rate, s_half, s_p99, p_rate, p_half, p_p99, target, b_stats, a_stats, b_wal, a_wal, b_msg, a_msg) = sys.argv[1:]
s_rate, s_half, s_p99, p_rate, p_half, p_p99, target = map(float, (s_rate, s_half, s_p99, p_rate, p_half, p_p99, target))
b_x, b_t, b_s = map(int, b_stats.split("|")); a_x, a_t, a_s = map(int, a_stats.split("|"))
msgs = max(1, int(a_msg) - int(b_msg))
print(f"SQLite, 1 replica          {s_rate:8.0f} msg/s   p99 at half load ({s_half:.0f}/s) {s_p99:6.2f} ms")
print(f"PostgreSQL, 2 replicas     {p_rate:8.0f} msg/s   p99 at half load ({p_half:.0f}/s) {p_p99:6.2f} ms"
      f"  (target <= {target:g} ms) {'OK' if p_p99 <= target else 'MISSED'}")
print(f"PostgreSQL / SQLite        {p_rate / s_rate if s_rate else 0:8.1%}")
print(f"per customer message       {(a_s - b_s) / msgs:8.1f} statements (round trips), {(a_x - b_x) / msgs:.1f} committed transactions, {(a_t - b_t) / msgs:.1f} rows written, "
      f"{(int(a_wal) - int(b_wal)) / msgs:.0f} WAL bytes  ({msgs} messages)")
PY
echo "non-2xx: $errors"
