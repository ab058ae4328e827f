"""Shared fixtures: stores on both backends, the default data set, the command line.

Every test gets its own database (a SQLite file in tmp_path, or a fresh
PostgreSQL database on TEST_DATABASE_URL), so tests never see each other's
rows and never touch the real store under data/store/.
"""
from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from factories import run_analysis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from analysis.store import db
from analysis.store.store import Store

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True, scope="session")
def _isolated_default_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Code that falls back to DATABASE_URL writes to a session temp file, never to data/store/."""
    old = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('default-store')}/store.sqlite"
    yield
    if old is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = old


def _forget(store: Store) -> None:
    store.engine.dispose()
    db.cached_engine.cache_clear()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, empty SQLite store (WAL file) in tmp_path."""
    s = Store(url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield s
    _forget(s)


def pg_admin_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    return url or None


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a new, empty PostgreSQL database, dropped after the test."""
    admin = pg_admin_url()
    if not admin:
        pytest.skip("TEST_DATABASE_URL is not set (scripts/test.sh starts a PostgreSQL server)")
    name = f"nmp_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        db.cached_engine.cache_clear()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    """A fresh, empty store on its own PostgreSQL database."""
    s = Store(url=pg_url)
    yield s
    _forget(s)


@pytest.fixture(params=BACKENDS)
def any_store(request: pytest.FixtureRequest) -> Store:
    """The same test on SQLite and (when TEST_DATABASE_URL is set) on PostgreSQL."""
    return request.getfixturevalue("store" if request.param == "sqlite" else "pg_store")


@pytest.fixture(scope="session")
def default_data_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The default data set ingested once per test session; treat it as read-only."""
    from analysis.ingest.pipeline import ingest_paths

    s = Store(url=f"sqlite:///{tmp_path_factory.mktemp('default-data')}/store.sqlite")
    ingest_paths(s)
    return s


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess]:
    """Run `python -m analysis ARGS` in a subprocess against a temp SQLite store.

    Returns the CompletedProcess; pass database_url= to use another store, env= for extra variables.
    """
    default_url = f"sqlite:///{tmp_path / 'cli-store.sqlite'}"

    def run(*args, database_url: str | None = None, env: dict | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess:
        return run_analysis(*args, database_url=database_url or default_url, env=env, timeout=timeout)

    run.database_url = default_url  # type: ignore[attr-defined]
    return run
