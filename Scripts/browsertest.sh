#!/usr/bin/env bash
# Browser tests of the web chat widget and the agents' desk: a real `frontline serve`
# (the default assistant, a throwaway SQLite database, a free loopback port) driven by
# Debian's Chromium through Selenium (Debian's python3-selenium, run with /usr/bin/python3),
# axe-core from Scripts/setup's .browser-deps. Screenshots go to reports/screenshots/.
# FRONTLINE_BIN overrides the binary (default .build/release/frontline).
# Installs nothing: Scripts/setup does (chromium, chromium-driver, python3-selenium, axe-core).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${FRONTLINE_BIN:-.build/release/frontline}"
python=/usr/bin/python3
axe=.browser-deps/axe/axe_selenium_python/node_modules/axe-core/axe.min.js
for need in "$bin" /usr/bin/chromium /usr/bin/chromedriver "$axe"; do
  [ -e "$need" ] || { echo "browsertest: $need is missing (build first; Scripts/setup installs the browser and axe-core)" >&2; exit 1; }
done
"$python" -c "import selenium" 2>/dev/null || { echo "browsertest: Debian's python3-selenium is missing (Scripts/setup)" >&2; exit 1; }

work=$(mktemp -d)
free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
# A shop's page on another origin embeds the widget: http://127.0.0.1:$shop_port is allowed,
# http://localhost:$shop_port (the same page, another origin) is not.
shop_port=$(free_port)
mkdir -p "$work/shop"
printf '%s\n' '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop</title></head>' \
  '<body><main><h1>A shop</h1></main>' \
  "<script src=\"http://127.0.0.1:$port/widget.js\" data-site=\"shop\" data-product=\"phone\" defer></script></body></html>" \
  > "$work/shop/embed.html"
agent_key="browser-agent-key-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
bot_key="browser-bot-key-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
server_pid=""
shop_pid=""
cleanup() {
  # The server's log stays for people to read (reports/ is git-ignored).
  [ -f "$work/server.log" ] && mkdir -p reports && cp "$work/server.log" reports/browsertest-server.log
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$shop_pid" ]; then kill "$shop_pid" 2>/dev/null || true; wait "$shop_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start=$(date +%s)
# Started from another folder: the pages are found beside the binary, not in the working directory.
bin_path="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
repo="$(pwd)"
"$python" -m http.server --bind 127.0.0.1 --directory "$work/shop" "$shop_port" >"$work/shop.log" 2>&1 &
shop_pid=$!
(cd "$work" && FRONTLINE_AGENT_KEYS="$agent_key" FRONTLINE_BOT_KEYS="$bot_key" FRONTLINE_RATE_PER_SECOND=0 \
  FRONTLINE_WIDGET_ORIGINS="http://127.0.0.1:$shop_port" \
  exec "$bin_path" serve --host 127.0.0.1 --port "$port" --db "$work/browser.db" \
    --model "$repo/Models/default" --data "$repo/TrainingData" --no-demo-orders >"$work/server.log" 2>&1) &
server_pid=$!
ready() { "$python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "http://127.0.0.1:$port/readyz" 2>/dev/null; }
for _ in $(seq 1 600); do
  ready && break
  kill -0 "$server_pid" 2>/dev/null || { echo "browsertest: the server exited:" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
ready || { echo "browsertest: the server did not become ready" >&2; exit 1; }
grep -q "/chat" "$work/server.log" || { echo "browsertest: the start-up line does not name /chat" >&2; exit 1; }

status=0
FRONTLINE_URL="http://127.0.0.1:$port" FRONTLINE_SHOP_PORT="$shop_port" FRONTLINE_AGENT_KEY="$agent_key" FRONTLINE_BOT_KEY="$bot_key" FRONTLINE_AXE="$axe" \
  FRONTLINE_SCREENSHOTS="reports/screenshots" FRONTLINE_SERVER_LOG="$work/server.log" \
  "$python" Tests/Browser/run.py || status=$?
echo "browsertest: $(( $(date +%s) - start )) s"
if [ "$status" -ne 0 ]; then
  echo "browsertest: the server's log:" >&2
  tail -40 "$work/server.log" >&2
fi
exit "$status"
