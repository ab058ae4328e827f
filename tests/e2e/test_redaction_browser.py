"""In a real browser, on a store holding the de-identification set (data/labelled/deidentify.csv):
the public address opens on "Wat is er met uw input gedaan?" and shows none of the set's
personal data (desktop and phone); the internal redaction check page shows the marked original
beside the public text and passes axe-core (WCAG 2.1 AA) without serious violations.
Screenshots go to test-artifacts/."""
from __future__ import annotations

import time

import pytest
from browser_support import needs_chromium, settle, streamlit_server
from deid_store import build, leaked
from test_public_browser import ACCEPTED, AXE, _axe

from analysis.access import deployment
from analysis.core.paths import ROOT

ARTIFACTS = ROOT / "test-artifacts"
pytestmark = [
    needs_chromium,
    pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run scripts/test.sh (npm install)"),
]


@pytest.fixture(scope="module")
def deid_store(tmp_path_factory):
    return build(tmp_path_factory.mktemp("deid-browser"))


@pytest.fixture(scope="module")
def public_url(deid_store, tmp_path_factory):
    env = {"NMP_MODE": "public", "DATABASE_URL": deid_store.url}
    with streamlit_server(env, deployment.streamlit_flags(),
                          tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def internal_url(deid_store, tmp_path_factory):
    env = {"NMP_MODE": "internal", "DATABASE_URL": deid_store.url}
    with streamlit_server(env, [], tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


@pytest.mark.parametrize("width, height, name", [(1280, 900, "desktop"), (390, 844, "telefoon")])
def test_public_address_opens_on_what_was_done_without_personal_data(browser, public_url,
                                                                     width, height, name):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    start = time.monotonic()
    page.goto(public_url, wait_until="domcontentloaded")  # the bare address, no page path
    page.wait_for_selector("h1:has-text('Wat is er met uw input gedaan?')", timeout=90_000)
    settle(page)
    opened = time.monotonic() - start
    assert leaked(page.inner_text("body")) == []
    page.get_by_role("textbox", name="Zoek op woorden uit uw inbreng").fill("groet")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=gevonden", timeout=60_000)
    settle(page)
    body = page.inner_text("body")
    assert "[naam]" in body and leaked(body) == []
    page.screenshot(path=str(ARTIFACTS / f"publiek-deidentify-{name}.png"), full_page=(name == "desktop"))
    print(f"{name}: opened in {opened:.1f} s")
    context.close()


def test_redaction_check_page(browser, internal_url):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{internal_url}/redactie", wait_until="domcontentloaded")
    page.wait_for_selector("h1:has-text('Afscherming controleren')", timeout=120_000)
    settle(page)
    body = page.inner_text("body")
    assert "Oorspronkelijke tekst, afschermingen gemarkeerd" in body and "⟦" in body
    page.screenshot(path=str(ARTIFACTS / "redactie-desktop.png"), full_page=True)
    serious = [v for v in _axe(page) if v["id"] not in ACCEPTED]
    assert serious == [], serious
    context.close()
