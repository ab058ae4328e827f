"""analysis.compare.breakdown: a theme by respondent group, with small (n < 10) and under-heard
groups marked by a rule written on the page."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.compare import breakdown
from analysis.views import frame


def _answers(groups: dict[str, tuple[int, int]], extra_answers: int = 0) -> pd.DataFrame:
    """A prepared frame of consultation answers: per provincie (people, of whom in cumulatie);
    the first person in the theme gives `extra_answers` more answers in it."""
    rows = []
    for provincie, (people, in_theme) in groups.items():
        for p in range(people):
            theme = "cumulatie" if p < in_theme else "gedrag"
            for a in range(1 + (extra_answers if p == 0 and in_theme else 0)):
                rows.append({"id": f"{provincie}-{p}-{a}", "respondent_id": f"{provincie}-{p}", "themes": theme,
                             "theme": theme, "metadata": json.dumps({"provincie": provincie})})
    df = pd.DataFrame(rows).assign(source_type="raadpleging", event="Raadpleging", document="r.csv",
                                   date="2024-03-01", section="antwoord", text="antwoord", is_fictional=False)
    return frame.prepare(df)


def test_metadata_fields_lists_only_filled_columns():
    df = _answers({"Utrecht": (3, 1)})
    assert frame.metadata_fields(df) == {"provincie": "Provincie"}
    assert frame.metadata_fields(df.assign(provincie=pd.NA)) == {}


def test_small_groups_are_warned_and_under_heard_ones_named():
    df = _answers({"Utrecht": (30, 20), "Zeeland": (20, 8), "Drenthe": (12, 1), "Flevoland": (5, 0)},
                  extra_answers=3)
    b = breakdown.breakdown(df, "cumulatie", "provincie", "Provincie")
    g = b.groups
    assert b.theme_people == 29 and b.judged()
    assert g.index.tolist() == ["Utrecht", "Zeeland", "Drenthe", "Flevoland"]  # most respondents first
    assert g.loc["Utrecht", breakdown.THEME_PEOPLE] == 20 and g.loc["Utrecht", breakdown.THEME_ROWS] == 23
    assert g.loc["Flevoland", breakdown.THEME_PEOPLE] == 0  # absent from the theme, still listed
    assert g[breakdown.SMALL].tolist() == [False, True, True, True]  # n < 10
    # Drenthe: 1 of 29 here (3,4 %) against 12 of 67 overall (17,9 %): under half its share;
    # Flevoland has fewer than 10 respondents overall, so it is not judged
    assert g[breakdown.UNDER].tolist() == [False, False, True, False]
    warning = breakdown.warning(b)
    assert "minder dan 10" in warning and "Zeeland (8)" in warning and "Flevoland (0)" in warning
    assert "Utrecht" not in warning
    heard = breakdown.heard(b)
    assert heard.startswith("Ondervertegenwoordigd") and "Drenthe (3,4 % hier, 17,9 % van alle respondenten)" in heard
    shown = breakdown.table(b)
    assert list(shown.columns)[0] == "Provincie"
    assert shown["Let op"].tolist() == ["", "klein (n < 10)", "klein (n < 10), ondervertegenwoordigd",
                                        "klein (n < 10)"]
    assert shown["Aandeel in het thema"].iloc[0] == "69,0 %"
    rule = breakdown.rule(b)
    assert "50 %" in rule and "10 respondenten" in rule and "'Provincie'" in rule


def test_a_theme_with_few_respondents_judges_no_group():
    b = breakdown.breakdown(_answers({"Utrecht": (30, 4), "Zeeland": (20, 1)}), "cumulatie", "provincie",
                            "Provincie")
    assert not b.judged() and not b.groups[breakdown.UNDER].any()
    assert breakdown.heard(b).startswith("Te weinig respondenten in dit thema (minder dan 10)")
    assert "Utrecht (4)" in breakdown.warning(b)
    empty = breakdown.breakdown(_answers({"Utrecht": (5, 0)}), "cumulatie", "provincie", "Provincie")
    assert breakdown.heard(empty) == "Geen bijdragen in dit thema met 'Provincie' ingevuld."
    assert breakdown.warning(empty) == ""


def test_chart_data_pairs_the_theme_with_everyone():
    b = breakdown.breakdown(_answers({"Utrecht": (30, 20), "Zeeland": (20, 8)}), "cumulatie", "provincie",
                            "Provincie")
    data = breakdown.chart_data(b)
    assert len(data) == 4 and set(data["Reeks"]) == {"Aandeel in het thema", "Aandeel van alle respondenten"}
    assert data["Label"].str.fullmatch(r"\d{1,3},\d %").all()


@pytest.mark.parametrize("field", ["provincie", "leeftijdsgroep", "rol"])
def test_default_data_breakdown_per_field(default_data_store, field):
    df = frame.load(default_data_store)
    fields = frame.metadata_fields(df)
    assert field in fields
    b = breakdown.breakdown(df, "cumulatie", field, fields[field])
    g = b.groups
    assert b.theme_people == int(g[breakdown.THEME_PEOPLE].sum()) > 0
    assert (g[breakdown.SMALL] == (g[breakdown.THEME_PEOPLE] < breakdown.settings()["min_group"])).all()
    assert abs(g[breakdown.ALL_SHARE].sum() - 1) < 1e-9
    assert breakdown.table(b)["Let op"].str.contains("klein").sum() == int(g[breakdown.SMALL].sum())
