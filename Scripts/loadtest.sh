#!/usr/bin/env bash
# Load test of `frontline serve` on loopback with a temporary database:
#   1. messages/s with wrk (POST /v1/conversations/{id}/messages across many conversations)
#      against the echo route (same checks and JSON, no engine): the ratio (target ≥ 25 %), and
#      the server's CPU time per request for both (independent of other load on the machine);
#   2. p99 latency at half the measured message rate (target ≤ 25 ms): wrk with a paced
#      Lua script (each connection waits between requests) and --latency;
#   3. resident memory (VmRSS) once 100,000 messages have been answered (target ≤ 150 MB).
# Options (environment): DURATION (s, default 20), CONNECTIONS (default 32), THREADS (default 2),
#   UNIQUE_TEXTS=1 (every message a text never seen before, so the sentence encoder runs for each
#   one instead of answering from its cache), MEMORY_MESSAGES (default 100000),
#   FRONTLINE_MODEL (a model folder; issue targets are for an n-gram model: `frontline train --features ngrams`),
#   P99_TARGET_MS / RSS_TARGET_MB (default 25 / 150: the n-gram model's; 40 / 300 with the encoder).
set -euo pipefail
cd "$(dirname "$0")/.."
source Scripts/server/common.sh
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
UNIQUE_TEXTS=${UNIQUE_TEXTS:-0}
MEMORY_MESSAGES=${MEMORY_MESSAGES:-100000}
P99_TARGET_MS=${P99_TARGET_MS:-25}
RSS_TARGET_MB=${RSS_TARGET_MB:-150}

if ! command -v wrk >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
build_server

tmp=$(mktemp -d)
trap 'stop_server; rm -rf "$tmp"' EXIT
port=$(free_port)
start_server "$port" "$tmp/load.db" "$tmp/server.log"
url="http://127.0.0.1:$port"

cat >"$tmp/messages.lua" <<LUA
-- Customer messages across many conversations, each with a unique message id.
local texts = {"hi", "where is my order A-12345?", "thanks", "what are your opening hours?",
  "how do I return an item?", "can I pay with PayPal?", "hello", "do you ship abroad?"}
local counter = 0
local thread_id = 0
local pace = tonumber(os.getenv("PACE_MS") or "0")
local unique = $UNIQUE_TEXTS == 1
setup = function(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
init = function(args) math.randomseed(os.time() + (tid or 0)) end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $BOT_KEY"
request = function()
  counter = counter + 1
  local conversation = "load-" .. (tid or 0) .. "-" .. math.random(1, 20000)
  local body = string.format('{"text":"%s","sender":"load","channel":"web","message_id":"m-%d-%d-%d"}',
    texts[math.random(#texts)] .. (unique and string.format(" (ref %d-%d)", tid or 0, counter) or ""),
    tid or 0, counter, math.random(1, 1000000000))
  return wrk.format(nil, "/v1/conversations/" .. conversation .. "/messages", nil, body)
end
if pace > 0 then delay = function() return pace end end
LUA
sed -e 's|"/v1/conversations/" .. conversation .. "/messages"|"/v1/echo"|' "$tmp/messages.lua" >"$tmp/echo.lua"

rate() { awk '/Requests\/sec/ {print $2}'; }
# The server's CPU time (user + system) in seconds: CPU per request does not depend on what
# else the machine runs, where requests per second do.
cpu_seconds() { awk -v tck="$(getconf CLK_TCK)" '{print ($14 + $15) / tck}' "/proc/$SERVER_PID/stat"; }
requests() { awk '/requests in/ {print $1}'; }
echo "== warm-up"
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s "$tmp/messages.lua" "$url" >/dev/null
echo "== messages: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
cpu0=$(cpu_seconds)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$tmp/messages.lua" "$url" | tee "$tmp/messages.txt"
cpu1=$(cpu_seconds)
echo "== echo baseline"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$tmp/echo.lua" "$url" | tee "$tmp/echo.txt"
cpu2=$(cpu_seconds)
messages_cpu_ms=$(python3 -c "print(1000 * ($cpu1 - $cpu0) / max(1, $(requests <"$tmp/messages.txt")))")
echo_cpu_ms=$(python3 -c "print(1000 * ($cpu2 - $cpu1) / max(1, $(requests <"$tmp/echo.txt")))")
messages_rate=$(rate <"$tmp/messages.txt")
echo_rate=$(rate <"$tmp/echo.txt")
errors=$(grep -c "Non-2xx" "$tmp/messages.txt" || true)

half=$(python3 -c "print(max(1.0, $messages_rate / 2))")
# Closed loop with think time: each of C connections waits PACE_MS between requests.
pace_connections=16
pace_ms=$(python3 -c "print(max(1, int(round($pace_connections * 1000 / $half))))")
echo "== half load: ~${half} msg/s ($pace_connections connections, ${pace_ms} ms between requests each)"
PACE_MS=$pace_ms wrk -t"$THREADS" -c"$pace_connections" -d"${DURATION}s" --latency -s "$tmp/messages.lua" "$url" | tee "$tmp/half.txt"
half_rate=$(rate <"$tmp/half.txt")
p99=$(awk '/Latency Distribution/ {f=1} f && $1=="99%" {print $2; exit}' "$tmp/half.txt")

answered() { curl -fsS -H "Authorization: Bearer $ADMIN_KEY" "$url/metrics" | awk '$1=="frontline_messages_total" {print int($2)}'; }
while [ "$(answered)" -lt "$MEMORY_MESSAGES" ]; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$tmp/messages.lua" "$url" >/dev/null
done
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
hwm_kb=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")

echo
echo "== results"
python3 - "$messages_rate" "$echo_rate" "$half_rate" "$p99" "$(answered)" "$rss_kb" "$hwm_kb" "$P99_TARGET_MS" "$RSS_TARGET_MB" "$UNIQUE_TEXTS" "$messages_cpu_ms" "$echo_cpu_ms" <<'PY'
import sys
m, e, h, p99, n, rss, hwm, p99_target, rss_target, unique, m_cpu, e_cpu = sys.argv[1:]
p99_target, rss_target = float(p99_target), float(rss_target)
m, e, h = float(m), float(e), float(h)
def ms(v):
    v = v.strip()
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if v.endswith(unit):
            return float(v[: -len(unit)]) * f
    return float(v)
ratio = m / e if e else 0
p = ms(p99)
print(f"messages/s            {m:10.0f}")
print(f"echo/s                {e:10.0f}")
print(f"ratio                 {ratio:10.1%}   (target >= 25%)  {'OK' if ratio >= 0.25 else 'MISSED'}")
print(f"CPU per message       {float(m_cpu):10.3f}   ms   (echo {float(e_cpu):.3f} ms: {float(e_cpu) / float(m_cpu):.1%} of a message's)")
print(f"half-load rate        {h:10.0f}   msg/s")
print(f"texts                 {'every one new (the encoder runs for each)' if unique == '1' else 'a mix of 8 (cached after the first)'}")
print(f"p99 at half load      {p:10.2f}   ms (target <= {p99_target:g} ms)  {'OK' if p <= p99_target else 'MISSED'}")
print(f"messages answered     {int(n):10d}")
print(f"VmRSS                 {int(rss)/1024:10.1f}   MB (target <= {rss_target:g} MB)  {'OK' if int(rss)/1024 <= rss_target else 'MISSED'}  (peak {int(hwm)/1024:.1f} MB)")
PY
[ "$errors" -eq 0 ] || echo "warning: non-2xx responses during the message run (see above)"
