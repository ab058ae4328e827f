"""The dossier per concept-version section on the default data set plus decisions and a confirmed
link: the June input, the consultation answers, the November reflections and the decisions of
one section, side by side, and the download with Dutch headers."""
from __future__ import annotations

import io
import sqlite3

import openpyxl
import pytest

from analysis.store.store import Store
from analysis.tracker import concept_versions, decisions, vocabulary
from analysis.views import dossier_view, export, people_export

JUNE = "Werksessie 'Samen werken aan het NMP'"


@pytest.fixture(scope="module")
def decided(default_data_store, tmp_path_factory) -> tuple[Store, dict]:
    """A copy of the default store with a confirmed link, a decision on §6.2.2 and a rejected link."""
    path = tmp_path_factory.mktemp("dossier") / "store.sqlite"
    with sqlite3.connect(default_data_store.url.removeprefix("sqlite:///")) as src, \
            sqlite3.connect(path) as dst:  # the backup API also copies what is still in the WAL
        src.backup(dst)
    store = Store(url=f"sqlite:///{path}")
    df = store.load_contributions()
    june = df[(df["event"] == JUNE) & (df["section"] == "advies")]
    cumul = june[june["text"].str.contains("cumul", case=False)]["id"].tolist()
    decisions.review_link(store, cumul[0], "v4", "6.2.2", "bevestigd", 0, "Anna", "editor")
    decisions.save_decision(store, cumul[0], "v4", decisions.Decision(
        "verwerkt", "6.2.2", "Staat in de paragraaf over stapeling.", "Bellen met RIVM", True), 0, "Anna", "editor")
    rejected = cumul[1]
    decisions.review_link(store, rejected, "v4", "6.2.2", "afgewezen", 0, "Anna", "editor")
    return store, {"confirmed": cumul[0], "rejected": rejected, "text": df.set_index("id")["text"]}


def test_section_dossier_side_by_side(decided):
    store, ids = decided
    v4 = next(v for v in concept_versions.load_versions(store) if v.id == "v4")
    d = dossier_view.dossier(store, v4, "6.2.2")
    assert ids["text"][ids["confirmed"]] == d.input.iloc[0]["Bijdrage"]  # confirmed first
    assert d.input.iloc[0]["Koppeling"] == vocabulary.link_states()["bevestigd"]
    assert d.input.iloc[0]["Besluit"] == vocabulary.status_label("verwerkt")
    assert ids["text"][ids["rejected"]] not in set(d.input["Bijdrage"])
    assert set(d.input["Sessie"]) <= {JUNE, "OFL werksessie 1", "OFL werksessie 2", "OFL werksessie 3"}
    assert len(d.consultation) and set(d.consultation["Bron"]) == {"Milieuraadpleging"}
    stored = store.load_contributions()
    mine = stored[stored["concept_ref"] == "v4 §6.2.2"]
    assert len(d.reflections) == len(mine)
    assert set(d.reflections["Soort"]) <= {"Sterk punt", "Zwak punt", "Verbeterpunt"}
    assert set(d.reflections["Sessie"]) == {"Werksessie reflectie op conceptversie 4"}
    row = d.decisions.iloc[0]
    assert row["Onderdeel"] == "§6.2.2 Stapeling van effecten" and row["Openbaar gemaakt"] == "ja"
    assert "1 bevestigd" in d.summary() and "verbeterpunten" in d.summary()


def test_dossier_download_is_one_dutch_table(decided):
    store, _ = decided
    v4 = next(v for v in concept_versions.load_versions(store) if v.id == "v4")
    d = dossier_view.dossier(store, v4, "6.2.2")
    table = d.download()
    assert len(table) == len(d.input) + len(d.consultation) + len(d.reflections) + len(d.decisions)
    assert table.columns[0] == "Deel van het dossier" and "_kind" not in table.columns
    assert set(table["Deel van het dossier"]) == {"Inbreng gekoppeld", "Raadpleging gekoppeld",
                                                  "Reactie op NMP conceptversie 4", "Besluit"}
    assert not {"v4", "True", "False", "None", "6.2.2"} & set(table.stack().astype(str))
    about = people_export.about("Dossier", len(table))
    assert about[0] == "Dossier"


def test_dossier_xlsx_has_date_and_number_cells_page_shows_them_in_dutch(decided):
    store, _ = decided
    v4 = next(v for v in concept_versions.load_versions(store) if v.id == "v4")
    d = dossier_view.dossier(store, v4, "6.2.2")
    table = d.download()
    ws = openpyxl.load_workbook(io.BytesIO(export.to_bytes(table, "xlsx", ["Dossier"]))).worksheets[1]
    head = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2))
    dates = [r[head.index("Datum")] for r in rows if r[head.index("Datum")].value is not None]
    scores = [r[head.index("Score")] for r in rows if r[head.index("Score")].value is not None]
    decided_on = [r[head.index("Besloten op")] for r in rows if r[head.index("Besloten op")].value is not None]
    assert dates and all(c.is_date and c.number_format == "DD-MM-YYYY" for c in dates)
    assert scores and all(c.data_type == "n" and c.number_format == "#,##0.00" for c in scores)
    assert decided_on and all(c.is_date and c.number_format == "DD-MM-YYYY HH:MM" for c in decided_on)
    shown = dossier_view.display(d.input)
    assert shown["Datum"].str.fullmatch(r"\d{1,2} [a-z]+ \d{4}").all()
    assert shown["Score"].str.fullmatch(r"(\d+,\d{2})?").all()
    assert dossier_view.display(d.decisions)["Besloten op"].str.fullmatch(r"\d{1,2}-\d{1,2}-\d{4} \d{2}:\d{2}").all()
