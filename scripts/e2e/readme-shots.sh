#!/usr/bin/env bash
# The README's screenshots of testing (scripts/e2e/readme-shots.js): code-server with the extension
# from this repo (build first: `npm run build`), a copy of examples/, headless Chromium.
#   SHOTS_OUT=dir  where the PNGs go (default test-results/shots; copy the ones you keep to docs/images)
#   E2E_DIR=dir    the code-server install of scripts/e2e/setup.sh (default .e2e)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
E2E_DIR=${E2E_DIR:-$ROOT/.e2e}
CS_BIN=$E2E_DIR/code-server/node_modules/.bin/code-server
OUT=$(mkdir -p "${SHOTS_OUT:-$ROOT/test-results/shots}" && cd "${SHOTS_OUT:-$ROOT/test-results/shots}" && pwd)
[ -x "$CS_BIN" ] || { echo "code-server is not installed: run scripts/e2e/setup.sh" >&2; exit 2; }
[ -f "$ROOT/dist/extension.js" ] || { echo "run npm run build first" >&2; exit 2; }

RUN=$(mktemp -d "${TMPDIR:-/tmp}/asl-shots-XXXXXX")
CS_PID=
cleanup() {
  local rc=$?
  if [ -n "$CS_PID" ]; then kill -- "-$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; fi
  if [ "$rc" -ne 0 ]; then echo "kept $RUN"; else rm -rf "$RUN"; fi
  exit "$rc"
}
trap cleanup EXIT

WS=$RUN/workspace
mkdir -p "$WS" "$RUN/home" "$RUN/tmp" "$RUN/user-data/User" "$RUN/extensions"
cp -R "$ROOT/examples/." "$WS/"
export HOME=$RUN/home TMPDIR=$RUN/tmp XDG_CONFIG_HOME=$RUN/config XDG_DATA_HOME=$RUN/data XDG_CACHE_HOME=$RUN/cache
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
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
setsid "$CS_BIN" --bind-addr "127.0.0.1:$PORT" --auth none \
  --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened \
  > "$RUN/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 1 300); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CS_PID" 2>/dev/null || { echo "code-server exited during startup" >&2; exit 1; }
  sleep 0.1
done
# The extension is loaded from this repo as under development (the `payload` URL parameter).
SHOTS_URL=$(node -e '
  const [base, ext, folder] = process.argv.slice(1);
  const payload = JSON.stringify([["extensionDevelopmentPath", `vscode-remote://${new URL(base).host}${ext}`], ["skipWelcome", "true"]]);
  console.log(`${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
' "http://127.0.0.1:$PORT" "$ROOT" "$WS")
export SHOTS_URL
node "$ROOT/scripts/e2e/readme-shots.js" "http://127.0.0.1:$PORT" "$WS" "$OUT"
