# shellcheck shell=bash
# What the scripts that run code-server share (run.sh, walkthrough.sh, readme-shots.sh, start.sh):
# sourced after they set ROOT, never run by itself.
#   E2E_DIR=dir  the code-server install of scripts/e2e/setup.sh (default .e2e)

E2E_DIR=${E2E_DIR:-$ROOT/.e2e}
CS_BIN=$E2E_DIR/code-server/node_modules/.bin/code-server
CS_PID=
# How long code-server may take to answer after it starts: tries, a tenth of a second apart.
CS_START_TRIES=300

# A free TCP port on 127.0.0.1.
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# Homes under $1 (home/, tmp/, config/, data/, cache/; user-data/User/ and extensions/ for
# code-server's profile): nothing is read from or written to the user's own.
isolate_profile() {
  mkdir -p "$1/home" "$1/tmp" "$1/user-data/User" "$1/extensions"
  export HOME=$1/home TMPDIR=$1/tmp XDG_CONFIG_HOME=$1/config XDG_DATA_HOME=$1/data XDG_CACHE_HOME=$1/cache
}

# Starts code-server on 127.0.0.1:$1 with the profile in $2 (user-data/, extensions/; its log goes
# to $2/code-server.log) as the leader of a process group of its own (setsid), so that
# stop_code_server stops it with all it started and nothing else. Sets CS_PID.
start_code_server() {
  setsid "$CS_BIN" --bind-addr "127.0.0.1:$1" --auth none \
    --user-data-dir "$2/user-data" --extensions-dir "$2/extensions" \
    --disable-telemetry --disable-update-check --disable-workspace-trust \
    --disable-getting-started-override --ignore-last-opened \
    > "$2/code-server.log" 2>&1 &
  CS_PID=$!
}

# Waits until code-server answers on 127.0.0.1:$1; fails, saying why, when it exits first or does not answer in time.
wait_for_code_server() {
  for _ in $(seq 1 "$CS_START_TRIES"); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/healthz" && return 0
    kill -0 "$CS_PID" 2>/dev/null || { echo "code-server exited during startup" >&2; return 1; }
    sleep 0.1
  done
  echo "code-server did not answer on port $1" >&2
  return 1
}

# Stops code-server, if it runs, with its process group (extension host, language server, watchers).
stop_code_server() {
  if [ -n "$CS_PID" ]; then kill -- "-$CS_PID" 2>/dev/null || true; wait "$CS_PID" 2>/dev/null || true; fi
  CS_PID=
}

# The workbench URL at $1 that opens folder $3 with the extension at $2 loaded as under development
# (the `payload` URL parameter, whose paths must name this very host and port).
dev_url() {
  node -e '
    const [base, ext, folder] = process.argv.slice(1);
    const payload = JSON.stringify([["extensionDevelopmentPath", `vscode-remote://${new URL(base).host}${ext}`], ["skipWelcome", "true"]]);
    console.log(`${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
  ' "$1" "$2" "$3"
}
