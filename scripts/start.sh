#!/usr/bin/env bash
# The main job: Jupyter Notebook with the dstream-lab kernel and the example notebooks.
# Headless (no terminal, CI, or --headless) it executes the flagship notebook instead and writes
# the result to out/01-quickstart.ipynb and out/01-quickstart.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node --import tsx kernel/install.ts

headless=0
if [ "${1:-}" = "--headless" ] || [ -n "${CI:-}" ] || [ ! -t 0 ] || [ ! -t 1 ]; then headless=1; fi

if [ "$headless" = 1 ]; then
  mkdir -p out
  echo "[start] executing notebooks/01-quickstart.ipynb headless"
  /usr/bin/python3 -m jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=dstream-lab \
    --ExecutePreprocessor.timeout=120 --output-dir out --output 01-quickstart notebooks/01-quickstart.ipynb
  /usr/bin/python3 -m jupyter nbconvert --to html --template-file scripts/nbconvert/dstream-lab.html.j2 \
    --output-dir out out/01-quickstart.ipynb
  echo "[start] wrote out/01-quickstart.ipynb and out/01-quickstart.html"
else
  # No browser on a server: Jupyter prints the URL (with its token) to open.
  flags=()
  [ -z "${DISPLAY:-}" ] && flags+=(--no-browser)
  [ "$(id -u)" -eq 0 ] && flags+=(--allow-root) # containers and CI machines often run as root
  exec /usr/bin/python3 -m jupyter notebook "${flags[@]}" --notebook-dir notebooks notebooks/01-quickstart.ipynb
fi
