#!/usr/bin/env bash
# Set up a virtual environment in .venv with the program (and, with --test, the test tools).
# On Linux it also installs the system libraries Qt needs when they are missing and apt-get
# is available as root.
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
[ "${1:-}" = "--test" ] && extra="[test]"

if [ "$(uname -s)" = "Linux" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  need=""
  for pkg in libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
             libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 \
             libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libglib2.0-0 poppler-utils \
             fonts-arphic-uming; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need="$need $pkg"
  done
  # the installer's Pascal code is compiled by a test (tests/test_windows_build.py)
  if [ -n "$extra" ] && ! command -v fpc >/dev/null 2>&1; then need="$need fp-compiler"; fi
  if [ -n "$need" ]; then
    echo "Installing system libraries:$need"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".${extra}"
