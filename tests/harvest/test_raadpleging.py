"""Consultation exports: CSV in several encodings and delimiters, XLSX, mapping detection, melt."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from analysis.core import config, paths
from analysis.core.errors import InputError
from analysis.harvest import (
    detect_format,
    detect_mapping,
    parse_bytes,
    parse_path,
    read_table,
)

ANSWERS = ["Wat vindt u het belangrijkste milieuprobleem?", "Wat moet de overheid doen?"]
ROWS = [
    # respondent, leeftijdsgroep, provincie, datum, answer 1, answer 2
    ("R1", "18-24", "Utrecht", "2023-06-05", "Fijnstof van houtkachels in de wijk, vooral in de winter.",
     "Stook verbieden bij windstil weer en controleren."),
    ("R2", "65+", "Zeeland", "14-7-2023", "Geluid van de snelweg; ’s nachts nóg erger – echt één probleem.", ""),
    ("R3", "45-64", "Fryslân", "2023-06-20", "=SOM(A1:A3) is geen antwoord maar moet tekst blijven",
     "@overheid: luister naar bewoners, geef ideeën € budget"),
]
COLUMNS = ["respondent", "leeftijdsgroep", "provincie", "datum", *ANSWERS]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=COLUMNS)


def _csv(encoding: str, sep: str) -> bytes:
    return _frame().to_csv(index=False, sep=sep).encode(encoding)


def _xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for row in ROWS:
        ws.append(list(row))  # openpyxl stores "=SOM(...)" as a formula: it must come back as its text
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rows(parsed) -> pd.DataFrame:
    cols = ["respondent_id", "question", "text", "date", "metadata", "section", "source_type"]
    return parsed.contributions[cols].reset_index(drop=True)


@pytest.fixture(scope="module")
def reference():
    return parse_bytes(_csv("utf-8", ","), "raadpleging.csv")


def test_melt_one_contribution_per_answer(reference):
    c = reference.contributions
    assert len(c) == 5  # R2 left question 2 empty
    assert set(c["section"]) == {"antwoord"}
    assert set(c["source_type"]) == {"raadpleging"}
    assert c["question"].tolist() == [ANSWERS[0], ANSWERS[1], ANSWERS[0], ANSWERS[0], ANSWERS[1]]
    assert c["respondent_id"].tolist() == ["R1", "R1", "R2", "R3", "R3"]
    assert c["date"].tolist() == ["2023-06-05", "2023-06-05", "2023-07-14", "2023-06-20", "2023-06-20"]
    assert json.loads(c["metadata"].iloc[2]) == {"leeftijdsgroep": "65+", "provincie": "Zeeland"}
    assert not c["is_fictional"].any()
    assert c["id"].is_unique


def test_formula_like_cells_stay_text(reference):
    texts = reference.contributions["text"].tolist()
    assert "=SOM(A1:A3) is geen antwoord maar moet tekst blijven" in texts
    assert any(t.startswith("@overheid") for t in texts)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [",", ";"])
def test_csv_encodings_and_delimiters_give_the_same_rows(reference, encoding, sep):
    parsed = parse_bytes(_csv(encoding, sep), "raadpleging.csv")
    pd.testing.assert_frame_equal(_rows(parsed), _rows(reference))
    assert parsed.format == "raadpleging (csv)"


def test_xlsx_gives_the_same_rows(reference):
    parsed = parse_bytes(_xlsx(), "raadpleging.xlsx")
    assert parsed.format == "raadpleging (xlsx)"
    pd.testing.assert_frame_equal(_rows(parsed), _rows(reference))


def test_detect_mapping():
    mapping = detect_mapping(_frame())
    assert mapping == {"respondent_id": "respondent", "answers": ANSWERS,
                       "metadata": ["leeftijdsgroep", "provincie"],
                       "metadata_kinds": {"leeftijdsgroep": "leeftijdsgroep", "provincie": "provincie"},
                       "date": "datum", "event": None, "fictional": None, "consent": None, "consent_name": None}


@pytest.mark.parametrize("header", ["Mag uw reactie openbaar worden gemaakt?", "Toestemming publicatie",
                                    "Mogen wij uw antwoorden publiceren?", "openbaar"])
def test_consent_columns_are_recognised_and_read(header):
    df = pd.DataFrame({"respondent": ["1", "2", "3", "4", "5", "6", "7"],
                       ANSWERS[0]: ["Meer groen in de wijk en minder verkeer in de straat"] * 7,
                       header: ["Ja", "ja, met mijn naam", "Ja, zonder naam", "N", "nee", "", "yes"],
                       "Naam/woonplaats openbaar": ["", "", "", "ja", "", "", "ja"]})
    mapping = detect_mapping(df)
    assert mapping["consent"] == header and mapping["consent_name"] == "Naam/woonplaats openbaar"
    assert mapping["answers"] == [ANSWERS[0]] and mapping["metadata"] == []
    rows = parse_bytes(df.to_csv(index=False).encode(), "raadpleging.csv").contributions
    assert rows["consent"].tolist() == ["ja", "ja", "ja", "nee", "nee", "nee", "ja"]
    # an explicit name column wins over "met mijn naam"; empty there is no
    assert rows["consent_name"].tolist() == ["nee", "nee", "nee", "nee", "nee", "nee", "ja"]
    without = parse_bytes(df.drop(columns=[header, "Naam/woonplaats openbaar"]).to_csv(index=False).encode(),
                          "raadpleging.csv").contributions
    assert without["consent"].isna().all()  # no consent column: public, as before


def test_explicit_mapping_overrides_detection():
    mapping = {"respondent_id": None, "answers": [ANSWERS[1]], "metadata": ["provincie"],
               "date": None, "event": "Milieuraadpleging 2023"}
    c = parse_bytes(_csv("utf-8", ","), "export.csv", mapping=mapping).contributions
    assert len(c) == 2
    assert set(c["question"]) == {ANSWERS[1]}
    assert set(c["event"]) == {"Milieuraadpleging 2023"}
    assert c["respondent_id"].tolist() == ["1", "3"]  # row numbers when there is no id column
    assert c["date"].isna().all()
    assert json.loads(c["metadata"].iloc[0]) == {"provincie": "Utrecht"}


def test_mapping_with_unknown_column_is_refused():
    with pytest.raises(InputError, match="'bestaat niet'"):
        parse_bytes(_csv("utf-8", ","), "export.csv", mapping={"answers": ["bestaat niet"]})


def test_fictional_column_and_marker():
    df = _frame()
    df["fictief"] = ["ja", "nee", "ja"]
    c = parse_bytes(df.to_csv(index=False).encode(), "export.csv").contributions
    assert c.groupby("respondent_id")["is_fictional"].first().to_dict() == {"R1": True, "R2": False, "R3": True}
    assert "fictief" not in c["metadata"].iloc[0]
    marked = b"# fictief voorbeeld\n" + _csv("utf-8", ",")
    assert parse_bytes(marked, "export.csv").contributions["is_fictional"].all()
    assert parse_bytes(_csv("utf-8", ","), "raadpleging-fictief.csv").contributions["is_fictional"].all()


def test_shipped_example_is_fictional():
    example = paths.DATA_DIR / "examples" / "raadpleging-fictief-voorbeeld.csv"
    if not example.exists():
        pytest.skip("example data not generated yet")
    c = parse_path(example).contributions
    assert len(c) > 0 and c["is_fictional"].all()
    assert c["question"].nunique() >= 2


def test_csv_named_dat_is_recognised(tmp_path):
    path = tmp_path / "export.dat"
    path.write_bytes(_csv("cp1252", ";"))
    fmt = detect_format(path)
    assert (fmt.container, fmt.kind) == ("csv", "raadpleging")
    assert len(parse_path(path).contributions) == 5
    assert list(read_table(path.read_bytes(), path.name).columns) == COLUMNS


def test_too_many_answers_is_refused(monkeypatch):
    monkeypatch.setattr(config, "max_rows", lambda: 4)
    with pytest.raises(InputError, match="maximum"):
        parse_bytes(_csv("utf-8", ","), "export.csv")


def test_large_export_is_melted_completely():
    """25,000 respondents x 4 answers (speed itself is measured by `python -m analysis bench`)."""
    n = 25_000
    base = "Meer bomen en minder verkeer in de straat van respondent nummer "
    df = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(n)], "provincie": "Utrecht"})
    for q in range(4):
        df[f"Vraag {q + 1}: wat vindt u?"] = [f"{base}{i}, vraag {q}" for i in range(n)]
    c = parse_bytes(df.to_csv(index=False).encode(), "groot.csv").contributions
    assert len(c) == 4 * n
    assert c["id"].is_unique
    assert c["text"].iloc[-1] == f"{base}{n - 1}, vraag 3"
