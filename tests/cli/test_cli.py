"""`python -m analysis` as a user runs it: a subprocess with its own DATABASE_URL.

Bad input must end in exit code != 0, exactly one line on stderr, no traceback,
and a store that is exactly as it was.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from factories import WERKSESSIE, run_analysis

from analysis.core.paths import ROOT
from analysis.devtools.generator import generate_raadpleging
from analysis.store.store import Store

EXAMPLE = ROOT / "data" / "examples" / "raadpleging-fictief-voorbeeld.csv"


def ok(result) -> None:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def state(url: str) -> tuple:
    s = Store(url=url)
    docs = s.load_documents()
    return s.version(), s.count(), tuple(docs["document"]), tuple(docs["content_hash"])


def test_parse_writes_contributions_without_touching_the_store(run_cli, tmp_path):
    out = tmp_path / "bijdragen.csv"
    ok(run_cli("parse", EXAMPLE, "--out", out))
    df = pd.read_csv(out, sep=";", dtype=str, encoding="utf-8-sig")
    assert len(df) > 300
    assert set(df["source_type"]) == {"raadpleging"}
    assert df["respondent_id"].str.match(r"R\d{6}").all()
    assert not Path(run_cli.database_url.split("///", 1)[1]).exists()


def test_ingest_default_data_then_again_changes_nothing(run_cli):
    ok(run_cli("ingest", "--quiet"))
    first = state(run_cli.database_url)
    assert first[1] > 500 and len(first[2]) == 4
    again = run_cli("ingest", "--quiet")
    ok(again)
    assert "0 bijdragen toegevoegd" in again.stdout
    assert state(run_cli.database_url) == first


@pytest.fixture(scope="module")
def formula_store(tmp_path_factory) -> str:
    """A store holding a consultation answer that a spreadsheet would execute."""
    folder = tmp_path_factory.mktemp("formula")
    table = generate_raadpleging(12, seed=7, personal_data_rate=0)
    table.iloc[0, 6] = "=SUM(A1)"
    table.to_csv(folder / "raadpleging.csv", index=False)
    url = f"sqlite:///{folder / 'store.sqlite'}"
    ok(run_analysis("ingest", "--quiet", folder / "raadpleging.csv", database_url=url))
    return url


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_neutralises_formulas(run_cli, formula_store, tmp_path, suffix):
    out = tmp_path / f"export.{suffix}"
    ok(run_cli("export", "--out", out, database_url=formula_store))
    if suffix == "csv":  # OWASP: a leading apostrophe in CSV
        texts = pd.read_csv(out, sep=";", dtype=str, encoding="utf-8-sig")["text"].tolist()
        assert "'=SUM(A1)" in texts and "=SUM(A1)" not in texts
    else:  # XLSX: a text cell, no apostrophe, no formula
        sheet = openpyxl.load_workbook(out).active
        header = [c.value for c in sheet[1]]
        cells = [row[header.index("text")] for row in sheet.iter_rows(min_row=2)]
        assert all(c.data_type == "s" for c in cells)
        texts = [c.value for c in cells]
        assert "=SUM(A1)" in texts and "'=SUM(A1)" not in texts
    assert len(texts) == Store(url=formula_store).count()


def _docx_with_broken_body() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document>geen geldige xml")
    return buf.getvalue()


BAD_INPUTS = {
    "leeg.txt": (b"", "leeg"),
    "kapot.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nrommel", "PDF"),
    "kapot.docx": (b"PK\x03\x04 dit is geen zip", "beschadigd"),
    "kapot-inhoud.docx": (_docx_with_broken_body(), "docx"),
    "plaatje.png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "onbekend"),
    "zonder-tekst.csv": (b"respondent,provincie,leeftijd\n1,Utrecht,34\n2,Zeeland,51\n", "vrije tekst"),
}


def assert_refused(result, fragment: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment.lower() in lines[0].lower()


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> tuple[str, tuple]:
    """One store with a real document, shared by the bad-input tests: none may change it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('filled') / 'store.sqlite'}"
    ok(run_analysis("ingest", "--quiet", WERKSESSIE, database_url=url))
    return url, state(url)


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_refused_in_one_line_and_changes_nothing(run_cli, filled, tmp_path, name):
    url, before = filled
    data, fragment = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert_refused(run_cli("ingest", WERKSESSIE, path, database_url=url), fragment)
    assert state(url) == before


def test_missing_path_is_refused(run_cli, filled, tmp_path):
    url, before = filled
    assert_refused(run_cli("ingest", tmp_path / "bestaat-niet.pdf", database_url=url), "niet gevonden")
    out = tmp_path / "uit.csv"
    assert_refused(run_cli("parse", tmp_path / "bestaat-niet.pdf", "--out", out), "niet gevonden")
    assert not out.exists()
    assert state(url) == before


def test_file_over_the_size_limit_is_refused(run_cli, filled):
    url, before = filled
    result = run_cli("ingest", EXAMPLE, database_url=url, env={"NMP_MAX_FILE_MB": "0.01"})
    assert_refused(result, "te groot")
    assert state(url) == before


def test_parse_of_bad_input_writes_no_file(run_cli, tmp_path):
    path = tmp_path / "kapot.pdf"
    path.write_bytes(BAD_INPUTS["kapot.pdf"][0])
    out = tmp_path / "uit.csv"
    assert_refused(run_cli("parse", path, "--out", out), "PDF")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["kapot.pdf"]


def test_unknown_export_format_is_refused(run_cli, filled, tmp_path):
    assert_refused(run_cli("export", "--out", tmp_path / "uit.json", database_url=filled[0]),
                   "exportformaat")
    assert list(tmp_path.glob("*.json")) == []


def test_generate_is_reproducible(run_cli, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.xlsx"
    ok(run_cli("generate", "--respondents", "40", "--seed", "3", "--out", a))
    ok(run_cli("generate", "--respondents", "40", "--seed", "3", "--out", b))
    from_csv = pd.read_csv(a, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    from_xlsx = pd.read_excel(b, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(from_csv, from_xlsx)
    assert len(from_csv) == 40 and set(from_csv["fictief"]) == {"fictief voorbeeld"}


def test_kernpunten_command(run_cli, tmp_path):
    from factories import WERKSESSIE

    assert run_cli("ingest", WERKSESSIE).returncode == 0
    bad = run_cli("kernpunten", "--version", "v9", "--out", tmp_path / "k.csv")
    assert bad.returncode != 0 and bad.stderr.strip().count("\n") == 0
    assert "Onbekende conceptversie 'v9'" in bad.stderr and "Traceback" not in bad.stderr
    done = run_cli("kernpunten", "--version", "v4", "--out", tmp_path / "k.csv")
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "k.csv").read_text(encoding="utf-8-sig")
    assert "Kernpunt in het kort" in text and "Zorg of vraag" in text and "nog geen besluit" in text
    exported = run_cli("export", "--out", tmp_path / "e.csv")
    assert exported.returncode == 0
    import pandas as pd
    df = pd.read_csv(tmp_path / "e.csv", sep=None, engine="python")
    assert {"kernpunt", "standpunt"} <= set(df.columns)
