"""Starting a page the way every AppTest here does: from the entry file, then switch_page."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analysis.core.paths import ROOT

ENTRY = str(ROOT / "dashboard.py")


def open_page(page: str, timeout: float = 120) -> AppTest:
    """dashboard.py run, then `page` (an app_pages/ file) opened, without an exception."""
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at
