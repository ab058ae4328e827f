"""A decision per kernpunt reaches its members in one batch, keeps a member's own exception,
refuses a stale save, and is what the kernpunt table says."""
from __future__ import annotations

import pytest
from factories import WERKSESSIE

from analysis.core.errors import StaleVersionError
from analysis.ingest.pipeline import ingest_paths
from analysis.tracker import batches, kernpunt_decisions, kernpunt_queries, queries
from analysis.tracker.decisions import Decision, save_decision


@pytest.fixture
def june(store):
    ingest_paths(store, [WERKSESSIE])
    return store


def _biggest(store) -> tuple[int, list[str]]:
    table = kernpunt_queries.kernpunt_table(store, "v4").sort_values("contributions")
    kp = int(table["kernpunt"].iloc[-1])
    return kp, kernpunt_queries.members(store, kp)["contribution_id"].tolist()


def test_members_inherit_and_an_exception_stays(june):
    kp, ids = _biggest(june)
    assert len(ids) >= 3
    save_decision(june, ids[0], "v4", Decision("al_in_beleid", None, "Gebeurt al.", "eigen"), 0,
                  "Anna", "editor")
    d = Decision("niet_verwerkt", None, "Valt buiten het programma.", "kernpunt", True)
    out = kernpunt_decisions.decide(june, "v4", kp, d, 0, "Bram", "editor")
    assert out["exceptions"] == [ids[0]] and set(out["members"]) == set(ids[1:])
    now = queries.current_decisions(june, ids).set_index("suggestion_id")
    assert now.loc[ids[0], "status"] == "al_in_beleid"  # the exception is kept
    assert set(now.loc[ids[1:], "status"]) == {"niet_verwerkt"}
    table = kernpunt_queries.kernpunt_table(june, "v4").set_index("kernpunt")
    assert table.loc[kp, "decision"] == "Niet verwerkt (gepubliceerd)"
    # a second decision follows for the members it wrote, still not for the exception
    again = kernpunt_decisions.decide(june, "v4", kp, Decision("al_in_beleid", None, "Al beleid.", "", True),
                                      out["row_version"], "Bram", "editor")
    assert again["row_version"] == 2 and again["exceptions"] == [ids[0]]
    with pytest.raises(StaleVersionError):  # someone saw version 1 and saves after this
        kernpunt_decisions.decide(june, "v4", kp, d, 1, "Carla", "editor")
    # undo of the batch restores the members
    batches.undo_batch(june, again["batch_id"], "Bram", "editor")
    now = queries.current_decisions(june, ids[1:])
    assert set(now["status"]) == {"niet_verwerkt"}
    # and the kernpunt says so again (a new row, the history kept)
    table = kernpunt_queries.kernpunt_table(june, "v4").set_index("kernpunt")
    assert table.loc[kp, "decision"] == "Niet verwerkt (gepubliceerd)"
    assert kernpunt_decisions.current(june, "v4").set_index("kernpunt_id").loc[kp, "row_version"] == 3


def test_undoing_a_first_kernpunt_decision_leaves_it_undecided(june):
    kp, ids = _biggest(june)
    out = kernpunt_decisions.decide(june, "v4", kp, Decision("al_in_beleid", None, "Gebeurt al."), 0,
                                    "Bram", "editor")
    batches.undo_batch(june, out["batch_id"], "Bram", "editor")
    table = kernpunt_queries.kernpunt_table(june, "v4").set_index("kernpunt")
    assert table.loc[kp, "decision"] == kernpunt_queries.NO_DECISION
    assert set(queries.current_decisions(june, ids)["status"]) == {"open"}


def test_include_exceptions_overrides_them(june):
    kp, ids = _biggest(june)
    save_decision(june, ids[0], "v4", Decision("al_in_beleid"), 0, "Anna", "editor")
    out = kernpunt_decisions.decide(june, "v4", kp, Decision("al_in_beleid", None, "Gebeurt al."), 0,
                                    "Bram", "editor", include_exceptions=True)
    assert out["exceptions"] == [] and ids[0] in out["members"]
