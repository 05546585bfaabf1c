#!/usr/bin/env bash
# `npm start`: opens the bundled examples in a real editor with the extension loaded from this
# repo (build first: `npm start` does). Desktop VS Code when `code` is on PATH; otherwise the
# project's code-server (scripts/e2e/setup.sh) on 127.0.0.1, with a URL to open in a browser.
#   ASL_START_PORT=N    port for code-server (default 18080, or a free one if that is taken)
#   ASL_START_FOLDER=d  open another folder instead of examples/
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FOLDER=$(cd "${ASL_START_FOLDER:-$ROOT/examples}" && pwd)

if command -v code >/dev/null 2>&1 && [ -z "${ASL_START_CODE_SERVER:-}" ]; then
  echo "Opening $FOLDER in VS Code with the extension from $ROOT"
  exec code --extensionDevelopmentPath="$ROOT" "$FOLDER"
fi

source "$ROOT/scripts/e2e/common.sh"
bash "$ROOT/scripts/e2e/setup.sh"

port_free() { node -e "const s=require('net').createServer();s.once('error',()=>process.exit(1));s.listen($1,'127.0.0.1',()=>s.close())"; }
PORT=${ASL_START_PORT:-18080}
if ! port_free "$PORT"; then
  [ -z "${ASL_START_PORT:-}" ] || { echo "port $PORT is in use" >&2; exit 1; }
  PORT=$(free_port)
fi

# A profile of its own under .e2e/, kept between starts (settings, open editors), apart from ~/.
STATE=$E2E_DIR/start
mkdir -p "$STATE/user-data/User" "$STATE/extensions"
[ -f "$STATE/user-data/User/settings.json" ] || cat > "$STATE/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false
}
JSON
export XDG_CONFIG_HOME=$STATE/config XDG_DATA_HOME=$STATE/data XDG_CACHE_HOME=$STATE/cache
# The workbench would query open-vsx.org for extensions: off, this is a development sandbox.
export EXTENSIONS_GALLERY='{"serviceUrl":""}'

start_code_server "$PORT" "$STATE"
trap 'stop_code_server; echo; echo "code-server stopped."' EXIT
wait_for_code_server "$PORT" || { cat "$STATE/code-server.log" >&2; exit 1; }

# The extension is loaded the way the workbench loads one under development.
URL=$(dev_url "http://127.0.0.1:$PORT" "$ROOT" "$FOLDER")

cat <<MSG

ASL Workbench is running in code-server (VS Code 1.100.3), with the extension from $ROOT.
Open this URL in a browser on this machine (use exactly this host, 127.0.0.1:$PORT):

  $URL

Log: $STATE/code-server.log. Press Ctrl+C to stop. After changing the extension, run
"npm run build" and reload the browser tab.
MSG
wait "$CS_PID"
