#!/usr/bin/env bash
# `npm run test:ui`: the packaged extension used as a person would use it. Packages the .vsix,
# installs it into a fresh code-server profile with `--install-extension`, opens a copy of
# examples/ and drives the workbench with scripts/e2e/ui-walkthrough.js, which takes a
# screenshot of each step; then runs the e2e suite's server-crash tests on that installed copy.
# Fails when either fails.
#   UI_OUT=dir        where screenshots and timings.json go (default test-results/ui; emptied first)
#   ASL_VSIX=file     use this .vsix instead of running `npm run package`
#   UI_SUITE_GREP=re  which tests of test/e2e/suite run on the installed copy (default
#                     "Server crash": they may break that copy on purpose; '' runs them all)
#   UI_SKIP_SUITE=1   skip that step (the benchmark does)
#   E2E_KEEP=1        keep the temp dir (code-server's log, the profile, the workspace)
#   E2E_VERBOSE=1     also print the browser console
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/scripts/e2e/common.sh"
OUT=$(mkdir -p "${UI_OUT:-$ROOT/test-results/ui}" && cd "${UI_OUT:-$ROOT/test-results/ui}" && pwd)

log() { printf '[test:ui %3ss] %s\n' "$SECONDS" "$*"; }

if [ -z "${ASL_VSIX:-}" ]; then
  log "npm run package"
  (cd "$ROOT" && npm run --silent package >/dev/null)
  ASL_VSIX=$ROOT/asl-workbench.vsix
fi
[ -f "$ASL_VSIX" ] || { echo "no .vsix at $ASL_VSIX" >&2; exit 2; }
ASL_VSIX=$(cd "$(dirname "$ASL_VSIX")" && pwd)/$(basename "$ASL_VSIX")
bash "$ROOT/scripts/e2e/setup.sh"

RUN=$(mktemp -d "${TMPDIR:-/tmp}/asl-ui-XXXXXX")
cleanup() {
  local rc=$?
  stop_code_server
  if [ "$rc" -ne 0 ] && [ -f "$RUN/code-server.log" ]; then
    echo "--- last lines of code-server's log ($RUN/code-server.log)"; tail -n 20 "$RUN/code-server.log"
  fi
  if [ "${E2E_KEEP:-}" = 1 ] || [ "$rc" -ne 0 ]; then echo "kept $RUN"; else rm -rf "$RUN"; fi
  exit "$rc"
}
trap cleanup EXIT

# The workspace a user would open: a copy of the examples, so typing into them changes nothing here.
WS=$RUN/workspace
mkdir -p "$WS"
cp -R "$ROOT/examples/." "$WS/"

isolate_profile "$RUN"
# As a new user would have it, minus the network: no welcome page, no telemetry, no gallery.
cat > "$RUN/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true,
  "window.commandCenter": false,
  "editor.minimap.enabled": false,
  "editor.stickyScroll.enabled": false
}
JSON
export EXTENSIONS_GALLERY='{"serviceUrl":""}'

log "code-server --install-extension $(basename "$ASL_VSIX")"
INSTALL_START=$(date +%s%N)
"$CS_BIN" --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" \
  --install-extension "$ASL_VSIX" > "$RUN/install.log" 2>&1 || { cat "$RUN/install.log" >&2; exit 1; }
INSTALL_MS=$(( ($(date +%s%N) - INSTALL_START) / 1000000 ))
EXT_DIR=$(find "$RUN/extensions" -mindepth 1 -maxdepth 1 -type d -name 'asl-workbench.asl-workbench-*' | head -1)
[ -n "$EXT_DIR" ] && [ -f "$EXT_DIR/dist/server.js" ] || { cat "$RUN/install.log" >&2; echo "the extension was not installed" >&2; exit 1; }
log "installed in ${INSTALL_MS} ms: $EXT_DIR"

PORT=$(free_port)
start_code_server "$PORT" "$RUN"
wait_for_code_server "$PORT" || exit 1

UI_INSTALL_MS=$INSTALL_MS UI_EXTENSION_DIR=$EXT_DIR UI_USER_DATA_DIR=$RUN/user-data \
  node "$ROOT/scripts/e2e/ui-walkthrough.js" "http://127.0.0.1:$PORT" "$WS" "$OUT"
stop_code_server

# The end-to-end suite's server-crash tests on the installed copy, which they may break on purpose
# (a missing dist/server.js); UI_SUITE_GREP='' runs the whole suite on the packaged extension.
if [ "${UI_SKIP_SUITE:-}" != 1 ]; then
  log "e2e suite on the installed extension (E2E_GREP=${UI_SUITE_GREP-Server crash})"
  E2E_EXTENSION_DIR=$EXT_DIR ASL_E2E_DISPOSABLE_EXTENSION=1 E2E_GREP=${UI_SUITE_GREP-Server crash} \
    bash "$ROOT/scripts/e2e/run.sh"
fi
log "screenshots: $OUT"
