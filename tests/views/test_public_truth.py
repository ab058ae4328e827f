"""The public page tells the truth: undated answers are found, a not-in-the-programme status
shows no section, near-duplicates show their original's decision (and the tracker agrees)."""
from __future__ import annotations

from datetime import UTC, datetime

from factories import make_doc, put
from sqlalchemy import insert

from analysis.store.store import Store
from analysis.store.tables import decisions as decisions_table
from analysis.tracker import decisions, queries
from analysis.views import public, public_page, public_search


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
    found = public_search.search(table, "schoolpleinen", date_from="2024-01-01", date_to="2024-12-31")
    assert len(found) == 1 and found["n_similar"].tolist() == [1]  # the near-duplicate with it


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


SECRET = "GEHEIM-ONGEPUBLICEERD-5150"


def test_own_unpublished_decision_wins_over_the_originals_published_one(store):
    """A near-duplicate with its own decision that is not published shows no published decision,
    and nothing of that unpublished decision: not its status, nor its explanation."""
    _store(store)
    ids = store.load_contributions()["id"].tolist()
    decisions.save_decision(store, ids[0], "v4", decisions.Decision(
        "verwerkt", "6.2.2", "Staat in §6.2.2.", published=True), 0, "Anna", "editor")
    decisions.save_decision(store, ids[2], "v4", decisions.Decision(
        "niet_verwerkt", None, SECRET, "interne reden", published=False), 0, "Anna", "editor")
    table = public.public_contributions(store)
    dup = table[table["text"].str.endswith("!")].iloc[0]
    assert dup.isna()["status"] and dup.isna()["public_explanation"] and dup.isna()["concept_section"]
    assert dup["status_label"] == public.config()["no_decision"]
    assert SECRET not in table.to_csv()
    original = table[table["text"] == "Meer groen op schoolpleinen tegen hittestress."].iloc[0]
    assert original["status"] == "verwerkt"
    # the tracker (internal) shows the duplicate's own decision, not inherited
    tracker = queries.tracker_table(store, "v4").set_index("id")
    assert tracker.loc[ids[2], "status"] == "niet_verwerkt" and tracker.isna().loc[ids[2], "decision_from"]
    assert not tracker.loc[ids[2], "published"]
    # once published, its own decision is what the public sees
    decisions.save_decision(store, ids[2], "v4", decisions.Decision(
        "niet_verwerkt", None, "Dubbel ingestuurd.", published=True), 1, "Anna", "editor")
    dup = public.public_contributions(store).set_index("text").loc["Meer groen op schoolpleinen tegen hittestress!"]
    assert dup["status"] == "niet_verwerkt" and dup["public_explanation"] == "Dubbel ingestuurd."


def test_own_decision_counts_per_concept_version(store):
    """An own decision in one concept version does not stop inheriting in another: in v5 the
    duplicate follows its original, in v4 its own unpublished decision leaves it without one."""
    from analysis.harvest import concept_document

    _store(store)
    ids = store.load_contributions()["id"].tolist()
    v5 = concept_document.parse_version(
        b"NMP conceptversie 5\n\n6.2.2 Stapeling van effecten\nDe stapeling bepaalt de gezondheid.\n"
, "nmp-v5.txt", "V5", "NMP conceptversie 5", "2025-03-01")
    decisions.import_concept_version(store, v5, "Anna", "editor")
    decisions.save_decision(store, ids[2], "v4", decisions.Decision(
        "niet_verwerkt", None, SECRET, published=False), 0, "Anna", "editor")
    assert public.public_contributions(store).set_index("text").isna().loc[
        "Meer groen op schoolpleinen tegen hittestress!", "status"]
    decisions.save_decision(store, ids[0], "v5", decisions.Decision(
        "verwerkt", "6.2.2", "In v5 opgenomen.", published=True), 0, "Anna", "editor")
    dup = public.public_contributions(store).set_index("text").loc["Meer groen op schoolpleinen tegen hittestress!"]
    assert dup["status"] == "verwerkt" and dup["concept_version"] == "v5"
    assert dup["public_explanation"] == "In v5 opgenomen."
    assert public.own_decision_ids(store, "v4") == {ids[2]} and public.own_decision_ids(store, "v5") == {ids[0]}
