"""AppTest: the report download on the tracker page (public or internal) and on the public page
(public only), started from dashboard.py. The DOCX itself is tested in tests/views/test_report.py;
the browser test clicks the buttons and reads the files."""
from __future__ import annotations

import pytest
from apptests import open_page
from streamlit.testing.v1 import AppTest


def _start(monkeypatch, url: str, mode: str, page: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("NMP_MODE", mode)
    return open_page(page, timeout=180)


@pytest.mark.parametrize("mode,page,key,internal", [
    ("internal", "app_pages/tracker.py", "trk_verslag", True),
    ("internal", "app_pages/publiek.py", "publiek_verslag", False),
    ("public", "app_pages/publiek.py", "publiek_verslag", False),
])
def test_report_download_offers_sessions_by_name(monkeypatch, default_data_store, mode, page, key, internal):
    at = _start(monkeypatch, default_data_store.url, mode, page)
    choose = at.selectbox(key=f"{key}_event")
    assert choose.options[0] == "Alle bijeenkomsten en de raadpleging"
    assert "Werksessie 'Samen werken aan het NMP'" in choose.options
    has_internal = any(c.key == f"{key}_intern" for c in at.checkbox)
    assert has_internal is internal
    choose.set_value("Werksessie 'Samen werken aan het NMP'").run()
    assert not at.exception
