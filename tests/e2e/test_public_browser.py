"""The public view in a real browser: no personal data, Dutch page language, axe-core WCAG 2.1 AA.

Starts `streamlit run dashboard.py` with NMP_MODE=public and the flags of
.streamlit/config.public.toml on a store with planted personal data, then drives
Debian's chromium through Playwright. axe-core comes from node_modules (scripts/test.sh
installs it with `npm install --no-save`). Screenshots (desktop and phone) go to
test-artifacts/.
"""
from __future__ import annotations

import pytest
from browser_support import needs_chromium, settle, streamlit_server
from planted import FIND_WORD, build_planted_store, leaks

from analysis.access import deployment
from analysis.core.paths import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Serious or critical axe violations that remain, each explained in docs/DEPLOYMENT.md.
ACCEPTED: dict[str, str] = {}

pytestmark = [
    needs_chromium,
    pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run scripts/test.sh (npm install)"),
]


@pytest.fixture(scope="module")
def public_url(tmp_path_factory):
    store = build_planted_store(tmp_path_factory.mktemp("browser"))
    env = {"NMP_MODE": "public", "DATABASE_URL": store.url}
    with streamlit_server(env, deployment.streamlit_flags(),
                          tmp_path_factory.mktemp("log") / "streamlit.log") as url:
        yield url


def _settled(page) -> None:
    settle(page)
    page.wait_for_timeout(500)


def _open(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")  # the public address opens on this page
    _settled(page)
    page.wait_for_selector("h1:has-text('Wat is er met uw input gedaan?')", timeout=60_000)
    return page


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_public_page_desktop(browser, public_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page = _open(browser, public_url, 1280, 900)
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert leaks(page.inner_text("body")) == []

    # A participant finds their own answer with the keyboard: Tab to the search box, type, Enter.
    label = "Zoek op woorden uit uw inbreng"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.getAttribute('aria-label')") == label:
            break
    else:
        pytest.fail("the search box cannot be reached with the Tab key")
    page.keyboard.type(FIND_WORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("text=1 bijdrage gevonden", timeout=60_000)
    _settled(page)
    body = page.inner_text("body")
    assert "[e-mailadres]" in body and "[naam]" in body and "Verwerkt" in body
    assert leaks(body) == []
    page.screenshot(path=str(ARTIFACTS / "publiek-desktop.png"), full_page=True)

    serious = [v for v in _axe(page) if v["id"] not in ACCEPTED]
    assert serious == [], serious
    page.context.close()


def test_public_page_phone(browser, public_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page = _open(browser, public_url, 390, 844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    assert leaks(page.inner_text("body")) == []
    page.screenshot(path=str(ARTIFACTS / "publiek-telefoon.png"), full_page=False)
    serious = [v for v in _axe(page) if v["id"] not in ACCEPTED]
    assert serious == [], serious
    page.context.close()


def test_internal_pages_cannot_be_opened_by_url_in_public_mode(browser, public_url):
    """Pages live in app_pages/, not pages/: Streamlit would otherwise serve pages/<name>.py by URL
    without dashboard.py (its v1 multipage fallback), bypassing the mode/role gate."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{public_url}/importeren", wait_until="domcontentloaded")
    _settled(page)
    body = page.inner_text("body")
    context.close()
    assert "Bestanden importeren" not in body and leaks(body) == []
