"""AppTest of the Publiceren page, started from dashboard.py: a preview shows what will go out,
publishing needs a confirmation and puts exactly that preview online, a changed store makes the
preview stale, and only editors see the page."""
from __future__ import annotations

import pytest
from apptests import open_page
from streamlit.testing.v1 import AppTest

from analysis.access import navigation
from analysis.core.paths import RAW_DIR
from analysis.harvest import parse_path
from analysis.publish import site
from analysis.store.store import Store

PAGE = "app_pages/publiceren.py"


@pytest.fixture
def june(tmp_path, monkeypatch) -> Store:
    s = Store(url=f"sqlite:///{tmp_path / 'pub.sqlite'}")
    parsed = parse_path(RAW_DIR / "werksessie-2024-06-26-samen-werken-aan-het-nmp.txt")
    s.replace_documents([(parsed, parsed.contributions)])
    monkeypatch.setenv("DATABASE_URL", s.url)
    monkeypatch.setenv("NMP_MODE", "internal")
    monkeypatch.setenv("NMP_REPORT_IMAGES", "0")
    monkeypatch.setenv("NMP_SITE_DIR", str(tmp_path / "site"))
    return s


def _start() -> AppTest:
    return open_page(PAGE, timeout=180)


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_preview_then_publish_exactly_that_preview(june, tmp_path):
    at = _start()
    assert at.title[0].value == "Publiceren: de openbare site"
    assert any("nog geen voorbeeld" in i.value for i in at.info)
    _button(at, "pub_voorbeeld").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Wat er gepubliceerd wordt" in [h.value for h in at.header]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Bijdragen"] == "108" and metrics["Bijeenkomsten en raadplegingen"] == "1"
    assert "Voorbeeld van NMP conceptversie 4" in " ".join(m.value for m in at.markdown)
    assert not (tmp_path / "site").exists()
    assert _button(at, "pub_publiceren").disabled  # not before the confirmation
    at.checkbox(key="pub_zeker").check().run()
    _button(at, "pub_publiceren").click().run()
    assert not at.exception and not at.error
    assert any(s.value.startswith("Gepubliceerd: ") for s in at.success)
    assert site.read(tmp_path / "site") == site.read(tmp_path / "site-voorbeeld")
    assert (tmp_path / "site" / "index.html").is_file()
    at.run()
    assert any(c.value.startswith("Nu gepubliceerd: NMP conceptversie 4, gemaakt op ") for c in at.caption)


def test_a_changed_store_makes_the_preview_stale(june, tmp_path):
    at = _start()
    _button(at, "pub_voorbeeld").click().run()
    with june.engine.begin() as conn:  # any write moves the store version on
        june.bump_version(conn)
    at.run()
    assert any("De gegevens zijn veranderd" in w.value for w in at.warning)
    assert _button(at, "pub_publiceren").disabled and at.checkbox(key="pub_zeker").disabled


def test_only_editors_get_the_page():
    assert PAGE in [p.file for p in navigation.pages_for("internal", "editor")]
    for role in ("viewer", "analyst"):
        assert PAGE not in [p.file for p in navigation.pages_for("internal", role)]
    assert PAGE not in [p.file for p in navigation.pages_for("public", "public")]
