"""`decisions import` / `decisions export`: round trip, and every bad file refused with the
store unchanged (one line naming the spreadsheet row, exit 1)."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from factories import run_analysis

from analysis.core.paths import RAW_DIR
from analysis.harvest import parse_path
from analysis.store.store import Store
from analysis.tracker import decisions, queries

JUNE = RAW_DIR / "werksessie-2024-06-26-samen-werken-aan-het-nmp.txt"


@pytest.fixture
def june(store: Store) -> Store:
    parsed = parse_path(JUNE)
    store.replace_documents([(parsed, parsed.contributions)])
    return store


def _sheet(june: Store, n: int = 3) -> pd.DataFrame:
    ids = queries.suggestions(june)["id"].tolist()[:n]
    return pd.DataFrame({
        "id": ids, "version": "v4", "status": ["verwerkt", "niet_verwerkt", "deels_verwerkt"][:n],
        "section": ["6.2.2", "", "6.2.2"][:n],
        "public_explanation": ["Staat in §6.2.2.", "=Past niet; zie de Omgevingswet.", ""][:n],
        "internal_note": ["", "met de wethouder besproken", ""][:n],
        "publish": ["ja", "true", "nee"][:n]})


def test_import_then_export_round_trips(june, tmp_path):
    sheet = _sheet(june)
    src = tmp_path / "besluiten.csv"
    sheet.to_csv(src, index=False)
    done = run_analysis("decisions", "import", src, "--actor", "Team NMP", database_url=june.url)
    assert done.returncode == 0, done.stderr
    assert "3 besluiten toegevoegd, 0 bijgewerkt, 0 ongewijzigd" in done.stdout
    log = queries.audit_log(june)
    assert len(log) == 3 and set(log["actor"]) == {"Team NMP"} and set(log["action"]) == {"besluit"}
    out = tmp_path / "terug.xlsx"
    done = run_analysis("decisions", "export", "--version", "v4", "--out", out, database_url=june.url)
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(out).active  # inert: a text cell without apostrophe, not a formula
    head = [c.value for c in ws[1]]
    cell = next(r for r in ws.iter_rows(min_row=2) if r[head.index("id")].value == sheet["id"][1])[
        head.index("public_explanation")]
    assert cell.value == "=Past niet; zie de Omgevingswet." and cell.data_type == "s"
    # the exported file imports again: the same current decisions, identical rows write nothing
    before = (len(queries.audit_log(june)), june.version())
    done = run_analysis("decisions", "import", out, "--actor", "Team NMP", database_url=june.url)
    assert done.returncode == 0, done.stderr
    assert "0 besluiten toegevoegd, 0 bijgewerkt, 3 ongewijzigd" in done.stdout
    assert (len(queries.audit_log(june)), june.version()) == before
    current = queries.current_decisions(june).set_index("suggestion_id").loc[sheet["id"]]
    assert current["row_version"].tolist() == [1, 1, 1]
    assert current["status"].tolist() == sheet["status"].tolist()
    assert current["public_explanation"].tolist()[1] == "=Past niet; zie de Omgevingswet."
    assert current["published"].astype(bool).tolist() == [True, True, False]
    assert current["section"].fillna("").tolist() == ["6.2.2", "", "6.2.2"]


@pytest.mark.parametrize("change, message", [
    (lambda s: s.assign(id=["bestaat-niet", *s["id"][1:]]), "Rij 2: onbekende bijdrage 'bestaat-niet'"),
    (lambda s: s.assign(status=["verwerkt", "weggegooid", "verwerkt"]), "Rij 3: onbekende status 'weggegooid'"),
    (lambda s: s.assign(version=["v4", "v4", "v9"]), "Rij 4: onbekende conceptversie 'v9'"),
    (lambda s: s.assign(section=["99.9", "", "6.2.2"]), "Rij 2: Sectie '99.9' bestaat niet"),
    (lambda s: s.assign(public_explanation=["", "", ""]), "Rij 3: Een besluit 'Niet verwerkt' kan pas"),
    (lambda s: s.assign(section=["6.2.2", "6.2.2", "6.2.2"]),
     "Rij 3: Bij status 'Niet verwerkt' staat de suggestie niet in het programma"),
    (lambda s: s.assign(publish=["ja", "misschien", "nee"]), "Rij 3: 'publish' is 'misschien'"),
    (lambda s: s.assign(publish=["ja", "", "nee"]), "Rij 3: 'publish' is leeg; vul ja of nee in."),
    (lambda s: s.drop(columns="publish"), "Kolom ontbreekt in 'besluiten.csv': publish"),
    (lambda s: s.drop(columns="public_explanation"), "Kolom ontbreekt in 'besluiten.csv': public_explanation"),
    (lambda s: s.drop(columns=["public_explanation", "publish"]),
     "Kolommen ontbreken in 'besluiten.csv': public_explanation, publish"),
    (lambda s: pd.concat([s, s.iloc[[0]]]), "Rij 5: bijdrage"),
    (lambda s: s.iloc[0:0], "Het bestand bevat geen besluiten."),
])
def test_bad_file_is_refused_and_nothing_is_written(june, tmp_path, change, message):
    decisions.save_decision(june, queries.suggestions(june)["id"].iloc[5], "v4",
                            decisions.Decision("open"), 0, "Anna", "editor")
    before = (queries.current_decisions(june).to_csv(), len(queries.audit_log(june)), june.version())
    src = tmp_path / "besluiten.csv"
    change(_sheet(june)).to_csv(src, index=False)
    done = run_analysis("decisions", "import", src, "--actor", "Team NMP", database_url=june.url)
    assert done.returncode == 1
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.strip().endswith("Er is niets opgeslagen."), done.stderr
    assert (queries.current_decisions(june).to_csv(), len(queries.audit_log(june)), june.version()) == before


def test_success_counts_added_updated_and_unchanged(june, tmp_path):
    """One new, one changed, one identical row: the sentence says so, singular where it is one,
    and the identical row gets no new version."""
    sheet = _sheet(june)
    first = tmp_path / "eerst.csv"
    sheet.iloc[1:].to_csv(first, index=False)
    assert run_analysis("decisions", "import", first, "--actor", "Team NMP", database_url=june.url).returncode == 0
    second = tmp_path / "daarna.csv"
    sheet.assign(internal_note=["", "met de wethouder besproken", "nu anders"]).to_csv(second, index=False)
    done = run_analysis("decisions", "import", second, "--actor", "Team NMP", database_url=june.url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 besluit toegevoegd, 1 bijgewerkt, 1 ongewijzigd uit 'daarna.csv'")
    versions = queries.current_decisions(june).set_index("suggestion_id").loc[sheet["id"], "row_version"]
    assert versions.tolist() == [1, 1, 2]
