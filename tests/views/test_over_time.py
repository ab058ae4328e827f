"""The Overzicht month chart: Dutch month labels in time order, and its sentence."""
from __future__ import annotations

import pandas as pd

from analysis.views import charts, overview

_DF = pd.DataFrame({
    "date": ["2024-11-06", "2023-06-01", "2024-06-26", "2024-06-26", None, "2024-11-06", "2024-02-01"],
    "source_type": ["werksessie", "raadpleging", "werksessie", "werksessie", "document", "raadpleging",
                    "raadpleging"]})


def test_months_are_dutch_and_in_time_order():
    table = overview.over_time(_DF)
    assert table["Maand"].tolist() == ["jun 2023", "feb 2024", "jun 2024", "nov 2024", "nov 2024"]
    assert table["Bijdragen"].sum() == 6  # the undated one has no month
    # the axis follows time, not the order in which the sources first name a month
    fig = charts.per_month(table)
    assert list(fig.layout.xaxis.categoryarray) == ["jun 2023", "feb 2024", "jun 2024", "nov 2024"]


def test_the_caption_names_the_months_in_full():
    assert overview.over_time_caption(_DF) == (
        "Bijdragen per maand van juni 2023 tot november 2024; de drukste maand was juni 2024.")
    assert overview.over_time_caption(_DF.iloc[:1]) == "Alle bijdragen met een datum zijn van november 2024."
    assert overview.over_time_caption(_DF.iloc[4:5]) == ""
