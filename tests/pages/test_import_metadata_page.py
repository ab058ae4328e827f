"""AppTest of the import page: a kind per metadata column, an empty XLSX, a re-import."""
from __future__ import annotations

import io

import openpyxl
from apptests import open_page

from analysis.ingest import preview as ingest_preview

CSV = ("Respondentnummer;Leeftijd;Provincie;Mag uw reactie openbaar worden gemaakt?;Vraag 1;Vraag 2\n"
       "R1;17;friesland;ja;Meer bomen in de straat zodat het koeler blijft;Minder vrachtverkeer door het dorp\n"
       "R2;42;Noord Holland;ja;Het water in de vaart is vaak troebel en ruikt;Strengere controle op lozingen\n"
       "R3;70;Fryslân;nee;Het geluid van de snelweg is 's nachts te horen;\n").encode()


def _open(monkeypatch, store):
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    return open_page("app_pages/importeren.py")


def _upload(at, name: str, data: bytes, mime: str):
    at.file_uploader(key="upload").set_value((name, data, mime)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_kind_per_metadata_column_can_be_corrected(monkeypatch, store):
    at = _upload(_open(monkeypatch, store), "nieuw.csv", CSV, "text/csv")
    assert at.multiselect(key="map_metadata").value == ["Leeftijd", "Provincie"]
    labels = ingest_preview.kind_labels()
    age, province = at.selectbox(key="map_kind_Leeftijd"), at.selectbox(key="map_kind_Provincie")
    assert (age.value, province.value) == ("leeftijdsgroep", "provincie")
    assert "Leeftijd" in age.label and labels["anders"] in province.options
    province.set_value("anders").run()
    assert not at.exception, [e.message for e in at.exception]
    assert store.count() == 0
    at.button(key="opslaan").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.success[-1].value.startswith("Opgeslagen. Nieuw: 5 bijdragen. ")
    stored = store.load_contributions(["metadata"])["metadata"]
    assert stored.str.contains('"Provincie (respondent)": "friesland"', regex=False).any()


def test_reimport_says_nothing_changes(monkeypatch, store):
    at = _upload(_open(monkeypatch, store), "nieuw.csv", CSV, "text/csv")
    at.button(key="opslaan").click().run()
    again = _upload(_open(monkeypatch, store), "nieuw.csv", CSV, "text/csv")
    assert any("verandert er niets" in i.value for i in again.info)
    assert not any("vervangen" in w.value for w in again.warning)
    again.button(key="opslaan").click().run()
    assert again.success[-1].value.startswith("Er is niets veranderd")


def test_empty_xlsx_gives_only_the_error(monkeypatch, store):
    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    at = _upload(_open(monkeypatch, store), "leeg.xlsx", buf.getvalue(),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert [e.value for e in at.error] == ["'leeg.xlsx' bevat geen gegevensrijen."]
    assert not at.success
    assert store.count() == 0
