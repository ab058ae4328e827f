"""The terugkoppeling / nota van antwoord DOCX, opened with python-docx as a reader would.

Two stores: the June 2024 werksessie with decisions made through save_decisions (published,
unpublished, one near-duplicate group), and the planted consultation (tests/planted.py) whose
personal data, internal notes and unpublished decisions must never reach the public variant.
"""
from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import docx
import pandas as pd
import pypdf
import pytest
from docx.oxml.ns import qn
from factories import WERKSESSIE
from planted import EXPLANATION_EMAIL, INTERNAL_NOTE, UNPUBLISHED, WITHDRAWN, build_planted_store, leaks

from analysis.core import schema
from analysis.core.errors import InputError
from analysis.devtools import docx_render
from analysis.ingest.pipeline import ingest_paths
from analysis.store.store import Store
from analysis.tracker import decisions, queries
from analysis.views import report, report_data

EVENT = "Werksessie 'Samen werken aan het NMP'"
ACTOR = "analist@minienw.example"
NOTE = "NOTITIE-ALLEEN-INTERN-3141"
HIDDEN = "NOG-NIET-OPENBAAR-2718"


def _text(document) -> str:
    """Every paragraph and table cell, in order."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def session_store(tmp_path_factory) -> tuple[Store, dict[str, str]]:
    """The June werksessie with 7 decisions: 5 published, 1 unpublished, 1 withdrawn."""
    store = Store(url=f"sqlite:///{tmp_path_factory.mktemp('report') / 'store.sqlite'}")
    ingest_paths(store, [WERKSESSIE])
    table = queries.tracker_table(store, "v4")
    ids = table.loc[table["event"] == EVENT, "id"].tolist()
    published = {}
    plan = [("verwerkt", "6.2.2"), ("deels_verwerkt", "6.2.2"), ("niet_verwerkt", None),
            ("doorverwezen", None), ("al_in_beleid", None)]
    for i, (status, section) in enumerate(plan):
        explanation = f"Uitleg nummer {i} bij een {status} besluit."
        decisions.save_decisions(store, [ids[i]], "v4", decisions.Decision(
            status, section, explanation, NOTE, published=True), {ids[i]: 0}, ACTOR, "editor")
        published[ids[i]] = explanation
    decisions.save_decisions(store, [ids[5]], "v4", decisions.Decision(
        "niet_verwerkt", None, HIDDEN, NOTE, published=False), {ids[5]: 0}, ACTOR, "editor")
    decisions.save_decisions(store, [ids[6]], "v4", decisions.Decision(
        "verwerkt", "6.2.2", WITHDRAWN, NOTE, published=True), {ids[6]: 0}, ACTOR, "editor")
    decisions.save_decisions(store, [ids[6]], "v4", decisions.Decision(
        "verwerkt", "6.2.2", WITHDRAWN, NOTE, published=False), {ids[6]: 1}, ACTOR, "editor")
    return store, published


@pytest.fixture(autouse=True)
def _no_images(monkeypatch):
    """Charts cost a browser start; only the image test turns them on."""
    monkeypatch.setenv("NMP_REPORT_IMAGES", "0")


def test_public_report_has_headings_dutch_language_and_every_published_decision(session_store):
    store, published = session_store
    doc = _open(report.report_bytes(Store(url=store.url, read_only=True), EVENT, "v4"))
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[0] == "Title"
    assert {"Heading 1", "Heading 2", "Heading 3"} <= set(styles)
    assert styles.index("Heading 1") < styles.index("Heading 2") < styles.index("Heading 3")
    langs = {el.get(qn("w:val")) for el in doc.styles.element.iter(qn("w:lang"))}
    assert langs == {"nl-NL"}
    assert doc.core_properties.language == "nl-NL"
    text = _text(doc)
    for explanation in published.values():
        assert explanation in text
    assert "§6.2.2" in text
    assert NOTE not in text and HIDDEN not in text and WITHDRAWN not in text and ACTOR not in text
    assert not doc.sections[0].header.paragraphs[0].text.strip()
    for table in doc.tables:  # every table has a real, repeating header row
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_counts_equal_the_store(session_store):
    store, published = session_store
    df = store.load_contributions()
    mine = df[df["event"] == EVENT]
    n_sugg = int(mine["section"].isin(schema.SUGGESTION_SECTIONS).sum())
    data = report_data.build(store, EVENT, "v4")
    assert (data.contributions, data.suggestions, data.decided) == (len(mine), n_sugg, len(published))
    assert int(data.overview["Bijdragen"].sum()) == len(mine)
    assert int(data.overview["Suggesties"].sum()) == n_sugg
    assert int(data.overview["Nog geen besluit"].sum()) == n_sugg - len(published)
    text = _text(_open(report.document_bytes(data)))
    assert f"Er zijn {len(mine)} bijdragen. Daarvan zijn {n_sugg} suggesties" in text
    internal = report_data.build(store, EVENT, "v4", internal=True)
    assert internal.decided == len(published) + 2  # the unpublished and the withdrawn one too


def test_internal_report_has_notes_unpublished_decisions_who_and_intern_on_every_page(session_store):
    store, _ = session_store
    doc = _open(report.report_bytes(store, EVENT, "v4", internal=True))
    text = _text(doc)
    assert NOTE in text and HIDDEN in text and WITHDRAWN in text and ACTOR in text
    assert "Nog niet openbaar." in text
    assert len(doc.sections) == 1  # one section: its header is on every page
    assert "INTERN" in doc.sections[0].header.paragraphs[0].text


def test_near_duplicates_follow_the_decision_of_their_original(session_store, tmp_path):
    store, _ = session_store
    sugg = queries.suggestions(store)
    original = sugg[sugg["event"] == EVENT].iloc[0]
    copy = pd.DataFrame([original]).assign(id="kopie-1", duplicate_of=original["id"], text="Een kopie.")
    blocks, _ = report_data._groups(pd.concat([pd.DataFrame([original]), copy]),
                                    report_data._decisions(store, "v4", False)[0], {}, False)
    assert len(blocks) == 1 and blocks[0].n == 2 and blocks[0].text == original["text"]


def test_public_report_of_the_planted_consultation_leaks_nothing(tmp_path):
    store = build_planted_store(tmp_path)
    event = report_data.events(store)[0]
    public_store = Store(url=store.url, read_only=True)
    text = _text(_open(report.report_bytes(public_store, event, "v4")))
    assert leaks(text) == []
    assert INTERNAL_NOTE not in text and UNPUBLISHED not in text and WITHDRAWN not in text
    assert "Opgenomen in de paragraaf over stapeling" in text
    assert EXPLANATION_EMAIL not in text
    internal = _text(_open(report.report_bytes(store, event, "v4", internal=True)))
    assert INTERNAL_NOTE in internal and UNPUBLISHED in internal


def test_all_events_report_and_bad_input(session_store, tmp_path):
    store, published = session_store
    doc = _open(report.report_bytes(store, report_data.ALL, "v4"))
    assert doc.paragraphs[0].text.startswith("Nota van antwoord")
    with pytest.raises(InputError, match="Onbekende bijeenkomst"):
        report_data.build(store, "Bestaat niet", "v4")
    with pytest.raises(InputError, match="Onbekende conceptversie"):
        report_data.build(store, EVENT, "v99")
    with pytest.raises(InputError, match=".docx"):
        report.write(b"x", tmp_path / "verslag.pdf")


def test_document_properties_file_names_event_choices_and_chart_axes(session_store):
    """The programme team's document (not python-docx's 2013 template), a readable file name,
    the valid sessions in the error, and axes that say what they count."""
    from datetime import UTC, datetime, timedelta

    store, _ = session_store
    props = _open(report.report_bytes(store, EVENT, "v4")).core_properties
    assert props.author == props.last_modified_by == "Programmateam Nationaal Milieuprogramma"
    assert abs(props.created - datetime.now(UTC)) < timedelta(minutes=5) and props.modified == props.created
    assert props.title == f"Terugkoppeling: {EVENT}" and "NMP conceptversie 4" in props.subject
    assert props.language == "nl-NL" and "python-docx" not in (props.comments + props.author)
    name = report_data.file_name(store, EVENT, "v4")
    assert name == "terugkoppeling-werksessie-samen-werken-aan-het-nmp-26-juni-2024-nmp-conceptversie-4.docx"
    assert report_data.file_name(store, report_data.ALL, "v4", internal=True) == \
        "nota-van-antwoord-nmp-conceptversie-4-intern.docx"
    with pytest.raises(InputError) as refused:
        report_data.build(store, "Bestaat niet", "v4")
    assert str(refused.value) == f"Onbekende bijeenkomst 'Bestaat niet'; kies uit: 'alle', '{EVENT}'."
    data = report_data.build(store, report_data.ALL, "v4")
    (status, *_), (counts, *_) = report._figures(data, report_data.texts())
    assert status.layout.xaxis.title.text == "Aantal suggesties"
    assert counts.layout.xaxis.title.text == "Aantal bijdragen"
    lines = max(len(t.split("<br>")) for t in counts.data[0].y)
    assert counts.layout.height >= 80 + len(data.overview) * lines * 15 * 1.3  # labels never overlap


def test_missing_image_route_is_said_in_the_document(session_store):
    store, _ = session_store
    text = _text(_open(report.report_bytes(store, EVENT, "v4")))
    assert "Hier hoort een grafiek. Die kon op deze computer niet worden gemaakt" in text


CHROMIUM = os.environ.get("NMP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                    reason="chromium is not installed (kaleido needs it for chart images)")
def test_charts_are_images_with_alt_text(session_store, monkeypatch, run_cli, tmp_path):
    monkeypatch.setenv("NMP_REPORT_IMAGES", "1")
    store, _ = session_store
    out = tmp_path / "verslag.docx"
    result = run_cli("report", "--event", EVENT, "--version", "v4", "--out", out,
                     database_url=store.url, env={"NMP_REPORT_IMAGES": "1"})
    assert result.returncode == 0, result.stderr
    doc = docx.Document(out)
    assert len(doc.inline_shapes) == 2
    for shape in doc.inline_shapes:
        descr = shape._inline.docPr.get("descr")
        assert descr and descr.startswith("Staafdiagram")
    assert "Hier hoort een grafiek" not in _text(doc)


def test_cli_bad_input_is_one_line(session_store, run_cli, tmp_path):
    store, _ = session_store
    bad = run_cli("report", "--event", "Onbekend", "--version", "v4", "--out", tmp_path / "x.docx",
                  database_url=store.url)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Onbekende bijeenkomst" in bad.stderr
    assert f"kies uit: 'alle', '{EVENT}'" in bad.stderr
    assert not (tmp_path / "x.docx").exists()
    good = run_cli("report", "--event", EVENT, "--version", "v4", "--out", tmp_path, database_url=store.url)
    assert good.returncode == 0, good.stderr
    assert [p.name for p in tmp_path.glob("*.docx")] == [report_data.file_name(store, EVENT, "v4")]


def test_own_unpublished_decision_of_a_near_duplicate_wins_and_stays_hidden(tmp_path):
    """The original's decision is published; its near-duplicate has its own, unpublished one.
    The public report lists the duplicate as without a published decision and prints nothing of
    its own decision; the internal report shows that decision."""
    from factories import make_doc, put

    store = Store(url=f"sqlite:///{tmp_path / 'dup.sqlite'}")
    doc = make_doc("sessie-a.txt", ["Meer groen op schoolpleinen tegen hittestress in de stad.",
                                   "Een gezondheidstoets voor elk besluit over stikstof en fijnstof.",
                                   "Meer groen op schoolpleinen tegen hittestress in de stad!"])
    doc.contributions["event"] = "Sessie A"
    doc.contributions["date"] = "2024-06-26"
    put(store, doc)
    df = store.load_contributions()
    df.loc[2, "duplicate_of"] = df.loc[0, "id"]
    store.update_derived(df[["id", "duplicate_of"]])
    ids = df["id"].tolist()
    decisions.save_decision(store, ids[0], "v4", decisions.Decision(
        "verwerkt", "6.2.2", "Staat nu in paragraaf 6.2.2.", published=True), 0, ACTOR, "editor")
    decisions.save_decision(store, ids[2], "v4", decisions.Decision(
        "doorverwezen", None, HIDDEN, NOTE, published=False), 0, ACTOR, "editor")

    data = report_data.build(Store(url=store.url, read_only=True), "Sessie A", "v4")
    assert data.decided == 1
    (block,) = data.themes
    assert [(g.text, g.n, g.status) for g in block.decided] == [(df.loc[0, "text"], 1, "verwerkt")]
    assert [g.text for g in block.undecided] == [df.loc[1, "text"], df.loc[2, "text"]]
    document = _open(report.document_bytes(data))
    text = _text(document)
    assert "Staat nu in paragraaf 6.2.2." in text and "keer genoemd" not in text
    assert HIDDEN not in text and NOTE not in text
    decided_rows = [[c.text for c in row.cells] for t in document.tables if t.rows[0].cells[0].text == "Suggestie"
                    for row in t.rows[1:]]
    assert decided_rows == [[df.loc[0, "text"], "Verwerkt", decided_rows[0][2], "Staat nu in paragraaf 6.2.2."]]
    internal = report_data.build(store, "Sessie A", "v4", internal=True)
    assert internal.decided == 2
    assert {g.status for g in internal.themes[0].decided} == {"verwerkt", "doorverwezen"}
    assert HIDDEN in _text(_open(report.document_bytes(internal)))


@pytest.mark.skipif(docx_render.soffice() is None,
                    reason="LibreOffice (soffice) is not installed; scripts/test.sh installs it where it can")
def test_rendered_report_pages_read_well(session_store, tmp_path):
    """The June report as LibreOffice lays it out (PDF): a title page and more, every published
    explanation, 'INTERN' on every page of the internal variant, and no word in a table broken
    over two lines (every long word of the tables is found whole in the PDF's text)."""
    store, published = session_store
    paths = [tmp_path / "juni-openbaar.docx", tmp_path / "juni-intern.docx"]
    for internal, path in enumerate(paths):
        path.write_bytes(report.report_bytes(store, EVENT, "v4", internal=bool(internal)))
    for internal, (docx_path, pdf_path) in enumerate(zip(paths, docx_render.to_pdf(paths, tmp_path / "pdf"))):
        pdf = pypdf.PdfReader(pdf_path)
        pages = [p.extract_text() for p in pdf.pages]
        text = "\n".join(pages)
        assert len(pages) >= 4 and "Terugkoppeling: Werksessie" in pages[0]
        flat = " ".join(text.split())
        assert all(explanation in flat for explanation in published.values())
        document = _open(docx_path.read_bytes())
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        words = {w for c in cells for w in re.findall(r"[^\W\d_]{8,}", c)}
        written = _text(document)  # a word broken over two lines is found fewer times in the PDF
        assert {w: (written.count(w), text.count(w)) for w in words if text.count(w) < written.count(w)} == {}
        assert {"Doorverwezen", "gezondheidsbescherming"} <= words
        if internal:
            assert all("INTERN" in page for page in pages)
        else:
            assert not any("INTERN" in page for page in pages) and NOTE not in text
