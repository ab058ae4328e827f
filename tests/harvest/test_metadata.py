"""Respondent metadata kinds: ages into bands, provinces under their official names, detection."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.core.errors import InputError
from analysis.harvest import metadata
from analysis.harvest.raadpleging import detect_mapping, parse_table


@pytest.mark.parametrize(("value", "band"), [
    ("17", "jonger dan 18"), ("42", "35-44"), ("70", "65-74"), ("42 jaar", "35-44"), ("90", "75 of ouder"),
    ("35-49", "35-49"), ("35 - 49", "35-49"), ("35–49 jaar", "35-49"), ("65+", "65+"),
    ("65 jaar en ouder", "65+"), ("75+", "75 of ouder"), ("18-24", "18-24"), ("<18", "jonger dan 18"),
    ("Wil ik niet zeggen", "zeg ik liever niet"), ("oud", None), ("250", None)])
def test_ages_become_bands_and_bands_are_kept(value, band):
    assert metadata.age_group(value) == band


@pytest.mark.parametrize(("value", "name"), [
    ("friesland", "Fryslân"), ("Fryslân", "Fryslân"), ("FRYSLAN", "Fryslân"), ("Noord Holland", "Noord-Holland"),
    ("N-Holland", "Noord-Holland"), ("Zh", "Zuid-Holland"), ("provincie Utrecht", "Utrecht"),
    ("brabant", "Noord-Brabant"), ("België", None)])
def test_provinces_get_their_official_name(value, name):
    assert metadata.province(value) == name


def test_filter_order_of_bands():
    shuffled = ["zeg ik liever niet", "65+", "75 of ouder", "35-49", "jonger dan 18", "18-24"]
    assert metadata.band_order(shuffled) == ["jonger dan 18", "18-24", "35-49", "65+", "75 of ouder",
                                             "zeg ik liever niet"]


def test_kind_from_name_or_values():
    any_values = pd.Series(["x"])
    assert metadata.detect_kind("Leeftijd", pd.Series(["42"])) == "leeftijdsgroep"
    assert metadata.detect_kind("In welke provincie woont u?", any_values) == "provincie"
    assert metadata.detect_kind("Woongemeente", any_values) == "gemeente"
    assert metadata.detect_kind("Type organisatie", any_values) == "rol"
    assert metadata.detect_kind("Regio", pd.Series(["friesland", "Zh", "Utrecht"])) == "provincie"
    assert metadata.detect_kind("Groep", pd.Series(["18-24", "65+"])) == "leeftijdsgroep"
    assert metadata.detect_kind("Aantal kinderen", pd.Series(["1", "2", "3"])) == metadata.OTHER


def _table() -> pd.DataFrame:
    long = "Meer bomen en minder verkeer in de wijk, graag snel"
    return pd.DataFrame({"Nr": ["1", "2", "3"], "Leeftijd": ["17", "42", "70"],
                         "Woonplaats": ["Leeuwarden", "leeuwarden ", "Leeuwarden"],
                         "Regio": ["Noord", "Zuid", "Noord"], "Vraag": [long, long + ".", long + "!"]})


def test_explicit_kinds_and_kept_columns():
    mapping = {"respondent_id": "Nr", "answers": ["Vraag"], "metadata": ["Leeftijd", "Woonplaats", "Regio"],
               "metadata_kinds": {"Woonplaats": "gemeente", "Regio": "anders"}}
    rows = parse_table(_table(), "r.csv", [], mapping, "csv").contributions
    stored = [json.loads(m) for m in rows["metadata"]]
    assert stored[0] == {"leeftijdsgroep": "jonger dan 18", "gemeente": "Leeuwarden", "Regio": "Noord"}
    assert [s["gemeente"] for s in stored] == ["Leeuwarden"] * 3  # one spelling
    assert detect_mapping(_table())["metadata_kinds"]["Leeftijd"] == "leeftijdsgroep"


def test_unknown_kind_is_refused_in_plain_dutch():
    mapping = {"answers": ["Vraag"], "metadata": ["Regio"], "metadata_kinds": {"Regio": "postcode"}}
    with pytest.raises(InputError, match="Onbekende soort"):
        parse_table(_table(), "r.csv", [], mapping, "csv")


def test_second_column_of_a_kind_keeps_its_name():
    table = _table().assign(Plaats=["Sneek", "Joure", "Sneek"])
    mapping = {"answers": ["Vraag"], "metadata": ["Woonplaats", "Plaats"],
               "metadata_kinds": {"Woonplaats": "gemeente", "Plaats": "gemeente"}}
    parsed = parse_table(table, "r.csv", [], mapping, "csv")
    assert json.loads(parsed.contributions["metadata"].iloc[0]) == {"gemeente": "Leeuwarden", "Plaats": "Sneek"}
    assert any("Plaats" in w for w in parsed.warnings)
