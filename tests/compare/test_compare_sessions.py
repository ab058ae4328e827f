"""analysis.compare.sessions: a theme across dated sessions, side by side, on a small built
store and on the default data (June and November 2024 and the consultation)."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from factories import make_doc, put

from analysis.compare import sessions
from analysis.core import schema
from analysis.store.store import Store
from analysis.tracker import decisions, queries
from analysis.views import charts, frame

JUNE = "Werksessie 26 juni 2024 — Samen werken aan het NMP"
NOVEMBER = "Werksessie 6 november 2024 — reflectie op conceptversie 4"
SHARE = re.compile(r"^\d{1,3},\d %$")


def test_periods_and_dated_names():
    day = pd.Timestamp
    assert sessions.period(day("2024-06-26"), day("2024-06-26")) == "26 juni 2024"
    assert sessions.period(day("2023-06-05"), day("2023-06-14")) == "5 – 14 juni 2023"
    assert sessions.period(day("2023-06-05"), day("2023-07-14")) == "5 juni – 14 juli 2023"
    assert sessions.period(day("2023-12-30"), day("2024-01-02")) == "30 december 2023 – 2 januari 2024"
    assert sessions.dated_name("Werksessie 'Samen werken aan het NMP'", "26 juni 2024") == JUNE
    assert sessions.dated_name("Werksessie reflectie op conceptversie 4", "6 november 2024") == NOVEMBER
    # only a number after the kind: the name stays whole, the date after it
    assert sessions.dated_name("OFL werksessie 1", "17 juni 2024") == "OFL werksessie 1, 17 juni 2024"
    assert sessions.dated_name("Rapport zonder soort", "1 mei 2024") == "Rapport zonder soort, 1 mei 2024"
    assert sessions.dated_name("Werksessie 'Zonder datum'", "") == "Werksessie 'Zonder datum'"


def _session(name: str, event: str, day: str, texts: list[str], section: str) -> schema.ParsedDocument:
    doc = make_doc(name, texts, section)
    doc.contributions["event"] = event
    doc.contributions["date"] = day
    return doc


@pytest.fixture
def small(store: Store) -> Store:
    """Three sessions, stored out of date order: November (2 of 4 in the theme), June (1 of 2),
    September (none in the theme)."""
    put(store,
        _session("nov.txt", "Werksessie reflectie op conceptversie 4", "2024-11-06",
                 ["Cumulatie meten per wijk.", "Stapeling van geluid en lucht.", "Meer fietspaden.",
                  "Betere handhaving."], "zwak"),
        _session("sep.txt", "Werksessie 'Leeg'", "2024-09-01", ["Meer groen in de stad."], "advies"),
        _session("jun.txt", "Werksessie 'Samen werken aan het NMP'", "2024-06-26",
                 ["Cumulatie van effecten in één toets.", "Minder regels."], "advies"))
    df = store.load_contributions()
    cumulatie = df["text"].str.contains("umulatie|Stapeling")
    df["themes"] = cumulatie.map({True: "cumulatie", False: "gedrag"})
    df["theme"] = df["themes"]
    store.update_derived(df[["id", "theme", "themes"]])
    return store


def _ids(store: Store, *texts: str) -> list[str]:
    df = store.load_contributions()
    return [df.loc[df["text"] == t, "id"].iloc[0] for t in texts]


def test_sessions_dated_in_date_order_without_empty_ones(small):
    df = frame.load(small)
    table = sessions.comparison(df, "cumulatie")
    assert table[sessions.SESSION_COLUMN].tolist() == [JUNE, NOVEMBER]  # September: none in the theme
    assert table["Bijdragen in het thema"].tolist() == [1, 2]
    assert table["Bijdragen in de sessie"].tolist() == [2, 4]
    shown = sessions.side_by_side(table)
    assert list(shown.columns) == ["Wat", JUNE, NOVEMBER]
    share = shown.set_index("Wat").loc["Aandeel van de sessie"]
    assert share.tolist() == ["50,0 %", "50,0 %"]
    assert "Kernpunten van dit thema" not in shown["Wat"].tolist()  # nothing placed: no such row
    assert sessions.summary(table, "Cumulatie").endswith("(50,0 % van die sessie).")


def test_kernpunten_standpunten_and_decisions_per_session(small):
    df = frame.load(small)
    june, nov_a, nov_b = _ids(small, "Cumulatie van effecten in één toets.", "Cumulatie meten per wijk.",
                              "Stapeling van geluid en lucht.")
    placed = pd.DataFrame({"contribution_id": [june, nov_a, nov_b], "kernpunt": [1, 1, 2],
                           "kernpunt_theme": ["cumulatie", "cumulatie", "gedrag"],
                           "standpunt": ["voorstel", "zorg_vraag", "zorg_vraag"]})
    decisions.save_decision(small, nov_a, "v4", decisions.Decision(
        "verwerkt", "6.2.2", "Staat in §6.2.2.", published=True), 0, "Anna", "editor")
    decided = sessions.decisions(queries.tracker_table(small, "v4"))
    rows = sessions.side_by_side(sessions.comparison(df, "cumulatie", placed, decided)).set_index("Wat")
    # kernpunt 2 belongs to another theme: November has one kernpunt of this theme
    assert rows.loc["Kernpunten van dit thema"].tolist() == ["1", "1"]
    assert rows.loc["Standpunt: voorstel"].tolist() == ["1", "0"]
    assert rows.loc["Standpunt: zorg of vraag"].tolist() == ["0", "2"]
    assert "Standpunt: steunt" not in rows.index  # zero everywhere: left out
    assert rows.loc["Besluit: Verwerkt"].tolist() == ["0", "1"]
    assert rows.loc["Suggesties nog zonder besluit"].tolist() == ["1", "1"]
    # public mode counts only published decisions
    assert sessions.decisions(queries.tracker_table(small, "v4"), public=True)[nov_a] == "Verwerkt"


@pytest.fixture(scope="module")
def default(default_data_store) -> tuple[pd.DataFrame, pd.DataFrame]:
    return frame.load(default_data_store), sessions.placements(default_data_store)


def test_default_data_june_november_and_the_consultation(default):
    df, placed = default
    names = sessions.dated_names(df)
    assert names["Werksessie 'Samen werken aan het NMP'"] == JUNE
    assert names["Werksessie reflectie op conceptversie 4"] == NOVEMBER
    table = sessions.comparison(df, "cumulatie", placed)
    shown = table[sessions.SESSION_COLUMN].tolist()
    assert JUNE in shown and NOVEMBER in shown and shown.index(JUNE) < shown.index(NOVEMBER)
    assert any(s.startswith("Raadpleging ") for s in shown)
    assert (table["Bijdragen in het thema"] > 0).all()  # sessions without the theme are absent
    assert len(shown) < len(names)  # the OFL sessions have no cumulatie
    firsts = [pd.Timestamp(df.loc[df[frame.SESSION] == s, "date"].min()) for s in
              [k for k, v in names.items() if v in shown]]
    assert firsts == sorted(firsts)
    side = sessions.side_by_side(table).set_index("Wat")
    assert side.loc["Aandeel van de sessie"].str.match(SHARE).all()
    assert int(side.loc["Kernpunten van dit thema"].astype(int).sum()) > 0
    assert "." not in "".join(side.loc["Aandeel van de sessie"])  # 10,2 %, never 10.2%


def test_chart_names_the_dated_sessions(default):
    df, placed = default
    table = sessions.comparison(df, "cumulatie", placed)
    data = sessions.chart_data(table)
    texts = sessions.settings()["texts"]
    fig = charts.share_bars(data, sessions.SESSION_COLUMN, texts["axis"], "Cumulatie")
    bars = fig.data[0]
    assert list(bars.y) == table[sessions.SESSION_COLUMN].tolist()
    assert all(SHARE.match(t.split(" (")[0]) for t in bars.text)
    assert fig.layout.xaxis.ticksuffix == " %" and fig.layout.xaxis.title.text == texts["axis"]
    assert fig.layout.yaxis.automargin  # long names get room, not clipped
    # top to bottom in date order
    assert list(fig.layout.yaxis.categoryarray)[::-1] == table[sessions.SESSION_COLUMN].tolist()
