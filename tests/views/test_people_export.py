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


def test_csv_is_a_bare_table_tools_read_xlsx_says_what_it_is(people):
    about = people_export.about("Bijdragen", len(people), fictional=True)
    csv = export.to_bytes(people, "csv", about)
    assert csv.decode("utf-8-sig").splitlines()[0].startswith("Sessie;Datum;")
    assert "Gemaakt op" not in csv.decode("utf-8-sig")
    body = pd.read_csv(io.BytesIO(csv), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(body.columns) == list(people.columns) and len(body) == len(people)
    assert pd.api.types.is_float_dtype(body["Zekerheid hoofdthema"])
    assert body["Datum"].dropna().str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    wb = openpyxl.load_workbook(io.BytesIO(export.to_bytes(people, "xlsx", about)))
    assert wb.sheetnames == ["Over dit bestand", "Gegevens"]
    assert wb["Over dit bestand"]["A2"].value == "Bijdragen"
    assert wb["Over dit bestand"]["A3"].value.startswith("Gemaakt op ")
    assert "Nederlandse tijd" in wb["Over dit bestand"]["A3"].value
    data = wb["Gegevens"]
    head = [c.value for c in data[1]]
    assert head == list(people.columns)
    date = data.cell(2, head.index("Datum") + 1)
    assert date.is_date and date.number_format == "DD-MM-YYYY"
    scores = [r[0] for r in data.iter_rows(min_row=2, min_col=head.index("Zekerheid hoofdthema") + 1,
                                           max_col=head.index("Zekerheid hoofdthema") + 1) if r[0].value is not None]
    assert scores and all(c.data_type == "n" and c.number_format == "#,##0.00" for c in scores)


def test_kenmerk_is_a_reference_people_can_read_out(people):
    refs = people["Kenmerk"]
    assert refs.is_unique and not refs.str.fullmatch(r"[0-9a-f]{16}").any()
    assert refs.str.fullmatch(r"(WS \d{4}-\d{2}-\d{2}|OFL 2024|raadpleging-fictief-voorbeeld) · \d+").all()
    assert {"WS 2024-06-26 · 1", "WS 2024-11-06 · 1", "OFL 2024 · 1"} <= set(refs)


def test_references_name_documents_that_share_a_code_by_file_name():
    rows = pd.DataFrame({"source_type": ["werksessie", "werksessie", "raadpleging"],
                         "document": ["ws-2024-06-26-a.txt", "ws-2024-06-26-b.txt", "export.csv"],
                         "position": [3, 3, 12]})
    assert people_export.references(rows).tolist() == [
        "ws-2024-06-26-a · 3", "ws-2024-06-26-b · 3", "export · 12"]


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
    position = int(parsed.contributions.set_index("id").loc[sid, "position"])
    row = table.set_index("Kenmerk").loc[f"WS 2024-06-26 · {position}"]
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
    assert list(pd.read_csv(plain, sep=";", nrows=1).columns)[:3] == schema.COLUMNS[:3]
    result = run_cli("export", "--labels", "nl", "--out", nl, database_url=default_data_store.url)
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(nl)
    assert wb.sheetnames == ["Over dit bestand", "Gegevens"]
    assert [c.value for c in wb["Gegevens"][1]][:2] == ["Sessie", "Datum"]
