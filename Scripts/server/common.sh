# Shared by the load, fault and abuse scripts: build once, start/stop a server on loopback.
# Source it from the repository root. FRONTLINE_SCRATCH picks the build folder (default .build).
scratch="${FRONTLINE_SCRATCH:-.build}"
bin="$scratch/release/frontline"
BOT_KEY="test-bot-key-0123456789abcdef"
AGENT_KEY="test-agent-key-0123456789abcdef"
ADMIN_KEY="test-admin-key-0123456789abcdef"
export BOT_KEY AGENT_KEY ADMIN_KEY

build_server() {
  if [ -z "${FRONTLINE_NO_BUILD:-}" ]; then
    swift build -c release --scratch-path "$scratch" --product frontline
  fi
  [ -x "$bin" ] || { echo "no binary at $bin" >&2; exit 1; }
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_server PORT DB LOG [extra env assignments…]: starts it in the background, sets SERVER_PID, waits for /readyz.
start_server() {
  local port=$1 db=$2 log=$3; shift 3
  env FRONTLINE_BOT_KEYS="$BOT_KEY" FRONTLINE_AGENT_KEYS="$AGENT_KEY" FRONTLINE_ADMIN_KEYS="$ADMIN_KEY" \
    FRONTLINE_RATE_PER_SECOND=0 FRONTLINE_LOG_LEVEL="${FRONTLINE_LOG_LEVEL:-warning}" "$@" \
    "$bin" serve --host 127.0.0.1 --port "$port" --db "$db" >>"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited; log:" >&2; tail -20 "$log" >&2; return 1; }
    sleep 0.2
  done
  echo "server not ready after 120 s" >&2
  return 1
}

stop_server() {
  if [ -n "${SERVER_PID:-}" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
