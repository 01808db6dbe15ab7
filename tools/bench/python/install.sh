#!/usr/bin/env bash
# Makes the Python venv with Nixtla statsforecast for the benchmark's peer rows (statsforecast AutoETS,
# AutoTheta, AutoARIMA and their mean). Idempotent: does nothing when the venv already imports the pinned
# version. The venv lives in the bench cache (not the repository):
#   ${XDG_CACHE_HOME:-~/.cache}/salescast/bench/statsforecast-venv
# Override the interpreter with PYTHON=python3.x. Needs PyPI (pip), no root.
set -euo pipefail

STATSFORECAST_VERSION="${STATSFORECAST_VERSION:-2.1.1}"
PYTHON="${PYTHON:-python3}"
VENV="${SALESCAST_STATSFORECAST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/salescast/bench/statsforecast-venv}"

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "import statsforecast, sys; sys.exit(0 if statsforecast.__version__ == '$STATSFORECAST_VERSION' else 1)" >/dev/null 2>&1; then
  echo "statsforecast $STATSFORECAST_VERSION already installed in $VENV"
  exit 0
fi
mkdir -p "$(dirname "$VENV")"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "statsforecast==$STATSFORECAST_VERSION" pandas
"$VENV/bin/python" -c "import statsforecast; print('statsforecast', statsforecast.__version__, 'in $VENV')"
