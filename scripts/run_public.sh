#!/usr/bin/env bash
# Start the PUBLIC, read-only view: NMP_MODE=public with the settings of
# .streamlit/config.public.toml (passed as flags, which override .streamlit/config.toml).
# Usage: bash scripts/run_public.sh [--server.port 8502 ...]   (extra arguments go to streamlit)
# The store must exist already (run scripts/run.sh or `python -m analysis ingest` first):
# this process opens it read-only and never creates or changes anything.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_venv requirements.txt
mapfile -t FLAGS < <("$PY" -m analysis.access.deployment)  # .streamlit/config.public.toml as flags
export NMP_MODE=public
say "publieke versie starten (alleen-lezen, NMP_MODE=public)"
exec "$VENV/bin/streamlit" run dashboard.py "${FLAGS[@]}" "$@"
