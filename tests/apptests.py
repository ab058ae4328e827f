"""Starting a page the way every AppTest here does: from the entry file, then switch_page."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analysis.core.paths import ROOT

ENTRY = str(ROOT / "dashboard.py")


def open_page(page: str, timeout: float = 120, role: str | None = None) -> AppTest:
    """dashboard.py run (as `role` where given), then `page` (an app_pages/ file) opened,
    without an exception."""
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    if role:
        at.session_state["role"] = role
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def page_store(tmp_path, monkeypatch, files, name: str = "store"):
    """A store with `files` imported the way a person does, which the pages under test read."""
    from analysis.ingest.pipeline import ingest_paths
    from analysis.store.store import Store

    store = Store(url=f"sqlite:///{tmp_path / name}.sqlite")
    ingest_paths(store, files)
    monkeypatch.setenv("DATABASE_URL", store.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    return store


def record_downloads(monkeypatch) -> dict[str, tuple[str, object]]:
    """Every deferred download a page registers, by its widget key: (file name, data callable),
    so a test can read the file a click would give."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    found: dict[str, tuple[str, object]] = {}
    original = MediaFileManager.add_deferred

    def add(self, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
        found[element_id.rsplit("-", 1)[-1]] = (file_name, data_callable)
        return original(self, data_callable, mimetype, coordinates, file_name, element_id=element_id)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add)
    return found
