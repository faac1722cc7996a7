#!/usr/bin/env bash
# Installs what the project needs on a fresh machine (Node and Debian's package manager only).
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# Jupyter and scikit-learn come from Debian: PyPI is not reachable here, and these run under
# /usr/bin/python3, not whichever python3 is first on PATH.
# chromium: the browser the front-end tests drive (classic Notebook in a real browser).
# openssl: makes the certificate of the https test of ndjsonHttpStream.
DEBIAN_PACKAGES=(jupyter-client jupyter-core jupyter-notebook jupyter-nbconvert python3-nbclient
  python3-nbconvert python3-nbformat python3-jupyter-kernel-test python3-sklearn chromium openssl)
missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
