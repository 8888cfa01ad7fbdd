#!/usr/bin/env bash
# `make playground`: the bot plus the Microsoft 365 Agents Playground, a Teams-like chat page, to
# try the bot in a browser at http://localhost:56150 with no Teams and no network.
# Stop both with Ctrl+C. Settings: PORT (bot, 3978), BOT_DB, BOT_TODAY as for `make run`.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-3978}"
export TEAMSAPPTESTER_BROWSER=none   # otherwise the Playground tries to open a desktop browser and exits

HOST=127.0.0.1 PORT="$PORT" .venv/bin/python app.py &
BOT=$!
trap 'kill "$BOT" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
    .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=1)" \
        2>/dev/null && break
    kill -0 "$BOT" 2>/dev/null || { echo "The bot did not start: see above." >&2; exit 1; }
    sleep 0.2
done
echo "Bot on http://127.0.0.1:$PORT/api/messages. Open http://localhost:56150 to chat as a Teams user."
e2e/node_modules/.bin/agentsplayground -e "http://127.0.0.1:$PORT/api/messages" -c msteams --disable-telemetry
