"""Database connection: SQLite (WAL) by default, anything else via DATABASE_URL (store stage).

All tables share one MetaData so `create_all` builds the whole store; modules
that own tables (store, tracker) define them against `metadata` here.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache

import numpy as np
import pandas as pd
from sqlalchemy import MetaData, Table, bindparam, create_engine, event, insert, inspect, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.sql.expression import ColumnElement, Executable, Select

from analysis.core import paths

metadata = MetaData()


def _columns(df: pd.DataFrame) -> list[list]:
    """Each column of df as plain Python values (None for missing); per column, since pandas'
    to_dict("records") boxes every one of a 100,000-row import's 2 million values on its own."""
    columns = [df[c].astype(object).where(df[c].notna(), None).tolist() for c in df.columns]
    for i, c in enumerate(df.columns):
        if df[c].dtype == object:  # numpy scalars kept in an object column: the drivers want Python's
            columns[i] = [v.item() if isinstance(v, np.generic) else v for v in columns[i]]
    return columns


IN_CHUNK = 900  # ids per IN (...): under SQLite's 999 bound variables, room left for other filters


def read_where_in(conn: Connection, query: Select, column: ColumnElement, ids: list) -> pd.DataFrame:
    """The rows of query whose column is one of ids, IN_CHUNK ids per statement (one statement,
    with the query's columns, when ids is empty)."""
    return pd.concat([pd.read_sql(query.where(column.in_(ids[i:i + IN_CHUNK])), conn)
                      for i in range(0, max(len(ids), 1), IN_CHUNK)], ignore_index=True)


def records(df: pd.DataFrame) -> list[dict]:
    """DataFrame rows as plain Python values (None for missing) for executemany."""
    names = list(df.columns)
    return [dict(zip(names, row)) for row in zip(*_columns(df))]


def _many(conn: Connection, statement: Executable, df: pd.DataFrame, chunk_size: int = 5000,
          step: Callable[[int], None] | None = None) -> None:
    """Run statement (bind parameters named as df's columns) for every row of df inside the
    caller's transaction, in chunks; step(rows done) after each chunk but the last. On SQLite the
    rows go to the driver's executemany as tuples, each column through its bind processor once:
    SQLAlchemy's executemany builds and processes a parameter dict per row, two thirds of the
    time of a 100,000-row write."""
    if not len(df):
        return
    if conn.dialect.name == "sqlite":
        compiled = statement.compile(dialect=conn.dialect)
        columns = dict(zip(df.columns, _columns(df)))
        for name in set(compiled.positiontup):
            process = compiled.binds[name].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
            if process is not None:
                columns[name] = [None if v is None else process(v) for v in columns[name]]
        rows: list = list(zip(*(columns[name] for name in compiled.positiontup)))
        sql = str(compiled)

        def run(part: list) -> None:
            conn.exec_driver_sql(sql, part)
    else:
        rows = records(df)

        def run(part: list) -> None:
            conn.execute(statement, part)
    for start in range(0, len(rows), chunk_size):
        run(rows[start:start + chunk_size])
        if step and start + chunk_size < len(rows):  # the caller reports the last one
            step(start + chunk_size)


def bulk_insert(conn: Connection, table: Table, df: pd.DataFrame, chunk_size: int = 5000,
                step: Callable[[int], None] | None = None) -> None:
    """Insert df's rows (columns named as the table's), as _many runs them."""
    _many(conn, insert(table).values({c: bindparam(c) for c in df.columns}), df, chunk_size, step)


def bulk_update(conn: Connection, table: Table, key: str, df: pd.DataFrame) -> None:
    """Set df's other columns on the rows whose `key` column equals df's `key`, as _many runs it."""
    statement = (update(table).where(table.c[key] == bindparam("_key"))
                 .values({c: bindparam(c) for c in df.columns if c != key}))
    _many(conn, statement, df.rename(columns={key: "_key"}))


def add_missing_columns(engine: Engine) -> list[str]:
    """Add the nullable columns that metadata defines but an existing table lacks, empty: a store
    made by an earlier version gets a new schema column (e.g. contributions.consent) and keeps
    every row. create_all only creates missing tables. Returns 'table.column' for each added."""
    added: list[str] = []
    existing = inspect(engine)
    quote = engine.dialect.identifier_preparer.quote
    for table in metadata.sorted_tables:
        if not existing.has_table(table.name):
            continue
        present = {c["name"] for c in existing.get_columns(table.name)}
        for col in table.columns:
            if col.name in present or not col.nullable or col.primary_key:
                continue
            kind = col.type.compile(dialect=engine.dialect)
            guard = "IF NOT EXISTS " if engine.dialect.name == "postgresql" else ""
            try:
                with engine.begin() as conn:
                    conn.exec_driver_sql(f"ALTER TABLE {quote(table.name)} ADD COLUMN {guard}"
                                         f"{quote(col.name)} {kind}")
            except (OperationalError, ProgrammingError):  # another process added it just now
                if col.name not in {c["name"] for c in inspect(engine).get_columns(table.name)}:
                    raise
                continue
            added.append(f"{table.name}.{col.name}")
    return added


def default_url() -> str:
    """DATABASE_URL when set (a team's PostgreSQL), else the SQLite file under data/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return f"sqlite:///{paths.DEFAULT_SQLITE}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str, read_only: bool = False) -> Engine:
    """An engine for url; read_only engines refuse writes at the database level."""
    if url.startswith("sqlite"):
        db_path = url.split("///", 1)[1] if "///" in url else ""
        if db_path and db_path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(db_path)), exist_ok=True)
        if read_only and db_path and db_path != ":memory:":
            engine = create_engine(
                f"sqlite:///file:{os.path.abspath(db_path)}?mode=ro&uri=true",
                connect_args={"check_same_thread": False},
            )
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False})
            if db_path and db_path != ":memory:":
                with engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    connect_args = {}
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


@lru_cache(maxsize=8)
def cached_engine(url: str, read_only: bool = False) -> Engine:
    """One engine (and connection pool) per URL and mode per process."""
    return make_engine(url, read_only)
