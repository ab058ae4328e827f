#!/usr/bin/env bash
# Set everything up (idempotent) and start the dashboard.
# Usage: bash scripts/run.sh [--server.port 8502 ...]   (extra arguments go to streamlit)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_venv requirements.txt
try_dutch_model
build_deduce
compile_kernels
ensure_default_data

export NMP_MODE="${NMP_MODE:-internal}"
say "dashboard starten (NMP_MODE=$NMP_MODE)"
exec "$VENV/bin/streamlit" run dashboard.py "$@"
