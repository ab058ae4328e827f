"""Concept versions: the v4 extract, splitting documents at numbered headings, import, compare."""
from __future__ import annotations

import io

import pytest

from analysis.core.errors import InputError, PermissionDenied
from analysis.core.paths import RAW_DIR
from analysis.harvest import concept_document, parse_path
from analysis.tracker import concept_versions, decisions, queries

V5_TEXT = """NMP conceptversie 5

Inhoudsopgave
Hoofdstuk 5 Strategische doelen ........ 12
6.2.2 Stapeling van effecten ........ 30

Hoofdstuk 5 Strategische doelen, waarden en beginselen
De ambitie voor 2050 is uitgewerkt in vier strategische doelen.
1. De leefomgeving van inwoners van Nederland is gezond.

6.2.1 Veerkrachtige ecosystemen
De kwaliteit van ecosystemen is van groot belang voor het creëren van een gezonde, schone en veilige leefomgeving.

6.2.2 Stapeling van effecten
De stapeling (of cumulatie) van belastende invloeden bepaalt de gezondheid op een plek.
We nemen een kennisagenda op voor cumulatieve gezondheidseffecten, inclusief chemische stoffen.

6.5 Monitoring
Elke twee jaar rapporteren we over de voortgang.
"""


def test_v4_extract_is_labelled_and_matches_the_november_report():
    v4 = next(v for v in concept_document.default_versions() if v.id == "v4")
    assert v4.label.startswith("Uittreksel uit het verslag van 6 november 2024")
    assert [s.number for s in v4.sections] == [
        "H5", "6.2.1", "6.2.2", "6.2.3/6.2.4", "6.2.5/6.4.2", "6.3.1/6.3.2/6.3.3", "6.4.1", "6.4.3"]
    november = parse_path(RAW_DIR / "werksessie-2024-11-06-reflectie-conceptversie-4.txt")
    refs = {concept_document.parse_ref(r) for r in november.contributions["concept_ref"].dropna()}
    assert refs == {("v4", s.number) for s in v4.sections}
    # the section text is the report's ONDERWERP paragraph
    descriptions = " ".join(november.topics["description"].dropna())
    assert "De stapeling (of cumulatie) van verschillende belastende invloeden" in v4.section("6.2.2").text
    assert "De stapeling (of cumulatie) van verschillende belastende invloeden" in descriptions


def test_parse_ref():
    assert concept_document.parse_ref("v4 §6.2.3/6.2.4") == ("v4", "6.2.3/6.2.4")
    assert concept_document.parse_ref("v4 H5") == ("v4", "H5")
    assert concept_document.parse_ref("iets anders") is None and concept_document.parse_ref(None) is None


def test_split_sections_uses_headings_not_toc_or_lists():
    sections = concept_document.split_sections(V5_TEXT)
    assert [s.number for s in sections] == ["H5", "6.2.1", "6.2.2", "6.5"]
    assert sections[0].title == "Strategische doelen, waarden en beginselen"
    assert "1. De leefomgeving" in sections[0].text  # a numbered list is body text
    assert "kennisagenda" in sections[2].text
    assert sections[1].ref == "§6.2.1" and sections[0].ref == "hoofdstuk 5"


def test_docx_import_and_compare(any_store):
    from docx import Document

    doc = Document()
    for line in V5_TEXT.splitlines():
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    v5 = concept_document.parse_version(buf.getvalue(), "nmp-v5.docx", "V5", "NMP conceptversie 5", "2025-03-01")
    assert v5.id == "v5" and len(v5.sections) == 4

    with pytest.raises(PermissionDenied):
        decisions.import_concept_version(any_store, v5, "Anna", "analyst")
    diff = decisions.import_concept_version(any_store, v5, "Anna", "editor").set_index("number")
    assert diff.loc["6.5", "status"] == "toegevoegd"
    assert diff.loc["6.4.1", "status"] == "verwijderd"
    assert diff.loc["6.2.1", "status"] == "gewijzigd" and 0.5 < diff.loc["6.2.1", "similarity"] < 1
    assert diff.loc["6.2.2", "similarity"] < diff.loc["6.2.1", "similarity"]
    assert [v.id for v in concept_versions.load_versions(any_store)] == ["v4", "v5"]
    assert "v5" in queries.audit_log(any_store)["concept_version"].tolist()


def test_compare_finds_a_renumbered_section():
    """v5 renumbers 6.4.1 to 6.6 with the same text: verplaatst, not removed plus added."""
    v4 = concept_document.default_versions()[0]
    moved = next(s for s in v4.sections if s.number == "6.4.1")
    v5 = concept_document.ConceptVersion("v5", "NMP conceptversie 5", "2025-03-01", [
        *[s for s in v4.sections if s.number != "6.4.1"],
        concept_document.Section("6.6", moved.title, moved.text),
        concept_document.Section("6.7", "Monitoring", "Elke twee jaar rapporteren we over de voortgang."),
    ], label="test")
    diff = concept_versions.compare(v4, v5).set_index("number")
    assert diff.loc["6.6", "status"] == "verplaatst" and diff.loc["6.6", "old_number"] == "6.4.1"
    assert diff.loc["6.6", "similarity"] > 0.99
    assert diff.loc["6.7", "status"] == "toegevoegd"
    assert "6.4.1" not in diff.index


def test_compare_identical_is_unchanged():
    v4 = concept_document.default_versions()[0]
    assert set(concept_versions.compare(v4, v4)["status"]) == {"ongewijzigd"}


@pytest.mark.parametrize("data, name, version_id, message", [
    (b"Zomaar wat tekst zonder koppen.\n", "x.txt", "v5", "geen genummerde koppen"),
    (b"", "leeg.txt", "v5", "leeg"),
    (V5_TEXT.encode(), "x.txt", "versie vijf", "ongeldig"),
])
def test_bad_documents_are_refused_plainly(data, name, version_id, message):
    with pytest.raises(InputError, match=message):
        concept_document.parse_version(data, name, version_id, "", None)
