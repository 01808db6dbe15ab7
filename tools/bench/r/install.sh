#!/usr/bin/env bash
# Installs R and its `forecast` package (Debian's r-cran-forecast) for the benchmark's reference rows.
# Does nothing when `library(forecast)` already loads. Needs root (apt-get); Debian/Ubuntu only.
set -euo pipefail

if command -v Rscript >/dev/null 2>&1 && Rscript -e 'suppressPackageStartupMessages(library(forecast))' >/dev/null 2>&1; then
  echo "R forecast package already installed: $(Rscript -e 'cat(R.version.string, "/ forecast", as.character(packageVersion("forecast")))')"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "bench:r-install: apt-get not found; install R and the CRAN package 'forecast' by hand" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends r-cran-forecast
Rscript -e 'suppressPackageStartupMessages(library(forecast)); cat(R.version.string, "/ forecast", as.character(packageVersion("forecast")), "\n")'
