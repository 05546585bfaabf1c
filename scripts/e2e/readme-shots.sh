#!/usr/bin/env bash
# The README's screenshots of testing (scripts/e2e/readme-shots.js): code-server with the extension
# from this repo (build first: `npm run build`), a copy of examples/, headless Chromium.
#   SHOTS_OUT=dir  where the PNGs go (default test-results/shots; copy the ones you keep to docs/images)
#   E2E_DIR=dir    the code-server install of scripts/e2e/setup.sh (default .e2e)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/scripts/e2e/common.sh"
OUT=$(mkdir -p "${SHOTS_OUT:-$ROOT/test-results/shots}" && cd "${SHOTS_OUT:-$ROOT/test-results/shots}" && pwd)
[ -x "$CS_BIN" ] || { echo "code-server is not installed: run scripts/e2e/setup.sh" >&2; exit 2; }
[ -f "$ROOT/dist/extension.js" ] || { echo "run npm run build first" >&2; exit 2; }

RUN=$(mktemp -d "${TMPDIR:-/tmp}/asl-shots-XXXXXX")
cleanup() {
  local rc=$?
  stop_code_server
  if [ "$rc" -ne 0 ]; then echo "kept $RUN"; else rm -rf "$RUN"; fi
  exit "$rc"
}
trap cleanup EXIT

WS=$RUN/workspace
mkdir -p "$WS"
cp -R "$ROOT/examples/." "$WS/"
isolate_profile "$RUN"
cat > "$RUN/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true,
  "window.commandCenter": false,
  "editor.minimap.enabled": false,
  "editor.stickyScroll.enabled": false,
  "workbench.colorTheme": "Default Light Modern"
}
JSON
export EXTENSIONS_GALLERY='{"serviceUrl":""}'
PORT=$(free_port)
start_code_server "$PORT" "$RUN"
wait_for_code_server "$PORT" || exit 1
# The extension is loaded from this repo as under development (the `payload` URL parameter).
SHOTS_URL=$(dev_url "http://127.0.0.1:$PORT" "$ROOT" "$WS")
export SHOTS_URL
node "$ROOT/scripts/e2e/readme-shots.js" "http://127.0.0.1:$PORT" "$WS" "$OUT"
