#!/usr/bin/env bash
# The main job: JupyterLab 4 with the dstream-lab kernel, opening the flagship notebook.
# Headless (no terminal, CI, or --headless) it executes the flagship notebook instead, with
# nbconvert 7 and nbclient, and writes the result to out/01-quickstart.ipynb and out/01-quickstart.html.
# JupyterLab, Notebook 7 and nbconvert 7 live in the project's virtual environment .venv (setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node --import tsx kernel/install.ts

headless=0
if [ "${1:-}" = "--headless" ] || [ -n "${CI:-}" ] || [ ! -t 0 ] || [ ! -t 1 ]; then headless=1; fi

if [ "$headless" = 1 ]; then
  mkdir -p out
  echo "[start] executing notebooks/01-quickstart.ipynb headless"
  # store_widget_state=False: with widget state in the file, nbconvert 7's HTML would load the
  # widget manager from a CDN (no network here); without it, a control shows as its text.
  .venv/bin/jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=dstream-lab \
    --ExecutePreprocessor.timeout=120 --ExecutePreprocessor.store_widget_state=False \
    --output-dir out --output 01-quickstart notebooks/01-quickstart.ipynb
  # The template gives each chart image its text as alternative text (see the template).
  .venv/bin/jupyter nbconvert --to html --template-file scripts/nbconvert/dstream-lab.html.j2 \
    --output-dir out out/01-quickstart.ipynb
  echo "[start] wrote out/01-quickstart.ipynb and out/01-quickstart.html"
else
  # No browser on a server: JupyterLab prints the URL (with its token) to open.
  flags=()
  [ -z "${DISPLAY:-}" ] && flags+=(--no-browser)
  [ "$(id -u)" -eq 0 ] && flags+=(--allow-root) # containers and CI machines often run as root
  # Notebook 7 is in the same venv: `.venv/bin/jupyter notebook` (the README says so).
  # default_url: the URL it opens or prints (with no browser) shows the notebook, not just the folder.
  exec .venv/bin/jupyter lab "${flags[@]}" --ServerApp.root_dir=notebooks --LabApp.default_url=/lab/tree/01-quickstart.ipynb
fi
