"""Downloads for people: Dutch headers, labels not ids, ja/nee, metadata as columns, local dates,
a named sheet and a first sheet/row saying what the file is (on the default data set)."""
from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from analysis.core import schema
from analysis.core.labels import labels
from analysis.enrich import taxonomy
from analysis.tracker import concept_versions, decisions, vocabulary
from analysis.views import export, frame, people_export

RAW_IDS = re.compile(r"^(?:" + "|".join(map(re.escape, [*taxonomy.theme_ids(), "onzeker", *schema.SECTIONS,
                                                          "werksessie", "raadpleging", "ofl_verkenning",
                                                          "v4", "True", "False", "None", "nan", "NaT",
                                                          "<NA>"])) + r")$")


def _cells(table: pd.DataFrame) -> set[str]:
    return {str(v) for col in table.columns for v in table[col].dropna().unique()}


@pytest.fixture(scope="module")
def people(default_data_store) -> pd.DataFrame:
    return people_export.contributions_download(default_data_store, public=False)


def test_contributions_have_dutch_headers_labels_and_metadata_columns(people, default_data_store):
    stored = default_data_store.load_contributions()
    assert len(people) == len(stored)
    assert not set(people.columns) & set(schema.COLUMNS)  # no schema ids as headers
    assert "metadata" not in people.columns
    fields = frame.metadata_fields(frame.load(default_data_store))
    assert {"Leeftijdsgroep", "Provincie", "Rol"} <= set(fields.values())
    for label in fields.values():
        assert label in people.columns
    assert people["Fictief voorbeeld"].isin(["ja", "nee"]).all()
    assert people["Bijna gelijk aan een eerdere bijdrage"].isin(["ja", "nee"]).all()
    bad = {c for c in _cells(people) if RAW_IDS.match(c)}
    assert not bad, bad
    assert set(people["Hoofdthema"]) <= set(taxonomy.labels().values()) | {labels()["uncertain"]["label"]}
    refs = people.loc[people["Gaat over (conceptversie)"] != "", "Gaat over (conceptversie)"]
    assert refs.str.startswith("NMP conceptversie 4 ").all() and refs.str.contains("§6.2.2 Stapeling").any()
    assert (people["Gevonden onderwerp"] != "").any()


def test_csv_and_xlsx_say_what_they_are_dates_in_dutch(people):
    about = people_export.about("Bijdragen", len(people), fictional=True)
    csv = export.to_bytes(people, "csv", about).decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0] == "Bijdragen" and lines[1].startswith("Gemaakt op ")
    assert "Nederlandse tijd" in lines[1] and "UTC" not in csv
    body = pd.read_csv(io.StringIO(csv), sep=";", skiprows=len(about) + 1, dtype=str, keep_default_na=False)
    assert list(body.columns) == list(people.columns) and len(body) == len(people)
    assert body["Datum"].str.fullmatch(r"\d{2}-\d{2}-\d{4}").all()
    assert body["Zekerheid hoofdthema"].str.contains(",").any()
    wb = openpyxl.load_workbook(io.BytesIO(export.to_bytes(people, "xlsx", about)))
    assert wb.sheetnames == ["Over dit bestand", "Gegevens"]
    assert wb["Over dit bestand"]["A2"].value == "Bijdragen"
    data = wb["Gegevens"]
    assert [c.value for c in data[1]] == list(people.columns)
    assert data.cell(2, list(people.columns).index("Datum") + 1).number_format == "DD-MM-YYYY"


def test_public_download_has_no_respondent_data(default_data_store):
    public = people_export.contributions_download(default_data_store, public=True)
    fields = frame.metadata_fields(frame.load(default_data_store)).values()
    for hidden in ["Respondent", "Document", "Kenmerk", *fields]:
        assert hidden not in public.columns
    assert "Besluit" in public.columns


def test_tracker_download_labels_not_ids(store):
    from factories import WERKSESSIE

    from analysis.harvest import parse_path

    parsed = parse_path(WERKSESSIE)
    store.replace_documents([(parsed, parsed.contributions)])
    sid = parsed.contributions.loc[parsed.contributions["section"] == "advies", "id"].iloc[0]
    decisions.save_decision(store, sid, "v4", decisions.Decision("verwerkt", "6.2.2", "Uitleg", "Notitie",
                                                                 published=True), 0, "Anna", "editor")
    table = people_export.tracker_download(store, "v4")
    row = table.set_index("Kenmerk").loc[sid]
    version = concept_versions.load_versions(store)[-1]
    assert row["Besluit"] == vocabulary.status_label("verwerkt")
    assert row["Onderdeel van het programma"].startswith("§6.2.2 ") and row["Conceptversie"] == version.name
    assert row["Openbaar gemaakt"] == "ja" and row["Besloten door"] == "Anna"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?", str(row["Besloten op"]))
    assert set(table["Openbaar gemaakt"]) <= {"ja", "nee"}
    assert not {c for c in _cells(table) if RAW_IDS.match(c)}


def test_cli_keeps_schema_columns_and_labels_nl_is_for_people(run_cli, default_data_store, tmp_path):
    plain, nl = tmp_path / "schema.csv", tmp_path / "mensen.xlsx"
    assert run_cli("export", "--out", plain, database_url=default_data_store.url).returncode == 0
    assert list(pd.read_csv(plain, nrows=1).columns)[:3] == schema.COLUMNS[:3]
    result = run_cli("export", "--labels", "nl", "--out", nl, database_url=default_data_store.url)
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(nl)
    assert wb.sheetnames == ["Over dit bestand", "Gegevens"]
    assert [c.value for c in wb["Gegevens"][1]][:2] == ["Sessie", "Datum"]
