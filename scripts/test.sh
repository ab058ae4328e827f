#!/usr/bin/env bash
# Set everything up for the tests and run them: venv with the dev requirements,
# chromium and PostgreSQL from Debian, axe-core from npm, a throw-away PostgreSQL
# server, pytest.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_venv requirements-dev.txt
try_dutch_model
ensure_apt_packages chromium postgresql || true
ensure_axe_core
trap stop_test_postgres EXIT
start_test_postgres || true
if command -v chromium >/dev/null; then export NMP_CHROMIUM="$(command -v chromium)"; fi
# --- accessibility check (tests/e2e/test_public_browser.py): axe-core into ./node_modules ---
[ -f node_modules/axe-core/axe.min.js ] || npm install --no-save --no-audit --no-fund axe-core@4.14.1 >/dev/null 2>&1 || say "axe-core niet geinstalleerd; de toegankelijkheidstest wordt overgeslagen"

set +e
"$PY" -m pytest -q tests/ "$@" </dev/null
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  say "FOUT: pytest vond geen tests; dat telt als mislukt"
  exit 1
fi
exit "$rc"
