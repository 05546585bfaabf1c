#!/usr/bin/env bash
# Runs the end-to-end suite (test/e2e/suite) inside a real VS Code extension host: code-server on
# 127.0.0.1 with isolated HOME/XDG dirs, the workbench driven by headless chromium.
# Needs `npm run build` and `scripts/e2e/setup.sh` first (`npm run test:e2e` does all three).
#   E2E_KEEP=1    keep the temp dir (logs, workspace) after the run
#   E2E_VERBOSE=1 also print the browser console and code-server's log
#   E2E_GREP=re   run only the tests whose full title matches
#   E2E_EXTENSION_DIR=dir  load the extension from dir instead of the repo (e.g. an unpacked .vsix)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
E2E_DIR=${E2E_DIR:-$ROOT/.e2e}
CS_BIN=$E2E_DIR/code-server/node_modules/.bin/code-server
TESTS=$ROOT/test/e2e/suite/index.js
EXT_DIR=${E2E_EXTENSION_DIR:-$ROOT}

[ -x "$CS_BIN" ] || { echo "code-server is not installed: run 'npm run setup:e2e' first" >&2; exit 2; }
for f in dist/extension.js dist/server.js; do
  [ -f "$EXT_DIR/$f" ] || { echo "$EXT_DIR/$f is missing: run 'npm run build' first" >&2; exit 2; }
done

RUN=$(mktemp -d "${TMPDIR:-/tmp}/asl-e2e-XXXXXX")
CS_PID=
cleanup() {
  local rc=$?
  # code-server leads its own process group (setsid below): this stops it with its extension host,
  # file watcher and our language server, and nothing else.
  if [ -n "$CS_PID" ]; then kill -- "-$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; fi
  if [ "$rc" -ne 0 ] && [ -f "$RUN/code-server.log" ] && [ "${E2E_VERBOSE:-}" != 1 ]; then
    echo "--- last lines of code-server's log ($RUN/code-server.log)"; tail -n 20 "$RUN/code-server.log"
    echo "--- the workbench's log: $RUN/workbench.log; a screenshot at the end: $RUN/failure.png"
  fi
  if [ "${E2E_KEEP:-}" = 1 ] || [ "$rc" -ne 0 ]; then echo "kept $RUN"; else rm -rf "$RUN"; fi
  exit "$rc"
}
trap cleanup EXIT

# The test workspace: a copy of the examples plus the fixtures, so tests may edit and never touch examples/.
WS=$RUN/workspace
mkdir -p "$WS"
cp -R "$ROOT/examples/." "$WS/"
# Every fixture, folders included (ASL files, .asl.yaml, templates under sam-app/, ...).
cp -R "$ROOT/test/e2e/fixtures/." "$WS/"

# Isolated homes: nothing is read from or written to the user's profile.
mkdir -p "$RUN/home" "$RUN/tmp" "$RUN/user-data/User"
export HOME=$RUN/home TMPDIR=$RUN/tmp XDG_CONFIG_HOME=$RUN/config XDG_DATA_HOME=$RUN/data XDG_CACHE_HOME=$RUN/cache
cat > "$RUN/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true
}
JSON

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
PORT=$(free_port)
# Read by the extension host, which inherits code-server's environment: the suite tags its report
# lines for run-ext-tests.js, and asks it about the rendered workbench on this port.
# No extension gallery: the workbench would query open-vsx.org, which is unreachable.
export EXTENSIONS_GALLERY='{"serviceUrl":""}'
export ASL_E2E_TAG_OUTPUT=1 ASL_E2E_BRIDGE=http://127.0.0.1:$(free_port) E2E_ARTIFACTS=$RUN
setsid "$CS_BIN" --bind-addr "127.0.0.1:$PORT" --auth none \
  --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened \
  > "$RUN/code-server.log" 2>&1 &
CS_PID=$!
if [ "${E2E_VERBOSE:-}" = 1 ]; then tail -f "$RUN/code-server.log" --pid "$CS_PID" & fi

for _ in $(seq 1 300); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CS_PID" 2>/dev/null || { echo "code-server exited during startup" >&2; exit 1; }
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" || { echo "code-server did not answer on port $PORT" >&2; exit 1; }

node "$ROOT/scripts/e2e/run-ext-tests.js" "http://127.0.0.1:$PORT" "$EXT_DIR" "$TESTS" "$WS"
