"""Concurrent editors on SQLite and PostgreSQL: no lost update, a clear refusal for a stale save.

Several threads (and, for the stale-version race, separate processes, as two
Streamlit servers would be) save decisions at the same moment through
analysis.tracker.save_decision, each on its own Store handle.
"""
from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest
from factories import make_doc, put

from analysis.core.errors import StaleVersionError
from analysis.store.store import Store
from analysis.tracker import decisions, queries
from analysis.tracker.decisions import Decision

EDITORS = 6
SAVES_EACH = 4
VERSION = "v4"  # a concept version from data/concept_versions/
WAIT = 120  # seconds; a guard against a hung test, not a timing assertion


@pytest.fixture
def sugg_store(any_store: Store) -> tuple[Store, list[str]]:
    """A store with EDITORS suggestions (advies bullets), no enrichment."""
    doc = make_doc("sessie.txt", [f"Advies {i}: meet de stapeling van milieueffecten per wijk."
                                  for i in range(EDITORS)])
    put(any_store, doc)
    return any_store, doc.contributions["id"].tolist()


def decision(editor: str, n: int) -> Decision:
    """A decision that needs no section; its note says who saved it and which attempt."""
    return Decision("niet_verwerkt", internal_note=f"{editor} #{n}")


def save(url: str, sid: str, editor: str, n: int, based_on: int) -> int | None:
    """One editor's save from a fresh handle; the new row_version, or None when refused as stale."""
    try:
        return decisions.save_decision(Store(url=url), sid, VERSION, decision(editor, n), based_on,
                                     actor=editor, role="editor")
    except StaleVersionError as exc:
        assert "Iemand anders" in str(exc)  # the clear refusal the page shows
        return None


def at_once(n: int, task: Callable[[int], object]) -> list:
    """Run task(0..n-1) in n threads released together by a barrier."""
    barrier = threading.Barrier(n)

    def run(k: int):
        barrier.wait(WAIT)
        return task(k)

    with ThreadPoolExecutor(n) as pool:
        return [f.result(WAIT) for f in [pool.submit(run, k) for k in range(n)]]


def test_one_of_n_saves_on_the_same_version_wins(sugg_store):
    store, ids = sugg_store
    sid = ids[0]
    results = at_once(EDITORS, lambda k: save(store.url, sid, f"redacteur{k}", 1, based_on=0))
    winners = [k for k, r in enumerate(results) if r is not None]
    assert len(winners) == 1 and results[winners[0]] == 1
    history = queries.decision_history(store, sid)
    assert history["actor"].tolist() == [f"redacteur{winners[0]}"]
    log = queries.audit_log(store, sid)
    assert log["actor"].tolist() == [f"redacteur{winners[0]}"]  # refused saves leave no trace


_START = None  # the barrier shared with the worker processes


def _process_init(barrier) -> None:
    global _START
    _START = barrier


def _process_save(args: tuple) -> int | None:
    url, sid, editor = args
    _START.wait(WAIT)  # all workers have imported everything; release them together
    return save(url, sid, editor, 1, based_on=0)


def test_one_of_n_processes_wins(sugg_store):
    """The same race between processes (separate connection pools, as separate servers)."""
    store, ids = sugg_store
    ctx = multiprocessing.get_context("spawn")
    n = 3
    with ProcessPoolExecutor(n, mp_context=ctx, initializer=_process_init,
                             initargs=(ctx.Barrier(n),)) as pool:
        results = list(pool.map(_process_save, [(store.url, ids[1], f"proces{k}") for k in range(n)],
                                timeout=WAIT))
    assert sorted(r for r in results if r is not None) == [1]
    assert results.count(None) == n - 1
    assert len(queries.decision_history(store, ids[1])) == 1
    assert len(queries.audit_log(store, ids[1])) == 1


def test_no_lost_update_when_editors_retry(sugg_store):
    """Editors keep reloading and saving the same suggestion: every accepted save is kept."""
    store, ids = sugg_store
    sid = ids[2]
    accepted: list[tuple[int, str]] = []  # (row_version, note) of every successful save
    refused = [0]
    lock = threading.Lock()

    def editor(k: int) -> None:
        name = f"redacteur{k}"
        for n in range(SAVES_EACH):
            while True:
                seen = queries.current_decisions(Store(url=store.url), [sid])
                based_on = int(seen["row_version"].max()) if len(seen) else 0
                new = save(store.url, sid, name, n, based_on)
                if new is not None:
                    with lock:
                        accepted.append((new, decision(name, n).internal_note))
                    break
                with lock:
                    refused[0] += 1

    at_once(EDITORS, editor)
    total = EDITORS * SAVES_EACH
    assert sorted(v for v, _ in accepted) == list(range(1, total + 1))  # one save per version
    history = queries.decision_history(store, sid)
    assert sorted(zip(history["row_version"], history["internal_note"])) == sorted(accepted)
    notes = queries.audit_log(store, sid)["detail"].str.extract(r'"internal_note": "([^"]*)"')[0]
    assert sorted(notes) == sorted(n for _, n in accepted)  # every accepted save is audited once
    last = max(accepted)
    current = queries.current_decisions(store, [sid]).iloc[0]
    assert (current["row_version"], current["internal_note"]) == last
    table = queries.tracker_table(store, VERSION).set_index("id").loc[sid]
    assert table["row_version"] == total and table["internal_note"] == last[1]


def test_saves_on_different_suggestions_all_succeed(sugg_store):
    store, ids = sugg_store
    version_before = store.version()
    results = at_once(EDITORS, lambda k: save(store.url, ids[k], f"redacteur{k}", 1, based_on=0))
    assert results == [1] * EDITORS
    current = queries.current_decisions(store).set_index("suggestion_id")
    assert {sid: current.loc[sid, "actor"] for sid in ids} == {
        sid: f"redacteur{k}" for k, sid in enumerate(ids)}
    assert len(queries.audit_log(store)) == EDITORS
    # every save moves the store version on, so no page keeps showing a cached older state
    assert store.version() == version_before + EDITORS


def test_decisions_move_the_version_but_not_the_contributions_version(sugg_store):
    """Pages cache the 100,000 contributions on contributions_version: a decision keeps it."""
    store, ids = sugg_store
    rows_at, version_at = store.contributions_version(), store.version()
    assert save(store.url, ids[3], "redacteur", 1, based_on=0) == 1
    assert store.version() == version_at + 1 and store.contributions_version() == rows_at
    put(store, make_doc("nieuw.txt", ["Nog een advies over geluid."]))
    assert store.contributions_version() == store.version() > version_at + 1
