"""Near-duplicates: exact after normalisation, near-identical, campaign answers, stored rows first."""
from __future__ import annotations

import pandas as pd

from analysis.devtools.generator import generate_with_truth
from analysis.enrich.near_duplicates import mark_duplicates
from analysis.harvest.raadpleging import parse_table


def frame(texts, prefix="n", document="doc.csv") -> pd.DataFrame:
    return pd.DataFrame({"id": [f"{prefix}{i}" for i in range(len(texts))], "document": document,
                         "position": range(len(texts)), "text": texts})


LONG = ("Ik maak me grote zorgen over de luchtkwaliteit in onze wijk vlak bij de snelweg, "
        "de overheid moet de uitstoot van het verkeer en de industrie veel strenger beperken.")


def test_exact_after_normalisation_points_to_the_first():
    df = frame(["Meer bomen in de stad!", "meer bomen  in de STAD", "Iets anders"])
    assert mark_duplicates(df, None).tolist() == [pd.NA, "n0", pd.NA]


def test_near_identical_text_is_a_duplicate():
    near = LONG.replace("grote zorgen", "flinke zorgen").replace("veel strenger", "strenger")
    out = mark_duplicates(frame([LONG, near]), None)
    assert out.tolist() == [pd.NA, "n0"]


def test_unrelated_texts_are_not_duplicates():
    texts = [LONG, "Stop met subsidies voor fossiele brandstoffen en belast vliegtickets.",
             "Betrek inwoners bij de plannen voor hun buurt.", "Herstel de natuur langs de rivieren."]
    assert mark_duplicates(frame(texts), None).isna().all()


def test_stored_rows_come_first_and_index_is_aligned():
    existing = frame([LONG], prefix="old", document="a.csv")
    new = frame(["Iets nieuws over bodem en water.", LONG], document="b.csv").set_index(pd.Index([7, 3]))
    out = mark_duplicates(new, existing)
    assert list(out.index) == [7, 3]
    assert out.loc[3] == "old0" and pd.isna(out.loc[7])


def test_campaign_answers_in_a_consultation_are_caught():
    wide, truth = generate_with_truth(600, seed=3)
    contributions = parse_table(wide, "fictief.csv", [], None, "csv").contributions
    out = mark_duplicates(contributions, None)
    kinds = contributions.merge(truth, on=["respondent_id", "question"], how="left")["kind"]
    campaign = (kinds == "campagne").to_numpy()
    assert campaign.sum() > 10
    firsts = contributions.loc[campaign, "text"].map(lambda t: " ".join(t.lower().split())).nunique()
    # every campaign answer except the first of each campaign text points to an earlier one
    assert out[campaign].notna().sum() >= campaign.sum() - firsts
