"""End to end in Debian's chromium (Playwright): start the app on the default data, visit every
page, do the cumulatie journey and download it; screenshots go to test-artifacts/e2e/.

Timings are printed, never asserted: the cold first page, each page's first visit (its data
is computed then), and a second round of switches once the server is warm.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import time
from pathlib import Path

import docx
import pytest
from browser_support import axe_serious, needs_chromium, settle, streamlit_server

from analysis.access import navigation
from analysis.core.paths import ROOT
from analysis.views import frame as views_frame

ARTIFACTS = ROOT / "test-artifacts" / "e2e"
# A word each page shows once it has loaded (its title).
PAGE_TITLES = {
    "Overzicht": "Overzicht van de inbreng",
    "Thema's": "Thema's",
    "Verkennen": "Verkennen",
    "Bijdragen": "Alle bijdragen",
    "Tracker": "Tracker",
    "Beoordelen": "Beoordelen",
    "Kernpunten": "Kernpunten",
    "Dossier per sectie": "Dossier per sectie",
    "Afscherming controleren": "Afscherming controleren",
    "Wat is er met uw input gedaan?": "Wat is er met uw input gedaan?",
    "Importeren": "Bestanden importeren",
    "Over deze analyse": "Over deze analyse",
    "Publiceren": "Publiceren: de openbare site",
}

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(default_data_store, tmp_path_factory):
    """`streamlit run dashboard.py` against the default data; yields its base URL."""
    env = {"DATABASE_URL": default_data_store.url, "NMP_MODE": "internal"}
    with streamlit_server(env, [], tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))  # the app scrolls inside; tall viewport


def _switch(page, title: str) -> float:
    """Seconds from a click in the menu until the page is drawn and the app idle."""
    start = time.monotonic()
    page.locator('[data-testid="stSidebarNavLink"]', has_text=title).first.click()
    settle(page)
    page.get_by_role("heading", name=PAGE_TITLES[title]).first.wait_for()
    return time.monotonic() - start


def _people_csv(download) -> tuple[str, list[dict]]:
    """A people download: its file name (what and when) and its ;-separated rows, header first."""
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    return download.suggested_filename, list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_every_page_and_the_cumulatie_journey(server, browser, default_data_store):
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    page = browser.new_page(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    page.set_default_timeout(60_000)
    timings: dict[str, float] = {}

    start = time.monotonic()
    page.goto(server)
    settle(page)
    page.get_by_role("heading", name=PAGE_TITLES["Overzicht"]).wait_for()
    timings["cold: Overzicht"] = time.monotonic() - start
    assert page.locator("html").get_attribute("lang") == "nl"
    _shot(page, "01-overzicht")

    broken = []
    violations = {"Overzicht": axe_serious(page)}
    menu = [p.title for p in navigation.pages_for("internal", "editor")]
    for i, title in enumerate(menu[1:], start=2):
        timings[f"first visit: {title}"] = _switch(page, title)
        if page.locator('[data-testid="stException"]').count():
            broken.append(title)
        violations[title] = axe_serious(page)
        _shot(page, f"{i:02d}-{title.lower().replace(' ', '-').replace(chr(39), '')[:20]}")
    for title in menu:
        timings[f"warm: {title}"] = _switch(page, title)
    print("\naxe-core (serious/critical) per page: " + ", ".join(f"{t}: {len(v)}" for t, v in violations.items()))
    assert not {t: v for t, v in violations.items() if v}, violations

    # Import preview: upload, see the detected format and mapping; nothing is stored unconfirmed.
    before = default_data_store.count()
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Importeren").first.click()
    settle(page)
    page.locator('input[type="file"]').set_input_files(
        str(ROOT / "data/examples/raadpleging-fictief-voorbeeld.csv"))
    page.get_by_role("heading", name="Kolomindeling").wait_for()
    settle(page)
    page.get_by_text("bijdragen gevonden").first.wait_for()
    _shot(page, "import-preview")
    assert default_data_store.count() == before

    # The journey: all cumulatie contributions from both sessions, strong and weak points of
    # concept version 4, downloaded.
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Thema's").first.click()
    settle(page)
    page.get_by_label("1. Kies een thema").click()
    page.get_by_role("option", name=views_frame.theme_label("cumulatie")).click()
    settle(page)
    frame = views_frame.load(default_data_store)
    cumulatie = views_frame.in_theme(frame, "cumulatie")
    sessions = [s for s in cumulatie[views_frame.SESSION].unique() if s.startswith("Werksessie")]
    assert len(sessions) == 2
    body = page.locator('[data-testid="stMain"]')
    for name in sessions:
        assert name in body.inner_text()
    page.get_by_role("heading", name="Sterke punten").first.wait_for()
    page.get_by_role("heading", name="Zwakke punten").first.wait_for()
    _shot(page, "journey-cumulatie")

    with page.expect_download() as info:
        page.get_by_role("button", name="Download selectie als CSV").click()
    name, rows = _people_csv(info.value)
    assert re.fullmatch(r"thema-[a-z-]+-\d{4}-\d{2}-\d{2}\.csv", name)
    assert len(rows) == len(cumulatie)
    assert {r["Sessie"] for r in rows} >= set(sessions)
    november = [r for r in rows if r["Gaat over (conceptversie)"].startswith("NMP conceptversie 4")]
    assert {"Sterk punt", "Zwak punt"} <= {r["Soort bijdrage"] for r in november}
    label = views_frame.theme_label("cumulatie")
    assert all(label in r["Thema's"] for r in rows)
    assert {r["Fictief voorbeeld"] for r in rows} <= {"ja", "nee"}

    # Dossier of §6.2.2: the four parts side by side, and its download in Dutch.
    timings["dossier"] = _switch(page, "Dossier per sectie")
    page.get_by_role("combobox", name="Sectie").click()
    page.get_by_role("option", name="§6.2.2 Stapeling van effecten").click()
    settle(page)
    for head in ["1. Inbreng vooraf", "2. Raadpleging", "3. Reacties op NMP conceptversie 4", "4. Besluiten"]:
        page.get_by_role("heading", name=head).first.wait_for()
    _shot(page, "dossier-6.2.2")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download dossier als CSV").click()
    name, rows = _people_csv(info.value)
    assert re.fullmatch(r"dossier-nmp-conceptversie-4-6-2-2-stapeling-van-effecten-\d{4}-\d{2}-\d{2}\.csv", name)
    assert {r["Deel van het dossier"] for r in rows} >= {"Inbreng gekoppeld", "Reactie op NMP conceptversie 4"}

    # Tracker download: labels, not ids; and the report as a Word file.
    _switch(page, "Tracker")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download tracker als CSV").click()
    name, rows = _people_csv(info.value)
    assert re.fullmatch(r"tracker-nmp-conceptversie-4-\d{4}-\d{2}-\d{2}\.csv", name)
    assert {r["Conceptversie"] for r in rows} == {"NMP conceptversie 4"}
    assert {r["Openbaar gemaakt"] for r in rows} <= {"ja", "nee"}
    assert not {r["Hoofdthema"] for r in rows} & {"cumulatie", "onzeker", "normering"}
    page.get_by_text("Verslag voor deelnemers").first.click()
    settle(page)
    _shot(page, "tracker-verslag")
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("button", name="Download verslag (openbaar, Word)").click()
    doc = docx.Document(info.value.path())
    assert doc.paragraphs[0].text.startswith("Nota van antwoord")
    assert doc.core_properties.language == "nl-NL"

    print("\nBrowser timings (s): " + ", ".join(f"{k} {v:.2f}" for k, v in timings.items()))
    page.close()
    assert not broken, f"pages showing an error: {broken}"
