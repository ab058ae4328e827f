# Shared helpers for scripts/run.sh and scripts/test.sh. Source it; do not run it.
# Every step is idempotent: a second run only does what changed since the first.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

say() { echo "[nmp] $*" >&2; }
die() { echo "[nmp] FOUT: $*" >&2; exit 1; }

# A hash of files' contents (missing files hash as their name), for change detection.
files_hash() {
  local f
  for f in "$@"; do
    if [ -f "$f" ]; then sha256sum "$f"; else echo "missing $f"; fi
  done | sha256sum | cut -d' ' -f1
}

# ensure_venv REQUIREMENTS_FILE: create .venv and install the pinned requirements
# when the file (or what it includes with -r) changed since the last install.
ensure_venv() {
  local req="$ROOT/$1" marker="$VENV/.installed-$(basename "$1").sha256" want
  if [ ! -x "$PY" ]; then
    say "virtuele omgeving maken in .venv"
    python3 -m venv "$VENV" || die "python3 -m venv mislukt (installeer python3-venv)"
  fi
  want="$(files_hash "$ROOT"/requirements*.txt)"
  if [ "$(cat "$marker" 2>/dev/null)" != "$want" ]; then
    say "pakketten installeren uit $1"
    "$PY" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
    "$PY" -m pip install --quiet -r "$req" || die "pip install -r $1 mislukt"
    echo "$want" > "$marker"
  fi
}

# The Dutch spaCy model is optional: the analysis falls back to spacy.blank("nl").
# Tried once per virtual environment; set NMP_RETRY_MODEL=1 to try again.
try_dutch_model() {
  local marker="$VENV/.nl_core_news_sm-tried"
  if "$PY" -c "import nl_core_news_sm" 2>/dev/null; then return 0; fi
  if [ -f "$marker" ] && [ -z "${NMP_RETRY_MODEL:-}" ]; then return 0; fi
  touch "$marker"
  if timeout 120 "$PY" -m pip install --quiet nl_core_news_sm >/dev/null 2>&1; then
    say "spaCy-model nl_core_news_sm geinstalleerd"
  else
    say "nl_core_news_sm niet beschikbaar; de analyse gebruikt spacy.blank(\"nl\") met lookup-lemma's"
  fi
}

# Deduce (de-identification) builds its lookup structures once after install (minutes) and
# caches them in the installed package; do it here, never on a page view. Idempotent: a marker
# per installed deduce version, and Deduce itself only rebuilds when its lists changed.
build_deduce() {
  local version marker
  version="$("$PY" -c 'from importlib import metadata; print(metadata.version("deduce"))' 2>/dev/null)" \
    || die "het pakket deduce ontbreekt (pip install -r requirements.txt)"
  marker="$VENV/.deduce-built-$version"
  [ -f "$marker" ] && return 0
  say "Deduce $version voorbereiden (eenmalig, enkele minuten)"
  (cd "$ROOT" && "$PY" -c 'from analysis.enrich import deduce_names; deduce_names.build()') \
    || die "Deduce voorbereiden mislukt"
  touch "$marker"
}

# numba compiles the near-duplicate kernels (analysis/enrich/sparse_pairs.py) on first use and
# caches the result beside the module; compile here (a few seconds, once per checkout and
# change of that file), not inside the first import.
compile_kernels() {
  (cd "$ROOT" && "$PY" -c 'from analysis.enrich import sparse_pairs; sparse_pairs.warm_up()') \
    || die "de rekenkernen compileren (numba) mislukt"
}

# Ingest the default data set when the store is empty or the default files changed.
ensure_default_data() {
  local files want marker key
  files="$("$PY" -c 'from analysis.core import config; print("\n".join(map(str, config.default_files())))')" \
    || die "data/settings.toml onleesbaar"
  key="$(echo "${DATABASE_URL:-sqlite}" | sha256sum | cut -c1-12)"
  marker="$ROOT/data/store/.default-data-$key.sha256"
  # shellcheck disable=SC2086
  want="$(files_hash "$ROOT/data/settings.toml" $files)"
  local count
  count="$(cd "$ROOT" && "$PY" -c 'from analysis.store.store import open_store; print(open_store().count())')" \
    || die "de opslag is niet bereikbaar (DATABASE_URL?)"
  if [ "$count" = "0" ] || [ "$(cat "$marker" 2>/dev/null)" != "$want" ]; then
    say "standaard dataset inlezen"
    (cd "$ROOT" && "$PY" -m analysis ingest --quiet) || die "inlezen van de standaard dataset mislukt"
    mkdir -p "$(dirname "$marker")"
    echo "$want" > "$marker"
  fi
}

# ensure_apt_packages PKG...: install missing Debian packages (apt-get update once).
ensure_apt_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { say "geen apt-get: installeer zelf ${missing[*]}"; return 1; }
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  say "systeempakketten installeren: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq </dev/null || die "apt-get update mislukt"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null \
    || die "apt-get install ${missing[*]} mislukt"
}

# try_apt_packages PKG...: the same, best effort: a failed install is said and returned, never fatal.
try_apt_packages() { ( ensure_apt_packages "$@" ) || return 1; }

# axe-core (accessibility checks in the browser tests) from the npm registry, pinned.
AXE_CORE_VERSION="4.14.1"
ensure_axe_core() {
  [ -f "$ROOT/node_modules/axe-core/axe.min.js" ] && return 0
  command -v npm >/dev/null || ensure_apt_packages npm || true
  command -v npm >/dev/null || { say "geen npm: toegankelijkheidstests worden overgeslagen"; return 1; }
  say "axe-core $AXE_CORE_VERSION installeren (npm)"
  (cd "$ROOT" && npm install --no-save --no-audit --no-fund --silent "axe-core@$AXE_CORE_VERSION" </dev/null) \
    || { say "npm install axe-core mislukt; toegankelijkheidstests worden overgeslagen"; return 1; }
}

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_test_postgres: a throw-away PostgreSQL server in a temp dir on a free port,
# trust auth on 127.0.0.1; exports TEST_DATABASE_URL. Stop it with stop_test_postgres.
# A TEST_DATABASE_URL that is already set (a server of your own) is used as it is.
PG_DIR=""
PG_RUN_AS=()
PG_BIN=""
start_test_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then say "bestaande TEST_DATABASE_URL wordt gebruikt"; return 0; fi
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
  [ -n "$PG_BIN" ] || { say "PostgreSQL niet gevonden; PostgreSQL-tests worden overgeslagen"; return 1; }
  PG_DIR="$(mktemp -d /tmp/nmp-pg.XXXXXX)"
  local port run_as=()
  port="$(free_port)"
  if [ "$(id -u)" -eq 0 ]; then   # initdb refuses to run as root
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 \
      --no-locale >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; die "initdb mislukt"; }
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
      -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL start niet"; }
  PG_RUN_AS=("${run_as[@]}")
  export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  say "PostgreSQL test-server op 127.0.0.1:$port"
}

stop_test_postgres() {
  [ -n "$PG_DIR" ] || return 0
  "${PG_RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
