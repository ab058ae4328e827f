"""AppTest of the tracker page, started from dashboard.py: decide, stale save, history, links."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.paths import RAW_DIR, ROOT
from analysis.harvest import parse_path
from analysis.store.store import Store
from analysis.tracker import decisions, queries
from analysis.tracker.links import refresh_links

ENTRY = str(ROOT / "dashboard.py")


@pytest.fixture
def june(tmp_path, monkeypatch) -> Store:
    s = Store(url=f"sqlite:///{tmp_path / 'trk.sqlite'}")
    parsed = parse_path(RAW_DIR / "werksessie-2024-06-26-samen-werken-aan-het-nmp.txt")
    s.replace_documents([(parsed, parsed.contributions)])
    refresh_links(s)
    monkeypatch.setenv("DATABASE_URL", s.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    return s


def _start() -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=120)
    at.run()
    at.switch_page("app_pages/tracker.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _sid(store: Store, contains: str) -> str:
    s = queries.suggestions(store)
    return s.loc[s["text"].str.contains(contains, regex=False), "id"].iloc[0]


def test_decide_and_see_history(june):
    at = _start()
    assert at.title[0].value.startswith("Tracker")
    assert "Uittreksel" in " ".join(c.value for c in at.caption)
    sid = _sid(june, "cumulatieve gezondheidseffecten")
    at.text_input(key="trk_actor").set_value("Anna")
    at.multiselect(key="trk_keuze").set_value([sid]).run()
    assert not at.exception
    form_keys = [w.key for w in at.selectbox if w.key and w.key.startswith("trk_st_")]
    at.selectbox(key=form_keys[0]).set_value("niet_verwerkt")
    at.checkbox(key=form_keys[0].replace("trk_st_", "trk_pu_")).check()
    at.button[[b.label for b in at.button].index("Besluit opslaan")].click().run()
    assert "openbare toelichting" in " ".join(e.value for e in at.error)  # plain Dutch refusal
    assert queries.decision_history(june, sid).empty

    at.text_area(key=form_keys[0].replace("trk_st_", "trk_pt_")).set_value("Valt buiten het NMP.")
    at.button[[b.label for b in at.button].index("Besluit opslaan")].click().run()
    assert not at.error, [e.value for e in at.error]
    assert queries.decision_history(june, sid)["status"].tolist() == ["niet_verwerkt"]
    history = next(d.value for d in at.dataframe if "Wat" in d.value.columns)
    assert history["Wie"].tolist() == ["Anna"] and "Niet verwerkt" in history["Wat"].iloc[0]


def test_stale_save_keeps_input(june):
    at = _start()
    sid = _sid(june, "Blijf in gesprek")
    at.text_input(key="trk_actor").set_value("Bram")
    at.multiselect(key="trk_keuze").set_value([sid]).run()
    # someone else saves after this page was loaded
    decisions.save_decision(june, sid, "v4", decisions.Decision("al_in_beleid"), 0, "Anna", "editor")
    key = next(w.key for w in at.text_area if w.key and w.key.startswith("trk_in_"))
    at.text_area(key=key).set_value("mijn notitie")
    at.button[[b.label for b in at.button].index("Besluit opslaan")].click().run()
    assert "Iemand anders" in " ".join(e.value for e in at.error)
    assert at.text_area(key=key).value == "mijn notitie"
    assert queries.decision_history(june, sid)["actor"].tolist() == ["Anna"]


def test_viewer_cannot_save(june, monkeypatch):
    monkeypatch.setattr("analysis.access.roles.session_role", lambda *a, **k: "viewer")
    at = _start()
    assert not at.text_input  # no name field: nothing to record
    sid = _sid(june, "Blijf in gesprek")
    at.multiselect(key="trk_keuze").set_value([sid]).run()
    assert at.button[[b.label for b in at.button].index("Besluit opslaan")].disabled
    assert "alleen kijken" in " ".join(i.value for i in at.info)
