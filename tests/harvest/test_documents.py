"""Harvest parsers on the real source documents in data/raw/, and the same text as DOCX and PDF."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from analysis.core.paths import RAW_DIR
from analysis.harvest import detect_format, parse_bytes, parse_path

JUNE = RAW_DIR / "werksessie-2024-06-26-samen-werken-aan-het-nmp.txt"
NOVEMBER = RAW_DIR / "werksessie-2024-11-06-reflectie-conceptversie-4.txt"
OFL = RAW_DIR / "ofl-verkenning-2024-krachten-bundelen.txt"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
GLYPHS = ("\uf0d8", "\u2022", "\ufffd")


@pytest.fixture(scope="module")
def june():
    return parse_path(JUNE)


@pytest.fixture(scope="module")
def november():
    return parse_path(NOVEMBER)


@pytest.fixture(scope="module")
def ofl():
    return parse_path(OFL)


def _sections(parsed) -> dict[str, int]:
    return parsed.contributions["section"].value_counts().to_dict()


# --- June 2024: overwegende / advies -------------------------------------------------------

def test_june_counts(june):
    c = june.contributions
    assert len(c) == 108
    assert _sections(june) == {"overwegende": 58, "advies": 50}
    assert c["topic"].nunique() == 10
    assert len(june.topics) == 10
    assert set(c["source_type"]) == {"werksessie"}
    assert set(c["date"]) == {"2024-06-26"}
    assert set(c["event"]) == {"Werksessie 'Samen werken aan het NMP'"}
    assert c["concept_ref"].isna().all()


def test_june_first_topic_heading_starts_with_space(june):
    first = june.contributions.iloc[0]
    assert first["topic"] == "Milieunormering ten behoeve van de gezondheidsbescherming voor de mens"
    assert first["text"].startswith("Gezondheid als centrale plek voor milieunormering")


def test_june_wrapped_bullet_is_one_contribution(june):
    texts = june.contributions["text"]
    hits = texts[texts.str.startswith("Met cumulatie bedoelen we de stapeling")]
    assert len(hits) == 1
    assert hits.iloc[0].endswith("treinen en vliegverkeer.")
    # lines that start without a space continue the bullet above them
    assert texts.str.endswith("(belangrijke ontwikkeling!)").sum() == 1
    assert not texts.isin(["vliegverkeer.", "(belangrijke ontwikkeling!)", "milieuregelgeving"]).any()


def test_june_onderwerp_is_topic_description_not_contribution(june):
    texts = june.contributions["text"]
    assert not texts.str.contains("Normen zijn niet alleen afgeleid").any()
    assert not texts.str.contains("postbusnationaalmilieuprogramma").any()  # contact block
    assert not texts.str.contains("Woensdag 26 juni").any()  # intro
    desc = june.topics.set_index("topic")["description"]
    assert desc["Beprijzen"].startswith("Beprijzen wordt vaak gezien als een effectieve manier")
    assert desc.notna().all()


# --- November 2024: sterk / zwak / verbeter with concept refs --------------------------------

def test_november_counts(november):
    c = november.contributions
    assert len(c) == 159
    assert _sections(november) == {"sterk": 42, "zwak": 54, "verbeter": 63}
    assert c["topic"].nunique() == 8
    assert len(november.topics) == 8
    assert c["concept_ref"].notna().all()
    assert set(c["date"]) == {"2024-11-06"}


@pytest.mark.parametrize("topic, ref", [
    ("Strategische doelen, waarden en beginselen", "v4 H5"),
    ("Stapeling van effecten", "v4 §6.2.2"),
    ("Gebiedsgericht afwegingskader", "v4 §6.2.3/6.2.4"),
    ("Normering, vergunningen, toezicht en handhaving", "v4 §6.2.5/6.4.2"),  # heading has 'NNP V4'
    ("Rechtvaardige toekomstbestendige economie", "v4 §6.3.1/6.3.2/6.3.3"),
    ("Internationale strategie", "v4 §6.4.1"),
])
def test_november_concept_refs(november, topic, ref):
    c = november.contributions
    assert set(c.loc[c["topic"] == topic, "concept_ref"]) == {ref}
    assert november.topics.set_index("topic").loc[topic, "concept_ref"] == ref


def test_november_section_headings_repeated_as_bullets_are_not_contributions(november):
    texts = november.contributions["text"]
    assert not texts.str.fullmatch(r"(Sterke punten|Zwakke punten|Verbeterpunten):?").any()
    c = november.contributions
    economie = c[c["topic"] == "Rechtvaardige toekomstbestendige economie"]
    assert economie["section"].value_counts().to_dict() == {"sterk": 8, "zwak": 9, "verbeter": 9}


def test_november_wrapped_and_two_column_lines_are_joined(november):
    texts = november.contributions["text"]
    assert (texts == "Rechtvaardige economie vs groene groei. Kies als overheid voor een aanpak. "
                     "Duurzame economie liever groen hier dan grijs elders.").sum() == 1
    assert texts.str.endswith("zodat deze stapeling ook meegenomen kan worden in de omgevingsvergunning.").sum() == 1


def test_november_repeats_june_bullets_and_keeps_them(november, june):
    """Three June advies bullets reappear under H5 'Zwakke punten'; parsers never drop them."""
    c = november.contributions
    h5_zwak = c[(c["concept_ref"] == "v4 H5") & (c["section"] == "zwak")]["text"]
    assert len(h5_zwak) == 3
    assert set(h5_zwak) <= set(june.contributions["text"])


def test_november_onderwerp_and_toc_are_not_contributions(november):
    texts = november.contributions["text"]
    assert not texts.str.contains("De stapeling \\(of cumulatie\\)").any()
    assert "Inhoudsopgave" not in set(november.topics["topic"])
    desc = november.topics.set_index("topic")["description"]
    assert desc["Stapeling van effecten"].startswith("De stapeling (of cumulatie) van verschillende")


def test_no_glyphs_left(june, november, ofl):
    for parsed in (june, november, ofl):
        texts = parsed.contributions["text"]
        for glyph in GLYPHS:
            assert not texts.str.contains(glyph, regex=False).any()
        assert (texts == texts.str.strip()).all()
        assert not texts.str.contains("  ", regex=False).any()


# --- OFL verkenning, Bijlage 1 ---------------------------------------------------------------

def test_ofl_insights_per_session(ofl):
    c = ofl.contributions
    assert set(c["section"]) == {"inzicht"}
    assert set(c["source_type"]) == {"ofl_verkenning"}
    per_event = c.groupby("event")["date"].agg(["first", "size"]).to_dict("index")
    assert per_event == {
        "OFL werksessie 1": {"first": "2024-06-17", "size": 14},
        "OFL werksessie 2": {"first": "2024-07-01", "size": 19},
        "OFL werksessie 3": {"first": "2024-09-19", "size": 22},
    }
    assert c.groupby("event")["date"].nunique().eq(1).all()


def test_ofl_topics_and_exclusions(ofl):
    c = ofl.contributions
    topics = list(dict.fromkeys(c["topic"]))
    assert topics[0] == "Inzichten werksessie 1"
    assert topics[1].startswith("Hoe houden we de energie erin")
    assert "Een investerings-/ondersteuningsprogramma voor maatschappelijke initiatieven" in topics
    texts = c["text"]
    assert not texts.isin(["Wat is het doel?", "Wie nemen er deel aan?"]).any()  # werksessie 3 questions
    assert not texts.str.contains("Verschillende methoden die maatschappelijke partijen").any()  # lead-in
    assert texts.str.startswith("Inzet van vrijwilligers.").sum() == 1  # a sub-bullet of its own
    assert texts.str.endswith("lobby. Hou het simpel.").sum() == 2  # wrapped after a blank line
    assert not texts.str.contains("Bijlage 2|Samenvattend kunnen we").any()
    # a bullet split by the extraction after a comma is rejoined
    assert texts.str.contains("tegenwerken, Omdat het niet hun bedrijfseconomisch").sum() == 1


# --- ids, formats ----------------------------------------------------------------------------

def test_ids_are_stable_and_unique(june):
    again = parse_path(JUNE)
    assert again.contributions["id"].tolist() == june.contributions["id"].tolist()
    assert june.contributions["id"].is_unique


def test_detect_format_recognises_layouts():
    assert detect_format(JUNE).kind == "werksessie_adviezen"
    assert detect_format(NOVEMBER).kind == "werksessie_reflectie"
    assert detect_format(OFL).kind == "ofl_verkenning"
    other = detect_format(RAW_DIR / "kamerbrief-2023-07-14-nmp-voortgang.txt")
    assert (other.container, other.kind) == ("txt", "tekst")


def test_generic_prose_is_read_with_a_warning():
    parsed = parse_path(RAW_DIR / "kamerbrief-2023-07-14-nmp-voortgang.txt")
    c = parsed.contributions
    assert len(c) > 20
    assert set(c["source_type"]) == {"document"}
    assert parsed.warnings
    assert not c["text"].str.fullmatch(r"Pagina \d+ van \d+").any()


# --- the June report as DOCX and as PDF gives the same rows ----------------------------------

def _june_docx() -> bytes:
    import docx

    document = docx.Document()
    for line in JUNE.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _june_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if DEJAVU.exists():
        pdf.add_font("dejavu", "", str(DEJAVU))
        pdf.set_font("dejavu", size=7)
        encode = str
    else:  # core font: latin-1 only
        pdf.set_font("helvetica", size=7)
        encode = lambda s: s.encode("latin-1", "replace").decode("latin-1")  # noqa: E731
    for line in JUNE.read_text(encoding="utf-8").splitlines():
        pdf.cell(0, 4, encode(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.mark.parametrize("make, container", [(_june_docx, "docx"), (_june_pdf, "pdf")])
def test_june_as_docx_and_pdf(june, make, container):
    name = f"{JUNE.stem}.{container}"
    data = make()
    assert detect_format(data, name).container == container
    parsed = parse_bytes(data, name)
    assert _sections(parsed) == _sections(june)
    cols = ["topic", "section", "text"]
    assert parsed.contributions[cols].equals(june.contributions[cols])
    assert parsed.format == f"werksessie_adviezen ({container})"


def test_file_name_does_not_decide_the_format(tmp_path):
    lying_pdf = tmp_path / "verslag.txt"
    lying_pdf.write_bytes(_june_pdf())
    assert detect_format(lying_pdf).container == "pdf"
    assert len(parse_path(lying_pdf).contributions) == 108
    lying_docx = tmp_path / "verslag.pdf"
    lying_docx.write_bytes(_june_docx())
    assert detect_format(lying_docx).container == "docx"
