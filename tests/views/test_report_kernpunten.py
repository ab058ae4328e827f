"""The nota van antwoord per kernpunt on the default data with every kernpunt decided
(tests/kernpunt_nota.decide_all): a heading per decided kernpunt with its three parts, no list of
undecided answers, internal notes only in their own paragraph of the internal variant, and at
most 15 pages as LibreOffice lays it out."""
from __future__ import annotations

import io
import sqlite3

import docx
import pypdf
import pytest
from kernpunt_nota import decide_all

from analysis.devtools import docx_render
from analysis.store.store import Store
from analysis.tracker import kernpunt_queries
from analysis.views import frame, report, report_data

NOTE = "KERNPUNT-NOTITIE-INTERN-5926"


@pytest.fixture(scope="module")
def all_decided(default_data_store, tmp_path_factory) -> Store:
    """A copy of the default data with every kernpunt decided, published, a note on each."""
    path = tmp_path_factory.mktemp("nota") / "store.sqlite"
    src, dst = sqlite3.connect(default_data_store.url.removeprefix("sqlite:///")), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    store = Store(url=f"sqlite:///{path}")
    assert decide_all(store, note=NOTE) == len(kernpunt_queries.kernpunt_table(store))
    return store


@pytest.fixture(autouse=True)
def _no_images(monkeypatch):
    monkeypatch.setenv("NMP_REPORT_IMAGES", "0")


def _paragraphs(data: bytes) -> list:
    return docx.Document(io.BytesIO(data)).paragraphs


def test_a_heading_per_decided_kernpunt_with_its_three_parts(all_decided):
    data = report_data.build(all_decided, report_data.ALL, "v4")
    labels = [kp.label for b in data.themes for kp in b.kernpunten]
    assert len(labels) == len(kernpunt_queries.kernpunt_table(all_decided))
    paragraphs = _paragraphs(report.document_bytes(data))
    headings = [p.text for p in paragraphs if p.style.name == "Heading 3"]
    assert all(label in headings for label in labels)
    text = "\n".join(p.text for p in paragraphs)
    for part in ("Wat u inbracht:", "Onze reactie:", "Wat verandert:"):
        assert text.count(part) == len(labels)
    assert "Verwerkt in NMP conceptversie 4, §" in text
    assert "Al in beleid: geen onderdeel van het programma" in text or \
        all(kp.status == "verwerkt" for b in data.themes for kp in b.kernpunten)
    assert all(not b.undecided for b in data.themes)  # every suggestion answered
    assert NOTE not in text and "Intern (niet openbaar)" not in text
    assert not [p for p in paragraphs if p.style.name == "List Bullet" and p.text in headings]


def test_internal_notes_have_their_own_paragraph(all_decided):
    paragraphs = _paragraphs(report.report_bytes(all_decided, report_data.ALL, "v4", internal=True))
    noted = [p.text for p in paragraphs if NOTE in p.text]
    assert noted and all(t.startswith("Intern (niet openbaar):") for t in noted)
    assert not [p for p in paragraphs if p.text.startswith("Onze reactie:") and NOTE in p.text]


def test_undecided_input_is_counted_not_listed(default_data_store):
    data = report_data.build(default_data_store, report_data.ALL, "v4")
    paragraphs = _paragraphs(report.document_bytes(data))
    assert not [p for p in paragraphs if p.style.name == "List Bullet" and p.text not in
                set(frame.theme_labels().values())]  # only the annex's theme list
    text = "\n".join(p.text for p in paragraphs)
    assert "suggesties bij dit thema is nog geen besluit openbaar gemaakt" in text


@pytest.mark.skipif(docx_render.soffice() is None,
                    reason="LibreOffice (soffice) is not installed; scripts/test.sh installs it where it can")
def test_the_nota_of_all_sessions_is_at_most_15_pages(all_decided, tmp_path, monkeypatch):
    monkeypatch.setenv("NMP_REPORT_IMAGES", "1")  # with its charts, where chromium can draw them
    path = tmp_path / "nota.docx"
    path.write_bytes(report.report_bytes(all_decided, report_data.ALL, "v4"))
    pages = len(pypdf.PdfReader(docx_render.to_pdf(path, tmp_path / "pdf")).pages)
    assert pages <= 15, pages
