#!/usr/bin/env bash
# Set up (first time) and start 年报助手; with no FILE it opens the sample report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m app "$@"
