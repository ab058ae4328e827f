"""The decision form starts from what is stored and a save writes only what changed
(analysis.tracker.edits), checked on the stored rows of a real store."""
from __future__ import annotations

import pandas as pd
import pytest
from factories import WERKSESSIE

from analysis.core.errors import StaleVersionError
from analysis.ingest.pipeline import ingest_paths
from analysis.tracker import batches, edits, queries
from analysis.tracker.decisions import Decision


def _row(**values) -> dict:
    base = {"id": "a", "status": "open", "decided_section": None, "public_explanation": None,
            "internal_note": None, "published": False, "row_version": 0, "decision_from": None}
    return {**base, **values}


def test_an_undecided_suggestion_opens_an_empty_form():
    assert edits.stored(_row()) == edits.FormValues()


def test_a_decided_suggestion_opens_with_its_decision():
    row = _row(status="verwerkt", decided_section="6.2.2", public_explanation="Staat erin.",
               internal_note="nagekeken", published=True, row_version=2)
    assert edits.stored(row) == edits.FormValues("verwerkt", "6.2.2", "Staat erin.", "nagekeken", True)


def test_an_inherited_decision_opens_the_form_too():
    row = _row(status="verwerkt", decided_section="6.2.2", public_explanation="x", published=True,
               decision_from="orig")
    assert edits.stored(row).status == "verwerkt" and edits.stored(row).published


def test_changes_ignore_whitespace_only_edits():
    start = edits.FormValues("verwerkt", "6.2.2", "Staat erin.", "", True)
    assert edits.FormValues("verwerkt", "6.2.2", "Staat erin. ", "", True).changes(start) == {}
    assert edits.FormValues("verwerkt", "6.2.2", "Staat erin.", "let op", True).changes(start) == {
        "internal_note": "let op"}


def test_only_the_changed_field_reaches_each_member_and_unchanged_members_are_skipped():
    group = pd.DataFrame([
        _row(id="lead", status="verwerkt", decided_section="6.2.2", public_explanation="A",
             published=True, row_version=1),
        _row(id="exception", status="deels_verwerkt", decided_section="5.1",
             public_explanation="B", internal_note="eigen", row_version=3),
        _row(id="twin", status="verwerkt", decided_section="6.2.2", public_explanation="A",
             published=True, decision_from="lead"),
    ])
    items = dict(edits.group_items(group, {"internal_note": "gecontroleerd"}))
    assert items["lead"] == Decision("verwerkt", "6.2.2", "A", "gecontroleerd", True)
    # the exception keeps its own status, section and explanation
    assert items["exception"] == Decision("deels_verwerkt", "5.1", "B", "gecontroleerd", False)
    assert items["twin"].public_explanation == "A" and items["twin"].published
    # a change that leaves a member as it is writes nothing for it
    items = dict(edits.group_items(group, {"status": "deels_verwerkt"}))
    assert set(items) == {"lead", "twin"}


def test_decide_come_back_change_only_the_note_keeps_explanation_and_publish(store):
    ingest_paths(store, [WERKSESSIE])
    table = queries.tracker_table(store, "v4")
    first = table[table["best_link"].notna()].iloc[0]
    sid, section = first["id"], first["best_link"]
    batches.save_items(store, "v4", [(sid, Decision("verwerkt", section, "Staat erin.", "", True))],
                       {}, "Anna", "editor")
    row = queries.tracker_table(store, "v4").set_index("id", drop=False).loc[sid].to_dict()
    start = edits.stored(row)
    assert start == edits.FormValues("verwerkt", section, "Staat erin.", "", True)
    changed = edits.FormValues(**{**start.__dict__, "internal_note": "nagebeld"})
    items = edits.group_items(pd.DataFrame([row]), changed.changes(start))
    batches.save_items(store, "v4", items, {sid: int(row["row_version"])}, "Bram", "editor")
    latest = queries.current_decisions(store, [sid]).iloc[0]
    assert (latest["public_explanation"], bool(latest["published"]), latest["internal_note"]) == (
        "Staat erin.", True, "nagebeld")
    assert int(latest["row_version"]) == 2  # a new version; the first one is kept
    # the same save again, from the form as it was, is refused as stale: nothing overwritten
    with pytest.raises(StaleVersionError):
        batches.save_items(store, "v4", items, {sid: int(row["row_version"])}, "Carla", "editor")
