"""A consultation file with its own metadata columns (Leeftijd, Provincie): stored under the standard
keys, offered as filters, found by them, and filled in the people export (the issue's file)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from factories import run_analysis

from analysis.ingest import preview as ingest_preview
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.views import frame, people_export

HEADER = "Respondentnummer;Leeftijd;Provincie;Mag uw reactie openbaar worden gemaakt?;Vraag 1;Vraag 2"
ROWS = [
    ("R1", "17", "friesland", "ja", "Meer bomen in de straat zodat het 's zomers koeler blijft",
     "Minder vrachtverkeer door het centrum van het dorp"),
    ("R2", "42", "Noord Holland", "ja", "Het water in de vaart is vaak troebel en ruikt in augustus",
     "Strengere controle op de lozingen van bedrijven langs de kanalen"),
    ("R3", "70", "Fryslân", "nee", "Het geluid van de snelweg is 's nachts het hele jaar te horen", ""),
    ("R4", "35-49", "Zh", "ja", "Fijnstof van de houtkachels in de winter in onze wijk",
     "Subsidie voor een warmtepomp zou veel mensen helpen overstappen"),
]
NAME = "raadpleging-nieuw.csv"


def write_csv(folder: Path, header: str = HEADER) -> Path:
    path = folder / NAME
    path.write_text("\n".join([header, *(";".join(r) for r in ROWS)]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def imported(store: Store, tmp_path: Path) -> tuple[Store, Path]:
    path = write_csv(tmp_path)
    ingest_paths(store, [path])
    return store, path


def test_stored_metadata_uses_standard_keys_with_bands_and_official_names(imported):
    store, _ = imported
    stored = store.load_contributions(["respondent_id", "metadata"]).drop_duplicates("respondent_id")
    meta = {r: json.loads(m) for r, m in zip(stored["respondent_id"], stored["metadata"])}
    assert meta["R1"] == {"leeftijdsgroep": "jonger dan 18", "provincie": "Fryslân"}
    assert meta["R2"] == {"leeftijdsgroep": "35-44", "provincie": "Noord-Holland"}
    assert meta["R3"] == {"leeftijdsgroep": "65-74", "provincie": "Fryslân"}
    assert meta["R4"] == {"leeftijdsgroep": "35-49", "provincie": "Zuid-Holland"}


def test_filters_come_from_the_stored_metadata(imported):
    df = frame.load(imported[0])
    assert frame.metadata_fields(df) == {"leeftijdsgroep": "Leeftijdsgroep", "provincie": "Provincie"}
    assert frame.options(df, "provincie") == ["Fryslân", "Noord-Holland", "Zuid-Holland"]
    assert frame.options(df, "leeftijdsgroep") == ["jonger dan 18", "35-44", "35-49", "65-74"]
    found = frame.apply_filters(df, frame.Filters(metadata=(("provincie", ("Fryslân",)),)))
    assert sorted(found["respondent_id"]) == ["R1", "R1", "R3"]
    young = frame.apply_filters(df, frame.Filters(metadata=(("leeftijdsgroep", ("jonger dan 18",)),)))
    assert set(young["respondent_id"]) == {"R1"}


def test_people_export_has_the_new_rows_metadata(imported, tmp_path):
    store, _ = imported
    out = tmp_path / "bijdragen.xlsx"
    done = run_analysis("export", "--labels", "nl", "--out", out, database_url=store.url)
    assert done.returncode == 0, done.stderr
    table = pd.read_excel(out, sheet_name=people_export.texts()["sheet"], dtype=str)
    heads = people_export.texts()["contributions"]
    by_respondent = table.set_index(heads["respondent_id"])
    assert by_respondent.loc["R3", "Provincie"] == "Fryslân"
    assert by_respondent.loc["R3", "Leeftijdsgroep"] == "65-74"
    assert table["Provincie"].notna().all() and table["Leeftijdsgroep"].notna().all()


def test_reimport_of_the_same_file_changes_nothing_and_says_so(imported):
    store, path = imported
    upload = ingest_preview.preview(path.read_bytes(), NAME)
    same, said = ingest_preview.replacement(store, upload)
    assert same and "verandert er niets" in said
    version = store.contributions_version()
    report = ingest_preview.store_upload(store, upload, "editor")
    assert report.skipped == 1 and store.contributions_version() == version
    assert ingest_preview.outcome(report).startswith("Er is niets veranderd")


def test_a_corrected_mapping_is_stored_and_said(imported):
    """Provincie kept as it is written ('anders'): same contributions, other metadata."""
    store, path = imported
    mapping = {**ingest_preview.detect_mapping(ingest_preview.read_table(path.read_bytes(), NAME))}
    mapping["metadata_kinds"] = {**mapping["metadata_kinds"], "Provincie": "anders"}
    upload = ingest_preview.preview(path.read_bytes(), NAME, mapping)
    same, said = ingest_preview.replacement(store, upload)
    assert not same and "Nieuw: 0 bijdragen; vervallen: 0 bijdragen; al aanwezig: 7 bijdragen" in said
    assert "gegevens over de respondent" in said
    report = ingest_preview.store_upload(store, upload, "editor")
    assert report.skipped == 0 and report.rewritten == 7
    df = frame.load(store)
    assert frame.metadata_fields(df) == {"leeftijdsgroep": "Leeftijdsgroep",
                                         f"{frame.META_PREFIX}Provincie (respondent)": "Provincie (respondent)"}
    assert ingest_preview.outcome(report).startswith(
        "Opgeslagen. Opnieuw opgeslagen met de gegevens uit dit bestand: 7 bijdragen.")


def test_command_line_mapping_with_and_without_kinds(run_cli, tmp_path):
    path = write_csv(tmp_path, HEADER.replace("Provincie", "Woonregio"))
    plain = tmp_path / "kolommen.json"
    plain.write_text(json.dumps({"respondent_id": "Respondentnummer", "answers": ["Vraag 1", "Vraag 2"],
                                 "metadata": ["Leeftijd", "Woonregio"]}), encoding="utf-8")
    done = run_cli("ingest", "--quiet", "--kolommen", plain, path)
    assert done.returncode == 0, done.stderr
    assert "1 document: 7 bijdragen toegevoegd" in done.stdout
    store = Store(url=run_cli.database_url)
    # no kinds given: proposed from the name (Leeftijd) and the values (provinces)
    assert frame.metadata_fields(frame.load(store)) == {"leeftijdsgroep": "Leeftijdsgroep",
                                                        "provincie": "Provincie"}

    kinds = tmp_path / "soorten.json"
    kinds.write_text(json.dumps({"answers": ["Vraag 1", "Vraag 2"], "metadata": ["Leeftijd", "Woonregio"],
                                 "respondent_id": "Respondentnummer",
                                 "metadata_kinds": {"Leeftijd": "leeftijdsgroep", "Woonregio": "anders"}}))
    done = run_cli("ingest", "--quiet", "--mapping", kinds, path)
    assert done.returncode == 0, done.stderr
    df = frame.load(store)
    assert f"{frame.META_PREFIX}Woonregio" in frame.metadata_fields(df)
    assert set(df[f"{frame.META_PREFIX}Woonregio"].dropna()) == {"friesland", "Noord Holland", "Fryslân", "Zh"}

    bad = tmp_path / "fout.json"
    bad.write_text("[1, 2]")
    refused = run_cli("ingest", "--kolommen", bad, path)
    assert refused.returncode != 0 and "JSON-object" in (refused.stdout + refused.stderr)
