"""Respondents' consent: an answer without it is counted but never shown or exported publicly.

A consultation export with a consent column ("Mag uw reactie openbaar worden gemaakt?") and a
name column goes through the import page's steps (preview -> store_upload -> ingest pipeline);
then the public table, the public export (command line), the public report and the redaction
check page are read. Also: a store made before consent existed gets the column on opening.
"""
from __future__ import annotations

import io

import docx
import pandas as pd
import pytest
from sqlalchemy import text

from analysis.ingest import preview as ingest_preview
from analysis.store import store as store_module
from analysis.store.store import Store
from analysis.tracker import decisions
from analysis.views import consent, public, public_counts, redaction_view, report

QUESTION = "Wat moet de overheid doen om het milieu in uw buurt te verbeteren?"
CONSENT = "Mag uw reactie openbaar worden gemaakt?"
NAME = "Naam en woonplaats openbaar?"
SECRET = "ZONDERTOESTEMMING"  # in every answer given without consent
ROWS = [  # respondent, answer, consent, name
    ("R1", "Meer bomen planten langs de drukke wegen in de wijk, dat helpt tegen fijnstof.",
     "Ja, met mijn naam", "ja"),
    ("R2", "Stop met het uitgeven van vergunningen voor nieuwe veehouderijen vlakbij woonwijken.",
     "Ja, zonder naam", ""),
    ("R3", f"Geluidsoverlast van de snelweg aanpakken met hogere schermen {SECRET} graag.", "nee", "ja"),
    ("R4", f"Laat de vervuiler betalen voor het opruimen van PFAS in de bodem {SECRET} nu.", "", ""),
    ("R5", f"Subsidie voor zonnepanelen op huurwoningen in mijn straat {SECRET} alsjeblieft.", "misschien", ""),
    ("R6", "Betere controle op de uitstoot van fabrieken en strengere handhaving door de provincie.",
     "J", "nee"),
]


def _csv() -> bytes:
    df = pd.DataFrame(ROWS, columns=["Respondent", QUESTION, CONSENT, NAME])
    df["Provincie"] = "Utrecht"
    return df.to_csv(index=False).encode()


@pytest.fixture(scope="module")
def consent_store(tmp_path_factory) -> Store:
    """The export stored as the import page does it, with a published decision on every answer."""
    path = tmp_path_factory.mktemp("consent")
    store = Store(url=f"sqlite:///{path / 'store.sqlite'}")
    data, name = _csv(), "raadpleging-toestemming-fictief.csv"
    table = ingest_preview.read_table(data, name)
    mapping = ingest_preview.detect_mapping(table)
    assert mapping["consent"] == CONSENT and mapping["consent_name"] == NAME
    assert CONSENT not in mapping["answers"] + mapping["metadata"]
    upload = ingest_preview.preview(data, name, mapping)
    assert any("3 van 6 antwoorden zonder toestemming" in p for p in upload.problems)
    assert any("zonder antwoord in" in p for p in upload.problems)  # R4's empty cell
    assert any("onbekende waarde" in p for p in upload.problems)    # R5's "misschien"
    ingest_preview.store_upload(store, upload, "editor")
    for cid in store.load_contributions()["id"]:
        decisions.save_decisions(store, [cid], "v4", decisions.Decision(
            "al_in_beleid", None, "Dit staat al in het beleid.", "", published=True),
            {cid: 0}, "test@minienw.example", "editor")
    return store


def test_consent_is_stored_per_answer(consent_store):
    df = consent_store.load_contributions().set_index("respondent_id")
    assert df["consent"].to_dict() == {"R1": "ja", "R2": "ja", "R3": "nee", "R4": "nee", "R5": "nee", "R6": "ja"}
    # the name column wins over the consent value; without consent the name is never public
    assert df["consent_name"].to_dict() == {"R1": "ja", "R2": "nee", "R3": "nee", "R4": "nee",
                                            "R5": "nee", "R6": "nee"}


def test_public_table_counts_but_never_shows_an_answer_without_consent(consent_store):
    ro = Store(url=consent_store.url, read_only=True)
    table = public.public_contributions(ro)
    assert len(table) == consent_store.count() == 6
    assert SECRET not in table.to_csv()
    assert (table["text"] == consent.withheld_text()).sum() == 3
    assert table["status"].eq("al_in_beleid").all()  # the decision still shows, and counts
    summary = public_counts.theme_summary(table)
    assert summary["suggesties"].sum() >= 6 and summary["besloten"].sum() == summary["suggesties"].sum()
    frame = public.public_frame(ro)  # the generic public pages
    assert len(frame) == 6 and SECRET not in frame.to_csv()


def test_public_export_leaves_the_text_out(consent_store, run_cli, tmp_path):
    for extra in ([], ["--labels", "nl"]):
        out = tmp_path / f"publiek{len(extra)}.csv"
        result = run_cli("export", "--out", str(out), "--public", *extra, database_url=consent_store.url)
        assert result.returncode == 0, result.stderr
        written = out.read_text(encoding="utf-8-sig")
        assert SECRET not in written and consent.withheld_text() in written
        assert "Toestemming openbaar" not in written and "consent" not in written  # no consent column


def test_public_report_counts_but_does_not_quote(consent_store, monkeypatch):
    monkeypatch.setenv("NMP_REPORT_IMAGES", "0")
    data = report.report_bytes(Store(url=consent_store.url, read_only=True), "alle", "v4")
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert SECRET not in "\n".join(parts)
    internal = report.report_bytes(consent_store, "alle", "v4", internal=True)
    assert internal  # the internal variant may list originals, but never quotes them (report_data._quotes)


def test_redaction_page_shows_consent(consent_store):
    rows = redaction_view.overview_all(consent_store)
    said = dict(zip(rows["text"].str.split().str[0], redaction_view.overview_table(rows)["Toestemming openbaar"]))
    assert said == {"Meer": "ja, met naam", "Stop": "ja, zonder naam", "Geluidsoverlast": "nee: telt mee, "
                    "wordt niet getoond", "Laat": "nee: telt mee, wordt niet getoond", "Subsidie": "nee: telt "
                    "mee, wordt niet getoond", "Betere": "ja, zonder naam"}
    withheld = rows.loc[rows["text"].str.contains(SECRET), "id"].iloc[0]
    info = redaction_view.detail(consent_store, withheld)
    assert info["withheld"] and "geen toestemming" in info["consent_note"]


def test_an_existing_store_gets_the_consent_column(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    store = Store(url=url)
    with store.engine.begin() as conn:  # as a store made before consent existed
        conn.execute(text("ALTER TABLE contributions DROP COLUMN consent"))
        conn.execute(text("ALTER TABLE contributions DROP COLUMN consent_name"))
    old = Store(url=url, read_only=True)  # a read-only store is not changed, but reads
    assert "consent" in old.load_contributions().columns and public.public_contributions(old).empty
    store_module._MIGRATED.discard(url)
    Store(url=url)
    with store.engine.connect() as conn:
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(contributions)"))}
    assert {"consent", "consent_name"} <= columns
