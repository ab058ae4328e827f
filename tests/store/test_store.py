"""The store's promises, on SQLite and PostgreSQL: checked schema, stable ids,
idempotent re-import, atomic replacement of a document, nothing half-written."""
from __future__ import annotations

import pandas as pd
import pytest
from factories import WERKSESSIE, make_doc, put
from sqlalchemy import text

from analysis.core import config, schema
from analysis.core.errors import InputError
from analysis.harvest import parse_path
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store


def snapshot(store: Store) -> dict:
    """Everything a failed write must leave untouched."""
    return {
        "contributions": store.load_contributions(),
        "documents": store.load_documents().drop(columns="imported_at"),
        "topics": store.load_topics(),
        "imports": len(store.load_imports()),
        "version": store.version(),
    }


def assert_same(before: dict, after: dict) -> None:
    pd.testing.assert_frame_equal(before["contributions"], after["contributions"])
    pd.testing.assert_frame_equal(before["documents"], after["documents"])
    pd.testing.assert_frame_equal(before["topics"], after["topics"])
    assert before["imports"] == after["imports"]
    assert before["version"] == after["version"]


def test_empty_store_reads_as_empty_schema(any_store):
    df = any_store.load_contributions()
    assert list(df.columns) == schema.COLUMNS
    assert len(df) == 0 and any_store.version() == 0


def test_rows_round_trip_with_schema_dtypes(any_store):
    put(any_store, make_doc("a.txt", ["Meer handhaving.", "Stapeling meten."]))
    df = any_store.load_contributions()
    assert list(df.columns) == schema.COLUMNS
    assert {c: str(t) for c, t in df.dtypes.items()} == schema.DTYPES
    assert df["text"].tolist() == ["Meer handhaving.", "Stapeling meten."]
    assert df["is_fictional"].tolist() == [False, False]
    assert any_store.load_topics()["concept_ref"].tolist() == ["v4 §6.2.2"]


@pytest.mark.parametrize("breakage, message", [
    (lambda df: df.assign(text=["", "ok"]), "text"),
    (lambda df: df.assign(section=["mening", "advies"]), "mening"),
    (lambda df: df.assign(id=["same", "same"]), "dubbel id"),
])
def test_schema_is_checked_on_every_import(any_store, breakage, message):
    put(any_store, make_doc("keep.txt", ["Bestaande bijdrage."]))
    before = snapshot(any_store)
    doc = make_doc("bad.txt", ["een", "twee"])
    with pytest.raises(InputError, match=message):
        any_store.replace_documents([(doc, breakage(doc.contributions))])
    assert_same(before, snapshot(any_store))


def test_ids_are_stable_across_parses_and_stores(any_store):
    first = parse_path(WERKSESSIE).contributions
    second = parse_path(WERKSESSIE).contributions
    assert first["id"].tolist() == second["id"].tolist()
    assert first["id"].is_unique
    doc = parse_path(WERKSESSIE)
    put(any_store, doc)
    stored = any_store.load_contributions()
    assert sorted(stored["id"]) == sorted(first["id"])


def test_importing_the_same_document_twice_changes_nothing(any_store):
    put(any_store, make_doc("a.txt", ["een", "twee", "drie"]))
    before = snapshot(any_store)
    report = put(any_store, make_doc("a.txt", ["een", "twee", "drie"]))
    assert [c.skipped for c in report.changes] == [True]
    assert report.added == 0 and report.removed == 0
    assert_same(before, snapshot(any_store))


def test_new_version_of_a_document_replaces_its_rows(any_store):
    put(any_store, make_doc("a.txt", ["een", "twee", "drie"]), make_doc("b.txt", ["ander"]))
    version = any_store.version()
    report = put(any_store, make_doc("a.txt", ["een", "twee, herzien"]))
    assert (report.added, report.removed) == (1, 2)
    df = any_store.load_contributions()
    assert df[df["document"] == "a.txt"]["text"].tolist() == ["een", "twee, herzien"]
    assert df[df["document"] == "b.txt"]["text"].tolist() == ["ander"]
    assert any_store.version() == version + 1
    docs = any_store.load_documents().set_index("document")
    assert docs.loc["a.txt", "n_rows"] == 2


def test_import_failing_half_way_leaves_the_store_as_it_was(any_store, monkeypatch):
    put(any_store, make_doc("a.txt", ["een", "twee"]))
    before = snapshot(any_store)
    original = Store._replace_one
    calls = []

    def fail_on_second(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("schijf vol")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "_replace_one", fail_on_second)
    with pytest.raises(RuntimeError, match="schijf vol"):
        put(any_store, make_doc("a.txt", ["een", "twee", "nieuw"]), make_doc("b.txt", ["ander"]))
    assert len(calls) == 2
    assert_same(before, snapshot(any_store))


def test_ingest_with_one_bad_path_writes_nothing(any_store, tmp_path):
    put(any_store, make_doc("a.txt", ["een"]))
    before = snapshot(any_store)
    with pytest.raises(InputError):
        ingest_paths(any_store, [WERKSESSIE, tmp_path / "bestaat-niet.txt"])
    assert_same(before, snapshot(any_store))


def test_default_data_ingest_is_idempotent(default_data_store):
    df = default_data_store.load_contributions()
    by_doc = df.groupby("document").size()
    assert set(by_doc.index) == {p.name for p in config.default_files()}
    assert (by_doc > 10).all()
    assert df["is_fictional"][df["source_type"] == "raadpleging"].all()
    assert not df["is_fictional"][df["source_type"] != "raadpleging"].any()
    version = default_data_store.version()
    report = ingest_paths(default_data_store)
    assert all(c.skipped for c in report.changes)
    assert default_data_store.version() == version


def test_sqlite_store_uses_wal(store):
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_read_only_store_refuses_writes(store):
    put(store, make_doc("a.txt", ["een"]))
    reader = Store(url=store.url, read_only=True)
    assert reader.count() == 1
    with pytest.raises(Exception):  # noqa: B017  (SQLite and PostgreSQL raise different errors)
        put(reader, make_doc("b.txt", ["twee"]))
    assert store.count() == 1
