"""The public page tells the truth: undated answers are found, a not-in-the-programme status
shows no section, near-duplicates show their original's decision (and the tracker agrees)."""
from __future__ import annotations

from datetime import UTC, datetime

from factories import make_doc, put
from sqlalchemy import insert

from analysis.store.store import Store
from analysis.store.tables import decisions as decisions_table
from analysis.tracker import decisions, queries
from analysis.views import public, public_page


def _store(store: Store) -> Store:
    doc = make_doc("sessie-a.txt", ["Meer groen op schoolpleinen tegen hittestress.",
                                   "Een gezondheidstoets voor elk besluit over stikstof.",
                                   "Meer groen op schoolpleinen tegen hittestress!"])
    put(store, doc)
    df = store.load_contributions()
    # the third is a near-duplicate of the first (as mark_duplicates would say)
    df.loc[2, "duplicate_of"] = df.loc[0, "id"]
    store.update_derived(df[["id", "duplicate_of"]])
    return store


def test_undated_answer_is_found_by_search_with_a_date_filter(store):
    _store(store)
    table = public.public_contributions(store)
    assert table["date"].isna().all()
    found = public.search(table, "schoolpleinen", date_from="2024-01-01", date_to="2024-12-31")
    assert len(found) == 2


def test_old_row_with_section_and_not_in_programme_status_shows_no_section(store):
    _store(store)
    sid = store.load_contributions()["id"].iloc[1]
    with store.engine.begin() as conn:  # saved before the rule existed
        conn.execute(insert(decisions_table).values(
            suggestion_id=sid, concept_version="v4", row_version=1, status="niet_verwerkt",
            section="6.2.2", public_explanation="Past niet in dit programma.", internal_note="",
            published=True, actor="oud", at=datetime(2024, 12, 31, 23, 30, tzinfo=UTC)))
    row = public.public_contributions(store).set_index("text").loc[
        "Een gezondheidstoets voor elk besluit over stikstof."]
    assert row["status"] == "niet_verwerkt" and row.isna()["concept_section"]
    assert public_page.placement(row) == ""
    assert row["decided_on"] == "2025-01-01"  # local time (Amsterdam), not UTC
    tracker = queries.tracker_table(store, "v4").set_index("id")
    assert tracker.isna().loc[sid, "decided_section"] and tracker.loc[sid, "status"] == "niet_verwerkt"


def test_duplicate_inherits_original_decision_unless_it_has_its_own(store):
    _store(store)
    ids = store.load_contributions()["id"].tolist()
    decisions.save_decision(store, ids[0], "v4", decisions.Decision(
        "deels_verwerkt", "6.2.2", "Staat deels in §6.2.2.", published=True), 0, "Anna", "editor")
    table = public.public_contributions(store)
    dup = table[table["text"].str.endswith("!")].iloc[0]
    assert dup["status_label"] == "Deels verwerkt" and dup["concept_section"].startswith("§6.2.2")
    tracker = queries.tracker_table(store, "v4").set_index("id")
    assert tracker.loc[ids[2], "status"] == "deels_verwerkt"
    assert tracker.loc[ids[2], "decision_from"] == ids[0] and tracker.loc[ids[2], "row_version"] == 0
    # its own decision wins
    decisions.save_decision(store, ids[2], "v4", decisions.Decision(
        "niet_verwerkt", None, "Dubbel ingestuurd.", published=True), 0, "Anna", "editor")
    table = public.public_contributions(store)
    assert table[table["text"].str.endswith("!")].iloc[0]["status"] == "niet_verwerkt"
    assert queries.tracker_table(store, "v4").set_index("id").loc[ids[2], "status"] == "niet_verwerkt"
