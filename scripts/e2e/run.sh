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
source "$ROOT/scripts/e2e/common.sh"
TESTS=$ROOT/test/e2e/suite/index.js
EXT_DIR=${E2E_EXTENSION_DIR:-$ROOT}

[ -x "$CS_BIN" ] || { echo "code-server is not installed: run 'npm run setup:e2e' first" >&2; exit 2; }
for f in dist/extension.js dist/server.js; do
  [ -f "$EXT_DIR/$f" ] || { echo "$EXT_DIR/$f is missing: run 'npm run build' first" >&2; exit 2; }
done

RUN=$(mktemp -d "${TMPDIR:-/tmp}/asl-e2e-XXXXXX")
cleanup() {
  local rc=$?
  stop_code_server
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

isolate_profile "$RUN"
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

PORT=$(free_port)
# Read by the extension host, which inherits code-server's environment: the suite tags its report
# lines for run-ext-tests.js, and asks it about the rendered workbench on this port.
# No extension gallery: the workbench would query open-vsx.org, which is unreachable.
export EXTENSIONS_GALLERY='{"serviceUrl":""}'
export ASL_E2E_TAG_OUTPUT=1 ASL_E2E_BRIDGE=http://127.0.0.1:$(free_port) E2E_ARTIFACTS=$RUN
start_code_server "$PORT" "$RUN"
if [ "${E2E_VERBOSE:-}" = 1 ]; then tail -f "$RUN/code-server.log" --pid "$CS_PID" & fi
wait_for_code_server "$PORT" || exit 1

node "$ROOT/scripts/e2e/run-ext-tests.js" "http://127.0.0.1:$PORT" "$EXT_DIR" "$TESTS" "$WS"
