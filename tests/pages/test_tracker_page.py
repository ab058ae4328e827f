"""AppTest of the tracker page, started from dashboard.py: decide, stale save, history, links."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.core.paths import RAW_DIR, ROOT
from analysis.harvest import parse_path
from analysis.store.store import Store
from analysis.tracker import queries
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


def test_tracker_keeps_the_overview_and_links_to_the_workbench(june):
    at = _start()
    assert at.title[0].value.startswith("Tracker")
    assert "Uittreksel" in " ".join(c.value for c in at.caption)
    assert not [m for m in at.multiselect if m.key == "trk_keuze"]  # the old decision form is gone
    assert "Besluit opslaan" not in [b.label for b in at.button]
    assert any(d.value.shape[0] > 0 for d in at.dataframe)
