"""The public search finds what participants type: any word, other forms of a word, small
typing errors, best matches first; and on the default data more of 33 participants' queries
find their input in the top 5 than the old exact-word search did (figures printed)."""
from __future__ import annotations

import pandas as pd

from analysis.devtools import search_eval
from analysis.views import public, public_search


def _df(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"text": texts, "event": "s", "themes": "", "date": None,
                         "section": "advies", "folded": False})


def test_other_word_forms_and_typing_errors_are_found():
    df = _df(["Voorkom woningen in hoog belastte gebieden.", "Meer bomen in de stad.",
              "Subsidies voor fossiele brandstoffen stoppen."])
    assert public_search.search(df, "Woningen in hoog belaste gebieden voorkomen")["text"].iloc[0] \
        .startswith("Voorkom woningen")
    assert public_search.search(df, "subsidie fosiele brandstof")["text"].tolist() == [
        "Subsidies voor fossiele brandstoffen stoppen."]
    assert public_search.search(df, "boom").empty is False  # bomen: not a stem, but near enough
    assert public_search.search(df, "kernenergie").empty


def test_best_matches_first_and_no_query_keeps_every_row_in_order():
    df = _df(["Geluid van de snelweg.", "Geluid en stank van de haven bij ons.", "Stank."])
    assert public_search.search(df, "stank geluid haven")["text"].iloc[0].startswith("Geluid en stank")
    assert public_search.search(df, "")["text"].tolist() == df["text"].tolist()


def test_folded_near_duplicates_are_found_through_their_original():
    df = _df(["Meer groen.", "Meer groen!"]).assign(folded=[False, True])
    assert public_search.search(df, "groen")["text"].tolist() == ["Meer groen."]


def test_participants_find_their_input_in_the_top_five(default_data_store):
    result = search_eval.hits(public.public_contributions(default_data_store))
    print(f"\nZoeken, treffer in de top 5: voorheen {result['before']} van {result['n']}, "
          f"nu {result['after']} van {result['n']}; gemist: {result['missed']}")
    assert result["n"] >= 30
    assert result["after"] >= result["n"] - 3 and result["after"] > result["before"]
