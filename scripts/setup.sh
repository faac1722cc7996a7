#!/usr/bin/env bash
# Installs what the project needs on a fresh machine (Node and Debian's package manager only).
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# From Debian, run by /usr/bin/python3 (not whichever python3 is first on PATH): scikit-learn (the
# peer of bench/ml.ts), and Jupyter with jupyter_kernel_test for the kernel conformance test (no
# wheel of it in the local mirror). The front ends users open (JupyterLab 4, Notebook 7), which the
# browser tests drive, and nbconvert 7 live in .venv, below.
# python3-venv: lets /usr/bin/python3 make that virtual environment (Debian splits venv/ensurepip off).
# chromium: the browser the front-end tests drive.
# openssl: makes the certificate of the https test of ndjsonHttpStream.
# The brokers the source tests start on loopback: redis-server, mosquitto, nats-server (JetStream),
# and librdkafka-dev, whose Kafka-protocol mock cluster a small C launcher (compiled by the tests
# with gcc) runs, as no Kafka broker is packaged.
DEBIAN_PACKAGES=(jupyter-client jupyter-core jupyter-nbconvert python3-nbclient
  python3-nbconvert python3-nbformat python3-jupyter-kernel-test python3-sklearn python3-venv chromium
  openssl redis-server mosquitto nats-server librdkafka-dev gcc)
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

# JupyterLab 4, Notebook 7, nbconvert 7 and the widget manager, in the project's own virtual
# environment: Debian has no JupyterLab, and pip may not write into Debian's Python. The versions
# are pinned in scripts/frontend-requirements.txt; a stamp of that file (and of the Python it runs
# on) in the venv skips this step when nothing changed.
VENV=.venv
REQUIREMENTS=scripts/frontend-requirements.txt
STAMP="$VENV/.dstream-lab-requirements"
python_version="$(/usr/bin/python3 --version 2>&1)"
want="$python_version $(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [ "$("$VENV/bin/python" --version 2>&1)" != "$python_version" ]; then
  # Missing, or made by another Python (a venv links to its interpreter and keeps its packages
  # under lib/python3.X): make it afresh.
  echo "[setup] creating the virtual environment $VENV"
  rm -rf "$VENV"
  /usr/bin/python3 -m venv "$VENV"
fi
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  # pip's configuration may name local file:// indexes (a wheel mirror, on machines without
  # internet). Then install from those alone: with the public index also in play, pip waits on it
  # for minutes before using them. Otherwise (a user's machine), pip's own configuration: PyPI.
  index_args=()
  mapfile -t local_indexes < <("$VENV/bin/python" -m pip config list 2>/dev/null |
    sed -n "s/^[^=]*index-url='\(.*\)'\$/\1/p" | tr ' ' '\n' | grep '^file://' | awk '!seen[$0]++')
  if [ ${#local_indexes[@]} -gt 0 ]; then
    index_args=(--index-url "${local_indexes[0]}")
    for extra in "${local_indexes[@]:1}"; do index_args+=(--extra-index-url "$extra"); done
  fi
  echo "[setup] installing JupyterLab, Notebook 7 and nbconvert 7 into $VENV ${index_args[*]:+(${index_args[*]})}"
  log="$VENV/pip-install.log"
  if ! "$VENV/bin/python" -m pip install --disable-pip-version-check "${index_args[@]}" -r "$REQUIREMENTS" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "[setup] pip could not install $REQUIREMENTS into $VENV (full log: $log)." >&2
    exit 1
  fi
  echo "$want" >"$STAMP"
fi
