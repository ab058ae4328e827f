#!/usr/bin/env bash
# Set everything up for the tests and run them: venv with the dev requirements,
# chromium and PostgreSQL from Debian, axe-core from npm, a throw-away PostgreSQL
# server, the linter (ruff), pytest.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_venv requirements-dev.txt
try_dutch_model
build_deduce
compile_kernels
# In CI the browser, PostgreSQL and axe-core are required: a missing one must fail the run,
# not quietly skip the tests that need it. On a developer's machine they are best effort.
required() { if [ "${CI:-}" = "true" ]; then "$@" || die "$* mislukt (vereist in CI)"; else "$@" || say "$* mislukt; tests die dit nodig hebben worden overgeslagen"; fi; }
required ensure_apt_packages chromium postgresql
required ensure_axe_core
# LibreOffice lays the Word report out as PDF for one test (tests/views/test_report.py); never
# required, also not in CI (about 90 MB and well under a minute to install; docs/REPORTS.md).
try_apt_packages libreoffice-writer-nogui \
  || say "LibreOffice niet geïnstalleerd; de test die het verslag als PDF opmaakt wordt overgeslagen"
trap stop_test_postgres EXIT
required start_test_postgres
if command -v chromium >/dev/null; then export NMP_CHROMIUM="$(command -v chromium)"; fi

say "ruff check (linter, ruff.toml)"
"$VENV/bin/ruff" check --quiet "$ROOT" || die "ruff vond problemen; zie hierboven"

# Two workers by default (NMP_TEST_WORKERS=0 runs in one process); a test file stays on one
# worker, so its module fixtures (a dashboard server, an ingested store) are made once.
workers=(-n "${NMP_TEST_WORKERS:-2}" --dist loadfile)
[ "${NMP_TEST_WORKERS:-2}" = "0" ] && workers=()
set +e
"$PY" -m pytest -q "${workers[@]}" tests/ "$@" </dev/null
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  say "FOUT: pytest vond geen tests; dat telt als mislukt"
  exit 1
fi
exit "$rc"
