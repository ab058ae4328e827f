"""Reactions: a later session's reflection on an earlier suggestion is linked to it, not grouped
with it; groups stay within one event (on the default data and on made-up rows)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.tracker import queries, reactions, review
from analysis.tracker.reactions import REACTION_COLUMNS

CUMULATIE = "Houd rekening met cumulatie bij normering."


@pytest.fixture(scope="module")
def default(default_data_store) -> tuple[pd.DataFrame, reactions.Reactions]:
    df = default_data_store.load_contributions()
    return df, reactions.index(df)


def test_no_group_on_the_default_data_crosses_events(default):
    df, _ = default
    event = dict(zip(df["id"], df["event"]))
    pointed = df[df["duplicate_of"].notna()]
    assert len(pointed) > 5  # the fictional consultation's campaigns are still grouped
    assert (pointed["duplicate_of"].map(event) == pointed["event"]).all()


def test_the_june_cumulatie_advice_has_its_november_twin_as_a_reaction(default, default_data_store):
    df, index = default
    rows = df[df["text"] == CUMULATIE]
    june = rows[rows["date"] == "2024-06-26"].iloc[0]
    november = rows[rows["date"] == "2024-11-06"].iloc[0]
    assert (june["section"], november["section"]) == ("advies", "zwak")

    table = review.with_groups(queries.suggestions(default_data_store).assign(status="open"))
    assert review.members(table, june["id"])["id"].tolist() == [june["id"]]  # its own group
    assert review.members(table, november["id"])["id"].tolist() == [november["id"]]

    found = index.of(june)
    assert list(found.columns) == REACTION_COLUMNS
    assert found["id"].tolist() == [november["id"]]
    reaction = found.iloc[0]
    assert (reaction["event"], reaction["date"], reaction["section"]) == (
        november["event"], "2024-11-06", "zwak")
    assert reaction["similarity"] == 1.0
    assert reaction["lead"].startswith("In november 2024 noemden deelnemers dit nog een zwak punt")
    assert reaction["lead"].endswith(f": '{CUMULATIE}'")
    assert index.of(november).empty  # the June advice came before it: no reaction of November's


def test_a_reworded_sterk_punt_is_a_reaction_and_a_loosely_related_one_is_not(default):
    df, index = default
    june = df[df["text"].str.startswith("Maak er een gedeelde verantwoordelijkheid van")
              & (df["date"] == "2024-06-26")].iloc[0]
    found = index.of(june)
    assert found["section"].tolist() == ["sterk"]
    assert found["text"].iloc[0].startswith("Samen verantwoordelijk.")
    unrelated = df[df["text"].str.startswith("Transparantie nodig in bijvoorbeeld pensioeninvesteringen")].iloc[0]
    assert index.of(unrelated).empty  # "Keten transparantie" (0,47) is about something else


def rows(*specs) -> pd.DataFrame:
    """Contributions from (event, date, section, text[, duplicate_of]) tuples."""
    out = pd.DataFrame([(*s, None)[:5] for s in specs], columns=["event", "date", "section", "text", "duplicate_of"])
    return out.assign(id=[f"c{i}" for i in range(len(out))])


def test_only_later_reflections_of_another_event_react():
    text = "Neem gezondheid als uitgangspunt bij elke milieunorm."
    df = rows(("juni", "2024-06-26", "advies", text),
              ("juni", "2024-06-26", "zwak", text),  # the same session: not a reaction
              ("mei", "2024-05-01", "zwak", text),  # earlier
              ("nov", "2024-11-06", "advies", text),  # a later advice is no reflection on it
              ("nov", "2024-11-06", "verbeter", text),
              ("nov", "2024-11-06", "verbeter", text, "c4"),  # a copy: its original stands for it
              ("nov", None, "sterk", text),  # no date: not known to be later
              ("nov", "2024-11-06", "sterk", "Meer bomen in de stad."))
    found = reactions.index(df).of(df.iloc[0])
    assert found["id"].tolist() == ["c4"]
    assert reactions.index(df).of(df.iloc[0].drop("date")).empty  # a suggestion without a date


def test_without_any_reflection_nothing_reacts():
    df = rows(("juni", "2024-06-26", "advies", "Houd rekening met cumulatie bij normering."))
    assert reactions.index(df).of(df.iloc[0]).empty
