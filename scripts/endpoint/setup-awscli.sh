#!/usr/bin/env bash
# Installs Debian's AWS CLI (package awscli) for the endpoint tests' CLI round trip
# (test/endpoint/walkthrough.test.ts). Idempotent; non-interactive. Exit 3 when apt cannot be used,
# so the test can skip with that reason instead of failing.
set -euo pipefail
if dpkg-query -W -f='${Status}' awscli 2>/dev/null | grep -q 'install ok installed'; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "apt-get is not available: cannot install awscli" >&2; exit 3; }
SUDO=
if [ "$(id -u)" -ne 0 ]; then
  sudo -n true 2>/dev/null || { echo "not root and no password-less sudo: cannot install awscli with apt" >&2; exit 3; }
  SUDO="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || true
$SUDO apt-get install -y -qq --no-install-recommends awscli >/dev/null
