"""Bulk acceptance and undo as one batch: each member its own decision row and audit entry, undo
appends rows restoring the previous state (nothing overwritten), and the queue's candidates."""
from __future__ import annotations

import pytest
from factories import WERKSESSIE

from analysis.core.errors import InputError, StaleVersionError
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import batches, queries, review
from analysis.tracker.decisions import Decision, save_decision


@pytest.fixture
def june(store: Store) -> Store:
    ingest_paths(store, [WERKSESSIE])
    return store


def _table(store):
    t = queries.tracker_table(store, "v4")
    return review.with_groups(t.assign(session=t["event"], source_type="werksessie"))


def test_bulk_then_undo_restores_each_previous_state(june):
    table = _table(june)
    theme = table["theme"].value_counts().index[0]
    found = review.bulk_candidates(table, theme, 0.0)
    assert len(found) >= 3 and (found["best_score"] >= 0).all()
    sample = review.sample(found, 1) if len(found) > 2 else found
    assert sample["best_score"].tolist() == sorted(sample["best_score"])[:len(sample)]
    assert sample["best_score"].iloc[0] == found["best_score"].min()  # the lowest score shown
    # one of them had a decision before the bulk action
    first = found["id"].iloc[0]
    save_decision(june, first, "v4", Decision("al_in_beleid", internal_note="eerder"), 0, "Anna", "editor")
    based = {**dict(zip(found["id"], found["row_version"])), first: 1}
    items = [(r.id, Decision("verwerkt", r.best_link)) for r in found.itertuples()]
    batch, rows = batches.save_items(june, "v4", items, based, "Bram", "editor", kind="bulk")
    assert rows[first] == 2 and set(rows.values()) <= {1, 2}
    audit = queries.audit_log(june)
    assert (audit["detail"].str.contains(batch)).sum() == len(found)  # an audit entry each
    assert batches.recent_batches(june)["batch_id"].tolist()[0] == batch

    undo = batches.undo_batch(june, batch, "Bram", "editor")
    now = queries.current_decisions(june, found["id"].tolist()).set_index("suggestion_id")
    assert now.loc[first, "status"] == "al_in_beleid" and now.loc[first, "internal_note"] == "eerder"
    assert now.loc[first, "row_version"] == 3  # appended, not overwritten
    others = now.drop(index=first)
    assert set(others["status"]) == {"open"} and set(others["row_version"]) == {2}
    assert len(queries.decision_history(june, first)) == 3
    assert batch not in batches.recent_batches(june)["batch_id"].tolist()
    assert len(batches.batch_rows(june, undo)) == len(found)
    with pytest.raises(InputError, match="al ongedaan"):
        batches.undo_batch(june, batch, "Bram", "editor")


def test_undo_refuses_when_a_member_changed_afterwards(june):
    table = _table(june)
    found = table[table["best_link"].notna()].head(2)
    items = [(r.id, Decision("verwerkt", r.best_link)) for r in found.itertuples()]
    batch, _ = batches.save_items(june, "v4", items, {}, "Bram", "editor", kind="bulk")
    save_decision(june, found["id"].iloc[1], "v4", Decision("al_in_beleid"), 1, "Anna", "editor")
    with pytest.raises(StaleVersionError):
        batches.undo_batch(june, batch, "Bram", "editor")
    assert queries.current_decisions(june, found["id"].tolist())["status"].tolist().count("verwerkt") == 1


def test_queue_orders_and_filters(june):
    table = _table(june)
    sure = review.queue(table, review.QueueFilters(reviewed="alle"), "zeker")
    assert sure["best_score"].fillna(-1).is_monotonic_decreasing
    unsure = review.queue(table, review.QueueFilters(reviewed="alle"), "onzeker")
    assert unsure["best_score"].fillna(-1).is_monotonic_increasing
    assert len(sure) == table["is_lead"].sum()  # no cap
    sid = sure["id"].iloc[0]
    save_decision(june, sid, "v4", Decision("al_in_beleid"), 0, "Anna", "editor")
    table = _table(june)
    assert sid not in review.queue(table, review.QueueFilters(), "document")["id"].tolist()
    assert review.queue(table, review.QueueFilters(reviewed="beoordeeld"), "document")["id"].tolist() == [sid]
    assert review.progress(table) == (1, len(table))


def test_a_saved_accepted_proposal_confirms_its_link_once(june):
    table = _table(june)
    found = table[table["best_link"].notna()].head(3)
    a, b, c = found["id"].tolist()
    section = found["best_link"].iloc[0]
    # a and b: the proposal accepted; c: the same decision typed by hand (no confirmation)
    items = [(sid, Decision("verwerkt", section)) for sid in (a, b, c)]
    batch, _ = batches.save_items(june, "v4", items, {}, "Bram", "editor", confirm=[a, b])
    links = {sid: queries.current_links(june, sid) for sid in (a, b, c)}
    state = {sid: df.loc[(df["version"] == "v4") & (df["section"] == section), "state"].tolist()
             for sid, df in links.items()}
    assert state[a] == ["bevestigd"] and state[b] == ["bevestigd"]
    assert state[c] in ([], ["voorgesteld"])
    log = queries.audit_log(june)
    confirmed = log[log["action"] == "koppeling"]
    assert sorted(confirmed["suggestion_id"]) == sorted([a, b])
    assert confirmed["detail"].str.contains(batch).all()
    # saving again with the link already confirmed adds a decision, not a second confirmation
    batches.save_items(june, "v4", [(a, Decision("deels_verwerkt", section))], {a: 1}, "Bram",
                       "editor", confirm=[a])
    log = queries.audit_log(june)
    assert (log["action"] == "koppeling").sum() == 2
    # a status without a section confirms nothing
    batches.save_items(june, "v4", [(c, Decision("niet_verwerkt"))], {c: 1}, "Bram", "editor",
                       confirm=[c])
    assert (queries.audit_log(june)["action"] == "koppeling").sum() == 2
