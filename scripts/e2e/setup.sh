#!/usr/bin/env bash
# Installs what the end-to-end suite needs into .e2e/ (gitignored): Debian's chromium and ripgrep,
# and code-server (VS Code 1.100.3 with its real Node extension host) from the npm registry only.
# Idempotent: a stamp file makes a second run return at once. Runs as root, non-interactively (CI).
#
# Why code-server and not @vscode/test-electron: neither Microsoft's VS Code downloads nor
# Electron's GitHub binaries are reachable here. 4.100.3 is the last code-server on Node 20.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
E2E_DIR=${E2E_DIR:-$ROOT/.e2e}
CS_VERSION=4.100.3
CS_HOST=$E2E_DIR/code-server
STAMP=$E2E_DIR/setup.stamp
STAMP_TEXT="code-server@$CS_VERSION node@$(node --version)"
APT_PACKAGES=(chromium ripgrep libkrb5-dev libsecret-1-dev pkg-config build-essential python3 curl)

log() { printf '[setup:e2e %3ss] %s\n' "$SECONDS" "$*"; }

missing_apt() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$STAMP_TEXT" ] && [ -z "$(missing_apt)" ] \
   && [ -x "$CS_HOST/node_modules/.bin/code-server" ] && [ -x /usr/bin/chromium ]; then
  log "already installed ($STAMP_TEXT)"
  exit 0
fi

# 1. System packages: the browser, ripgrep (code-server's postinstall would fetch it from GitHub),
#    and headers for the native modules that must be rebuilt from source (prebuilts are on GitHub too).
mapfile -t MISSING < <(missing_apt)
if [ "${#MISSING[@]}" -gt 0 ]; then
  SUDO=
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  log "apt-get install ${MISSING[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
fi
command -v rg >/dev/null || { echo "ripgrep (rg) is not on PATH" >&2; exit 1; }

# 2. code-server, tarball only: its postinstall downloads ripgrep from api.github.com and fails,
#    so install with --ignore-scripts and do the postinstall's steps here.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# ~/.npmrc may say yes=false; node-gyp fallbacks run through npx and would then refuse.
export npm_config_yes=true
# Native modules compile against the system Node headers when no prebuilt can be fetched.
export npm_config_nodedir=${npm_config_nodedir:-/usr}
mkdir -p "$CS_HOST"
cd "$CS_HOST"
[ -f package.json ] || echo '{ "name": "asl-workbench-e2e-host", "private": true }' > package.json
log "npm install code-server@$CS_VERSION"
npm install --no-save --ignore-scripts --loglevel=error "code-server@$CS_VERSION" >/dev/null
log "rebuild argon2"
npm rebuild argon2 --loglevel=error >/dev/null

VSCODE=$CS_HOST/node_modules/code-server/lib/vscode
cd "$VSCODE"
log "npm install VS Code's runtime dependencies"
npm install --omit=dev --ignore-scripts --loglevel=error >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
log "rebuild native modules"
npm rebuild kerberos @parcel/watcher @vscode/deviceid @vscode/spdlog native-watchdog node-pty --loglevel=error >/dev/null

# The rest of code-server's postinstall.sh.
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
log "npm install built-in extensions' dependencies"
(cd extensions && npm install --omit=dev --ignore-scripts --loglevel=error >/dev/null && node postinstall.mjs >/dev/null)

# --version writes a default config file: keep it inside .e2e/, away from the user's ~/.config.
VERSION=$(XDG_CONFIG_HOME=$E2E_DIR/config "$CS_HOST/node_modules/.bin/code-server" --version | grep -E '^[0-9]+\.' | head -1)
log "code-server $VERSION"
case "$VERSION" in "$CS_VERSION "*) ;; *) echo "unexpected code-server version: $VERSION" >&2; exit 1 ;; esac

# playwright-core drives the browser; it is a devDependency of the project.
[ -d "$ROOT/node_modules/playwright-core" ] || (cd "$ROOT" && npm install --no-save --loglevel=error playwright-core >/dev/null)

echo "$STAMP_TEXT" > "$STAMP"
log "done"
