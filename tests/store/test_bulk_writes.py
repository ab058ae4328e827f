"""db.bulk_insert and db.bulk_update store what SQLAlchemy's own executemany stores, on every backend."""
from datetime import UTC, datetime

import pandas as pd
import pytest
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    insert,
    select,
    update,
)

from analysis.store import db


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    import os
    if request.param == "sqlite":
        return db.make_engine(f"sqlite:///{tmp_path / 'b.sqlite'}")
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (scripts/test.sh starts a PostgreSQL server)")
    return db.make_engine(url)


def test_rows_read_back_equal_to_sqlalchemys_own_insert(engine):
    meta = MetaData()
    tables = [Table(name, meta, Column("id", String(32), primary_key=True), Column("text", String),
                    Column("n", Integer), Column("score", Float), Column("flag", Boolean),
                    Column("at", DateTime(timezone=True))) for name in ("bulk_a", "bulk_b")]
    meta.drop_all(engine)
    meta.create_all(engine)
    when = datetime(2026, 12, 5, 17, 30, tzinfo=UTC)
    df = pd.DataFrame({
        "id": [f"r{i}" for i in range(7)],
        "text": ["a", None, "é’ 'quote'", "=SOM(A1)", "", "x" * 5000, "z"],
        "n": pd.array([1, None, 3, 4, 5, 6, 7], dtype="Int64"),
        "score": pd.array([0.5, 1.25, None, 0.0, 3.0, 2.5, 1.0], dtype="Float64"),
        "flag": pd.array([True, False, None, True, True, False, True], dtype="boolean"),
        "at": [when, None, when, when, when, when, when],
    })
    changes = pd.DataFrame({"id": ["r1", "r4", "r6", "nergens"], "n": pd.array([10, None, 12, 1], dtype="Int64"),
                            "flag": pd.array([None, True, False, True], dtype="boolean"),
                            "at": [when, when, None, when]})
    steps = []
    try:
        with engine.begin() as conn:
            db.bulk_insert(conn, tables[0], df, chunk_size=3, step=steps.append)
            conn.execute(insert(tables[1]), db.records(df))
        with engine.connect() as conn:
            got, expected = ([tuple(r) for r in conn.execute(select(t).order_by(t.c.id))] for t in tables)
        assert got == expected and len(got) == 7
        assert steps == [3, 6]
        with engine.begin() as conn:
            db.bulk_update(conn, tables[0], "id", changes)
            b = tables[1]
            conn.execute(update(b).where(b.c.id == bindparam("_id")).values(n=bindparam("n"), flag=bindparam("flag"),
                                                                            at=bindparam("at")),
                         db.records(changes.rename(columns={"id": "_id"})))
        with engine.connect() as conn:
            got, expected = ([tuple(r) for r in conn.execute(select(t).order_by(t.c.id))] for t in tables)
        assert got == expected and got != [tuple(r) for r in df.itertuples(index=False)]
        assert [r[2] for r in got][:3] == [1, 10, 3]
    finally:
        meta.drop_all(engine)


def test_read_where_in_reads_past_the_bound_variable_limit_and_an_empty_list(tmp_path):
    from sqlalchemy import Column, MetaData, String, Table, insert, select

    from analysis.store import db

    engine = db.make_engine(f"sqlite:///{tmp_path / 'in.sqlite'}")
    rows = Table("rows", MetaData(), Column("id", String, primary_key=True))
    rows.create(engine)
    ids = [f"r{i}" for i in range(2 * db.IN_CHUNK + 5)]
    with engine.begin() as conn:
        conn.execute(insert(rows), [{"id": i} for i in ids])
        found = db.read_where_in(conn, select(rows.c.id), rows.c.id, ids[1:])
        none = db.read_where_in(conn, select(rows.c.id), rows.c.id, [])
    assert sorted(found["id"]) == sorted(ids[1:])
    assert list(none.columns) == ["id"] and none.empty
