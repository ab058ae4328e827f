"""Minimal exposure inside: internal reads are de-identified, the original only on an editor's
reveal, and every reveal is logged (who, role, when)."""
from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
from planted import ANSWER, FIND_WORD, PLANTED, build_planted_store
from sqlalchemy import select

from analysis.core.errors import InputError, PermissionDenied
from analysis.core.paths import RAW_DIR
from analysis.harvest import parse_path
from analysis.store import kernpunten, public_texts
from analysis.store.store import Store
from analysis.store.tables import public_texts as public_text_table
from analysis.tracker import kernpunt_queries, originals, queries
from analysis.views import frame, people_export, report_data


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Store:
    return build_planted_store(tmp_path_factory.mktemp("originals"))


def _mine(df: pd.DataFrame, column: str = "text") -> pd.Series:
    return df.loc[df[column].fillna("").str.contains(FIND_WORD), column]


def _personal(texts) -> list[str]:
    joined = "\n".join(str(t) for t in texts)
    return [v for v in PLANTED.values() if v in joined]


def test_internal_reads_are_de_identified_from_the_stored_public_texts(planted):
    shown = _mine(frame.load(planted))
    assert len(shown) == 1 and _personal(shown) == [] and "[naam]" in shown.iloc[0]
    stored = public_texts.load_public_texts(planted).set_index("id")["text"]
    ids = frame.load(planted).set_index("text").loc[shown.iloc[0], "id"]
    assert stored[ids] == shown.iloc[0]  # what the import stored, no new redaction run
    assert _personal(_mine(queries.suggestions(planted))) == []
    assert _personal(queries.tracker_table(planted, "v4")["text"]) == []
    assert _personal(people_export.tracker_download(planted, "v4").to_csv()) == []
    assert _personal(people_export.contributions_download(planted, public=False).to_csv()) == []
    assert _personal(report_data.build(planted, "alle", "v4", internal=True).__repr__()) == []
    members = kernpunt_queries.members(planted)
    assert len(members) and _personal(members["text"]) == []


def test_nlp_and_the_redaction_check_keep_reading_the_original(planted):
    assert _mine(planted.load_contributions(["id", "text"])).tolist() == [ANSWER]
    assert _mine(kernpunten.suggestions(planted)).tolist() == [ANSWER]


def test_rows_without_a_public_text_are_redacted_on_read(tmp_path):
    s = Store(url=f"sqlite:///{tmp_path / 'old.sqlite'}")
    parsed = parse_path(RAW_DIR / "werksessie-2024-06-26-samen-werken-aan-het-nmp.txt")
    contribs = parsed.contributions.copy()
    contribs.loc[0, "text"] = "Bel Marieke de Vries, 06-12345678, over de geluidsnorm."
    s.replace_documents([(parsed, contribs)])  # no import pipeline: no public texts stored
    with s.engine.connect() as conn:
        assert conn.execute(select(public_text_table.c.id)).first() is None
    text = frame.load(s)["text"]
    assert not text.str.contains("06-12345678").any()
    assert text.str.contains("geluidsnorm").any()
    assert len(text) == len(contribs)


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_a_viewer_or_analyst_cannot_reveal(planted, role):
    cid = frame.load(planted).loc[lambda d: d["text"].str.contains(FIND_WORD), "id"].iloc[0]
    before = len(originals.reveals(planted))
    assert not originals.can_reveal(planted, role)
    with pytest.raises(PermissionDenied):
        originals.reveal(planted, cid, "Piet", role)
    assert len(originals.reveals(planted)) == before


def test_an_editor_reveals_one_original_and_it_is_logged(planted):
    cid = frame.load(planted).loc[lambda d: d["text"].str.contains(FIND_WORD), "id"].iloc[0]
    assert originals.can_reveal(planted, "editor")
    with pytest.raises(InputError):
        originals.reveal(planted, cid, "  ", "editor")  # who saw it must be known
    with pytest.raises(InputError):
        originals.reveal(planted, "bestaat-niet", "Anna", "editor")
    assert originals.reveals(planted, cid).empty
    before = datetime.now(UTC)
    assert originals.reveal(planted, cid, " Anna Jansen ", "editor") == ANSWER
    log = originals.reveals(planted, cid)
    assert log[["contribution_id", "actor", "role"]].values.tolist() == [[cid, "Anna Jansen", "editor"]]
    assert pd.to_datetime(log["at"].iloc[0], utc=True) >= pd.Timestamp(before).floor("s")
    assert originals.reveals(planted, "iets-anders").empty


def test_the_log_reads_in_dutch_local_time():
    log = pd.DataFrame({"contribution_id": ["c"], "actor": ["Anna"], "role": ["editor"],
                        "at": [datetime(2024, 6, 26, 12, 5, tzinfo=UTC)]})
    assert originals.reveal_lines(log) == ["Anna (redacteur), 26 juni 2024 om 14:05"]  # CEST
