"""Readers never see a half-written import, on SQLite (WAL) and PostgreSQL.

A large replace_documents runs in one transaction while other threads read.
The writer pauses inside its transaction (from its progress callback, after
the first document is written) until a reader has looked, so at least one read
provably happens mid-import; a free-running poller reads all along. Every read
must show the complete old set or the complete new set, never a mix.
"""
from __future__ import annotations

import threading

import pandas as pd
import pytest

from analysis.core import schema
from analysis.store.store import Store

OLD_ROWS, NEW_ROWS, EXTRA_ROWS = 3000, 4000, 300
WAIT = 60  # seconds; a guard against a hung test, not a timing assertion


def make_doc(name: str, n: int, tag: str) -> schema.ParsedDocument:
    texts = [f"{tag} bijdrage {i} over stapeling van milieueffecten." for i in range(n)]
    rows = pd.DataFrame({
        "id": [schema.contribution_id(name, i, t) for i, t in enumerate(texts)],
        "source_type": "raadpleging", "document": name, "position": range(n),
        "section": "antwoord", "text": texts,
    })
    return schema.ParsedDocument(format="csv", contributions=schema.conform(rows))


def ids_of(*docs: schema.ParsedDocument) -> frozenset[str]:
    return frozenset(i for d in docs for i in d.contributions["id"])


def put(store: Store, *docs: schema.ParsedDocument, progress=None, chunk_size: int = 5000):
    return store.replace_documents([(d, d.contributions) for d in docs],
                                   chunk_size=chunk_size, progress=progress)


def test_readers_see_old_or_new_set_never_a_mix(any_store: Store):
    old = make_doc("raadpleging.csv", OLD_ROWS, "oud")
    new = make_doc("raadpleging.csv", NEW_ROWS, "nieuw")
    extra = make_doc("aanvulling.csv", EXTRA_ROWS, "extra")
    put(any_store, old)
    before, after = ids_of(old), ids_of(new, extra)
    reader = Store(url=any_store.url)  # its own handle, as another page or process would have

    paused, looked = threading.Event(), threading.Event()
    mid_import: list[frozenset[str]] = []
    seen_counts: list[int] = []
    seen_sets: list[frozenset[str]] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def on_progress(fraction: float, _message: str) -> None:
        if fraction < 1.0 and not paused.is_set():  # first document written, transaction open
            paused.set()
            assert looked.wait(WAIT), "reader did not look during the import"

    def look() -> frozenset[str]:
        return frozenset(reader.load_contributions(["id"])["id"])

    def mid_reader() -> None:
        try:
            assert paused.wait(WAIT)
            mid_import.append(look())
            seen_counts.append(reader.count())
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            looked.set()

    def poller() -> None:
        try:
            while not done.is_set():
                seen_counts.append(reader.count())
                seen_sets.append(look())
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=mid_reader), threading.Thread(target=poller)]
    for t in threads:
        t.start()
    try:
        put(any_store, new, extra, progress=on_progress, chunk_size=500)
    finally:
        looked.set()
        done.set()
        for t in threads:
            t.join(WAIT)
    assert not errors, errors
    assert mid_import == [before], "a read during the import saw rows of the unfinished import"
    assert set(seen_counts) <= {len(before), len(after)}, sorted(set(seen_counts))
    assert all(s in (before, after) for s in seen_sets), "a poll saw a mix of old and new rows"
    assert look() == after and reader.count() == len(after)


def test_failed_import_is_invisible_to_readers(any_store: Store):
    """A write that fails halfway (after the first document) leaves readers the old set."""
    old = make_doc("raadpleging.csv", 2000, "oud")
    put(any_store, old)
    reader = Store(url=any_store.url)

    class Abort(Exception):
        pass

    def fail_after_first(fraction: float, _message: str) -> None:
        if fraction < 1.0:
            assert reader.count() == 2000
            raise Abort

    with pytest.raises(Abort):
        put(any_store, make_doc("raadpleging.csv", 3000, "nieuw"), make_doc("b.csv", 10, "b"),
            progress=fail_after_first)
    assert frozenset(reader.load_contributions(["id"])["id"]) == ids_of(old)
    assert list(reader.load_documents()["document"]) == ["raadpleging.csv"]
