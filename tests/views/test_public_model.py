"""One public truth: the public page's figures and the public nota's agree on the same store;
statuses say where input went only when it is in the programme, by names; an empty explanation
shows its template; a decision shows once per group; input without a decision says why."""
from __future__ import annotations

import pytest
from factories import WERKSESSIE

from analysis.core import schema
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import batches, queries
from analysis.tracker.decisions import Decision
from analysis.views import public, public_counts, public_page, report_data


@pytest.fixture
def decided(store: Store) -> Store:
    """The June session with published decisions: verwerkt without an explanation, al in beleid
    in a chapter, one for a group of near-duplicates, and one left unpublished."""
    ingest_paths(store, [WERKSESSIE])
    table = queries.tracker_table(store, "v4")
    linked = table[table["best_link"].notna() & table["duplicate_of"].isna()]
    first, second, third = linked.iloc[0], linked.iloc[1], linked.iloc[2]
    items = [(first["id"], Decision("verwerkt", first["best_link"], "", "", True)),
             (second["id"], Decision("al_in_beleid", None, "Gebeurt al.", "", True)),
             (third["id"], Decision("niet_verwerkt", None, "Valt erbuiten.", "intern", False))]
    batches.save_items(store, "v4", items, {}, "Anna", "editor")
    return store


def test_page_and_nota_count_the_same(decided):
    page = public_counts.theme_summary(public.public_contributions(decided))
    nota = report_data.build(decided, report_data.ALL, "v4", internal=False)
    cols = report_data.texts()["columns"]
    overview = nota.overview.set_index(cols["theme"])
    shown = page.assign(label=public_counts.summary_table(page)["Thema"]).set_index("label")
    assert int(page["suggesties"].sum()) == nota.suggestions  # one count per suggestion
    assert int(page["besloten"].sum()) == nota.decided == 2  # the unpublished one is not counted
    for label, row in shown.iterrows():
        assert overview.loc[label, cols["suggestions"]] == row["suggesties"], label
        assert overview.loc[label, cols["no_decision"]] == row["suggesties"] - row["besloten"], label
    # every suggestion counts once, not once per theme it carries
    sugg = decided.load_contributions()
    assert int(page["suggesties"].sum()) == int(sugg["section"].isin(schema.SUGGESTION_SECTIONS).sum())


def test_statuses_say_where_by_name_and_empty_explanations_show_their_template(decided):
    table = public.public_contributions(decided)
    done = table[table["status"] == "verwerkt"].iloc[0]
    assert public_page.placement(done).startswith("Opgenomen in: NMP conceptversie 4, ")
    assert "v4" not in public_page.placement(done)
    assert done["public_explanation"].startswith("Uw suggestie staat in NMP conceptversie 4")
    policy = table[table["status"] == "al_in_beleid"].iloc[0]
    assert public_page.placement(policy) == ""  # already policy: not "opgenomen in" the programme
    nota = report_data.build(decided, report_data.ALL, "v4", internal=False)
    explained = [g.explanation for b in nota.themes for g in b.decided]
    assert all(explained) and not any("v4" in e for e in explained)


def test_input_without_a_decision_says_why(decided):
    table = public.public_contributions(decided)
    waiting = table[table["section"].isin(schema.SUGGESTION_SECTIONS) & table["status"].isna()]
    assert set(waiting["status_label"]) == {public.config()["no_decision"]}
    assert waiting["status_explanation"].str.contains("besluiten").all()
    considered = table[table["section"] == "overwegende"]
    assert len(considered) and considered["status_explanation"].str.contains("geen voorstel").all()


def test_chapters_are_named_as_chapters():
    from analysis.harvest.concept_document import Section

    assert Section("H5", "Strategische doelen", "").name == "hoofdstuk 5 Strategische doelen"
    assert Section("6.2.2", "Stapeling van effecten", "").name == "§6.2.2 Stapeling van effecten"


def test_a_group_decision_is_shown_once_with_its_members(store):
    from factories import make_doc, put

    put(store, make_doc("sessie.txt", ["Meer groen op schoolpleinen tegen hittestress.",
                                        "Meer groen op schoolpleinen tegen hittestress!",
                                        "Een gezondheidstoets voor elk besluit."]))
    df = store.load_contributions()
    df.loc[1, "duplicate_of"] = df.loc[0, "id"]
    store.update_derived(df[["id", "duplicate_of"]])
    batches.save_items(store, "v4", [(df.loc[0, "id"], Decision("al_in_beleid", None, "Gebeurt al.", "", True))],
                       {}, "Anna", "editor")
    table = public.public_contributions(store)
    assert table["folded"].tolist() == [False, True, False]
    first = table.iloc[0]
    assert first["n_similar"] == 1 and "nog 1 ander" in public_page.similar(first)
    assert table.iloc[1]["status"] == "al_in_beleid"  # the member carries the decision too
    assert int(public_counts.theme_summary(table)["besloten"].sum()) == 2  # and counts
